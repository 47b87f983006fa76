package io.foresight.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.foresight.ForesightProperties;
import io.foresight.dataset.DatasetService;
import io.foresight.observation.ObservationStore;
import io.foresight.registry.ModelRegistry;
import io.foresight.registry.ModelSummary;
import io.foresight.retraining.RetrainingService;
import io.foresight.training.TrainingService;

/**
 * {@link RetrainingController} with the real {@link RetrainingService} on a temporary data directory: a policy is
 * stored, read back and removed; a bad cron, a policy without cron or onDrift, a spec naming the data and an unknown
 * model are problems naming what to fix.
 */
@WebMvcTest(RetrainingController.class)
@Import({ApiExceptionHandler.class, RetrainingService.class, RetrainingControllerTest.Properties.class})
class RetrainingControllerTest {

    static final Path DATA_DIR = createDataDir();

    @EnableConfigurationProperties(ForesightProperties.class)
    static class Properties {
    }

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ModelRegistry registry;
    @MockitoBean
    DatasetService datasets;
    @MockitoBean
    ObservationStore observations;
    @MockitoBean
    TrainingService training;

    @BeforeEach
    void models() {
        when(registry.summary("air")).thenReturn(Optional.of(new ModelSummary("air", List.of(), Map.of("production", 1),
                1, 1, List.of())));
        when(registry.summary("nope")).thenReturn(Optional.empty());
    }

    @Test
    void aPolicyIsStoredReadBackAndRemoved() throws Exception {
        mvc.perform(put("/api/v1/models/air/retraining").contentType(MediaType.APPLICATION_JSON)
                .content("{\"cron\": \"0 0 3 * * *\", \"onDrift\": true, \"spec\": {\"epochs\": 40}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.model").value("air"))
                .andExpect(jsonPath("$.cron").value("0 0 3 * * *"))
                .andExpect(jsonPath("$.onDrift").value(true))
                .andExpect(jsonPath("$.spec.epochs").value(40))
                .andExpect(jsonPath("$.nextRun").value(containsString("T03:00:00Z")))
                .andExpect(jsonPath("$.lastRun").value(nullValue()));
        mvc.perform(get("/api/v1/models/air/retraining")).andExpect(status().isOk())
                .andExpect(jsonPath("$.cron").value("0 0 3 * * *"))
                .andExpect(jsonPath("$.onDrift").value(true));
        mvc.perform(delete("/api/v1/models/air/retraining")).andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/models/air/retraining")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value(containsString("no retraining policy")));
        mvc.perform(delete("/api/v1/models/air/retraining")).andExpect(status().isNotFound());
    }

    @Test
    void aBadCronIsA400NamingIt() throws Exception {
        mvc.perform(put("/api/v1/models/air/retraining").contentType(MediaType.APPLICATION_JSON)
                .content("{\"cron\": \"every night\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("'every night' is not a cron expression")));
        mvc.perform(put("/api/v1/models/air/retraining").contentType(MediaType.APPLICATION_JSON)
                .content("{\"cron\": \"0 0 25 * * *\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("'0 0 25 * * *'")));
    }

    @Test
    void aPolicyNeedsCronOrOnDrift() throws Exception {
        for (String body : List.of("{}", "{\"onDrift\": false}", "{\"cron\": \" \"}")) {
            mvc.perform(put("/api/v1/models/air/retraining").contentType(MediaType.APPLICATION_JSON).content(body))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.detail").value(containsString("needs 'cron'")));
        }
    }

    @Test
    void aSpecMayNotNameTheData() throws Exception {
        mvc.perform(put("/api/v1/models/air/retraining").contentType(MediaType.APPLICATION_JSON)
                .content("{\"onDrift\": true, \"spec\": {\"datasetId\": \"ds-0123456789ab\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("taken from the production version")));
    }

    @Test
    void anUnknownModelIsA404() throws Exception {
        mvc.perform(put("/api/v1/models/nope/retraining").contentType(MediaType.APPLICATION_JSON)
                .content("{\"onDrift\": true}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value(containsString("There is no model 'nope'")));
    }

    @Test
    void settingAndRemovingAPolicyNeedTheApiKeyReadingItDoesNot() {
        org.assertj.core.api.Assertions.assertThat(ApiKeyFilter.changesState("PUT", "/api/v1/models/air/retraining")).isTrue();
        org.assertj.core.api.Assertions.assertThat(ApiKeyFilter.changesState("DELETE", "/api/v1/models/air/retraining")).isTrue();
        org.assertj.core.api.Assertions.assertThat(ApiKeyFilter.changesState("GET", "/api/v1/models/air/retraining")).isFalse();
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("retraining-controller");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
