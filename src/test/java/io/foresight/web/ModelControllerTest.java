package io.foresight.web;

import static io.foresight.web.ControllerFixtures.DATASET_ID;
import static io.foresight.web.ControllerFixtures.JOB_ID;
import static io.foresight.web.ControllerFixtures.job;
import static io.foresight.web.ControllerFixtures.request;
import static io.foresight.web.ControllerFixtures.summary;
import static io.foresight.web.ControllerFixtures.version;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.mock.web.MockPart;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import io.foresight.dataset.ColumnInfo;
import io.foresight.dataset.DatasetInfo;
import io.foresight.dataset.DatasetService;
import io.foresight.forecast.ForecastService;
import io.foresight.registry.ModelRegistry;
import io.foresight.training.JobStatus;
import io.foresight.training.TrainingService;

/**
 * Training, models, versions and aliases of {@link ModelController} (its forecasts: ModelForecastControllerTest).
 * {@link WebConfiguration} is a {@code WebMvcConfigurer}, so the slice picks it up without an import: the strict
 * {@link WebConfiguration.RequestJson} (bodies and the {@code spec} part) and {@link RequestParameterRules} (the
 * version in the path) are checked below.
 */
@WebMvcTest(ModelController.class)
@Import({ApiExceptionHandler.class, ModelControllerTest.Properties.class})
class ModelControllerTest {

    @EnableConfigurationProperties(ForesightProperties.class)
    static class Properties {
    }

    private static final byte[] CSV = "timestamp,value\n1949-01-01,112\n1949-02-01,118\n"
            .getBytes(StandardCharsets.UTF_8);
    private static final String SPEC = "{\"target\": \"value\", \"horizon\": 12, \"architecture\": \"AUTO\", \"seed\": 42}";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    TrainingService training;
    @MockitoBean
    DatasetService datasets;
    @MockitoBean
    ModelRegistry registry;
    @MockitoBean
    ForecastService forecasts;

    private static DatasetInfo dataset(String id) {
        return new DatasetInfo(id, "air-data", 2, List.of(new ColumnInfo("timestamp", "TIMESTAMP"),
                new ColumnInfo("value", "NUMBER")), "timestamp", "P1M", "1949-01-01", "1949-02-01", 0, 0,
                "ab".repeat(32), ControllerFixtures.CREATED);
    }

    /**
     * TrainingService is a SmartLifecycle: the context's start asks its mock isAutoStartup(), so "no interactions"
     * would depend on which test runs first; the refusals check the calls that matter.
     */
    private void nothingStoredNorSubmitted() {
        verify(datasets, never()).create(any(), any(), any());
        verify(training, never()).submit(any(), any());
    }

    @Test
    void trainingByJsonAnswers202WithTheJobAndItsLocation() throws Exception {
        when(training.submit(eq("air"), any())).thenReturn(job(JOB_ID, JobStatus.QUEUED, null, null));

        mvc.perform(post("/api/v1/models/air/training-jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": \"" + DATASET_ID + "\", " + SPEC.substring(1)))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/api/v1/training-jobs/" + JOB_ID))
                .andExpect(jsonPath("$.id").value(JOB_ID))
                .andExpect(jsonPath("$.status").value("QUEUED"))
                .andExpect(jsonPath("$.model").value("air"))
                .andExpect(jsonPath("$.request.horizon").value(12));
        verify(training).submit("air", request(DATASET_ID));
        verify(datasets, never()).create(any(), any(), any());
    }

    @Test
    void trainingBodyIsReadStrictlyAsRequestJsonDoes() throws Exception {
        mvc.perform(post("/api/v1/models/air/training-jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": \"" + DATASET_ID + "\", \"target\": \"value\", \"horizon\": \"12\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Unreadable request body"))
                .andExpect(jsonPath("$.detail").value(containsString("horizon")));
        verify(training, never()).submit(any(), any());
    }

    @Test
    void uploadAndTrainStoresTheCsvThenSubmitsTheSpecWithItsDatasetId() throws Exception {
        when(datasets.create(eq("air-data"), eq("air.csv"), any())).thenReturn(dataset("ds-00000000000f"));
        when(training.submit(eq("air"), any())).thenReturn(job(JOB_ID, JobStatus.QUEUED, null, null));

        mvc.perform(multipart("/api/v1/models/air/training-jobs")
                        .file(new MockMultipartFile("file", "air.csv", "text/csv", CSV))
                        .part(new MockPart("spec", SPEC.getBytes(StandardCharsets.UTF_8)))
                        .param("name", "air-data"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/api/v1/training-jobs/" + JOB_ID))
                .andExpect(jsonPath("$.status").value("QUEUED"));
        verify(registry).checkName("model name", "air");
        verify(datasets).create("air-data", "air.csv", CSV);
        verify(training).submit("air", request("ds-00000000000f"));
        verify(datasets, never()).delete(anyString());
    }

    @Test
    void uploadWithoutFileOrWithAnEmptyOneIsRefusedBeforeAnythingIsStored() throws Exception {
        mvc.perform(multipart("/api/v1/models/air/training-jobs")
                        .part(new MockPart("spec", SPEC.getBytes(StandardCharsets.UTF_8))))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("Part 'file' is missing or empty")));
        mvc.perform(multipart("/api/v1/models/air/training-jobs")
                        .file(new MockMultipartFile("file", "air.csv", "text/csv", new byte[0]))
                        .part(new MockPart("spec", SPEC.getBytes(StandardCharsets.UTF_8))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("Part 'file'")));
        nothingStoredNorSubmitted();
    }

    @Test
    void uploadWithoutSpecOrWithABlankOneIsRefused() throws Exception {
        mvc.perform(multipart("/api/v1/models/air/training-jobs")
                        .file(new MockMultipartFile("file", "air.csv", "text/csv", CSV)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.detail").value(containsString("Part 'spec' is missing")));
        mvc.perform(multipart("/api/v1/models/air/training-jobs")
                        .file(new MockMultipartFile("file", "air.csv", "text/csv", CSV))
                        .part(new MockPart("spec", "  ".getBytes(StandardCharsets.UTF_8))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("Part 'spec' is missing")));
        nothingStoredNorSubmitted();
    }

    @Test
    void specThatIsNotJsonOrNotStrictJsonIsRefusedNamingThePart() throws Exception {
        for (String spec : List.of("target=value&horizon=12", "{\"target\": \"value\", \"horizon\": \"12\"}",
                "{\"target\": \"value\", \"horizon\": 12, \"epoch\": 3}")) {
            mvc.perform(multipart("/api/v1/models/air/training-jobs")
                            .file(new MockMultipartFile("file", "air.csv", "text/csv", CSV))
                            .part(new MockPart("spec", spec.getBytes(StandardCharsets.UTF_8))))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.detail").value(containsString("Part 'spec' (the training settings as JSON)")));
        }
        nothingStoredNorSubmitted();
    }

    @Test
    void uploadUnderABadModelNameStoresNothing() throws Exception {
        doThrow(ForesightException.badInput("The model name '../x' is not allowed"))
                .when(registry).checkName("model name", "bad..name");

        mvc.perform(multipart("/api/v1/models/bad..name/training-jobs")
                        .file(new MockMultipartFile("file", "air.csv", "text/csv", CSV))
                        .part(new MockPart("spec", SPEC.getBytes(StandardCharsets.UTF_8))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("is not allowed")));
        nothingStoredNorSubmitted();
    }

    @Test
    void uploadWhoseJobIsRefusedRemovesTheDatasetItStored() throws Exception {
        when(datasets.create(any(), eq("air.csv"), any())).thenReturn(dataset("ds-00000000000f"));
        when(training.submit(eq("air"), any())).thenThrow(new ForesightException(ForesightException.Kind.BUSY,
                "Training queue full", "The training queue is full: 4 job(s) waiting"));

        mvc.perform(multipart("/api/v1/models/air/training-jobs")
                        .file(new MockMultipartFile("file", "air.csv", "text/csv", CSV))
                        .part(new MockPart("spec", SPEC.getBytes(StandardCharsets.UTF_8))))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "30"))
                .andExpect(jsonPath("$.title").value("Training queue full"));
        verify(datasets).delete("ds-00000000000f");
    }

    @Test
    void listAndGetModels() throws Exception {
        when(registry.list()).thenReturn(List.of(summary()));
        when(registry.summary("air")).thenReturn(Optional.of(summary()));
        when(registry.summary("nope")).thenReturn(Optional.empty());

        mvc.perform(get("/api/v1/models"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].name").value("air"))
                .andExpect(jsonPath("$[0].versions[1].method").value("LSTM"));
        mvc.perform(get("/api/v1/models/air"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.aliases.production").value(2))
                .andExpect(jsonPath("$.versions[0].validationMase").value(0.82))
                .andExpect(jsonPath("$.versions[1].parentVersion").value(1));
        mvc.perform(get("/api/v1/models/nope"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("There is no model 'nope'; GET /api/v1/models lists them."));
    }

    @Test
    void versionIsTheManifest() throws Exception {
        when(registry.version("air", 2)).thenReturn(version(2, true));

        mvc.perform(get("/api/v1/models/air/versions/2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(2))
                .andExpect(jsonPath("$.method").value("LSTM"))
                .andExpect(jsonPath("$.settings.window").value(24))
                .andExpect(jsonPath("$.data.sha256").value("ab".repeat(32)))
                .andExpect(jsonPath("$.candidates[0].chosen").value(true))
                .andExpect(jsonPath("$.tail.values[0][1]").value(432.0));
    }

    @Test
    void versionPathMustBeAWholeNumber() throws Exception {
        for (String bad : List.of("0x2", "2.0", "two", "99999999999")) {
            mvc.perform(get("/api/v1/models/air/versions/" + bad))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.title").value("Invalid parameter"))
                    .andExpect(jsonPath("$.detail").value(containsString("'version' must be a whole number")));
        }
        verify(registry, never()).version(anyString(), anyInt());
    }

    @Test
    void deleteVersionAnswers204AndAnAliasedOneIs409() throws Exception {
        doThrow(ForesightException.conflict("Version 2 of model 'air' is aliased as [production]"))
                .when(registry).deleteVersion("air", 2);

        mvc.perform(delete("/api/v1/models/air/versions/1")).andExpect(status().isNoContent())
                .andExpect(content().string(""));
        verify(registry).deleteVersion("air", 1);
        mvc.perform(delete("/api/v1/models/air/versions/2"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("Conflict"))
                .andExpect(jsonPath("$.detail").value(containsString("aliased as [production]")));
    }

    @Test
    void aliasPutPointsTheAliasAndAnswersTheModel() throws Exception {
        when(registry.setAlias("air", "production", 1)).thenReturn(summary());

        mvc.perform(put("/api/v1/models/air/aliases/production").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\": 1}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("air"))
                .andExpect(jsonPath("$.production").value(2));
        verify(registry).setAlias("air", "production", 1);
    }

    @Test
    void aliasPutWithoutAVersionIsRefused() throws Exception {
        mvc.perform(put("/api/v1/models/air/aliases/production").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("Send {\"version\": N}")));
        mvc.perform(put("/api/v1/models/air/aliases/production").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\": \"1\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("Unreadable request body"));
        mvc.perform(put("/api/v1/models/air/aliases/production").contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("missing or empty")));
        verify(registry, never()).setAlias(anyString(), anyString(), anyInt());
    }
}
