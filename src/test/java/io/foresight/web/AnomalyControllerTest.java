package io.foresight.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import io.foresight.anomaly.AnomalyService;
import io.foresight.observation.ObservationService;

/**
 * {@link AnomalyController}: the {@code anomalies:detect} path (a {@code :} in a segment) reaches the service with the
 * points, level and series as sent, the listing passes its parameters, errors are problems; and a detection is a
 * read for the API key, like a forecast.
 */
@WebMvcTest(AnomalyController.class)
@Import({ApiExceptionHandler.class, AnomalyControllerTest.Properties.class})
class AnomalyControllerTest {

    @EnableConfigurationProperties(ForesightProperties.class)
    static class Properties {
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    AnomalyService anomalies;

    @Test
    @SuppressWarnings("unchecked")
    void detectReachesTheServiceWithPointsLevelAndSeries() throws Exception {
        when(anomalies.detect(eq("stores"), eq("7/3"), anyList(), eq(95.0))).thenReturn(new AnomalyService.Detection(
                "stores", 2, "7/3", 95.0, List.of(new AnomalyService.Point("1961-01-01", 417, false, 0.4, 410, 390, 430),
                        new AnomalyService.Point("1961-02-01", 900, true, 12.5, 420, 400, 440))));

        mvc.perform(post("/api/v1/models/stores/anomalies:detect").contentType(MediaType.APPLICATION_JSON)
                .content("{\"series\": \"7/3\", \"level\": 95, \"points\": [{\"timestamp\": \"1961-01-01\", \"value\":"
                        + " 417}, {\"timestamp\": \"1961-02-01\", \"value\": 900}]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(2))
                .andExpect(jsonPath("$.points[0].anomaly").value(false))
                .andExpect(jsonPath("$.points[1].anomaly").value(true))
                .andExpect(jsonPath("$.points[1].score").value(12.5))
                .andExpect(jsonPath("$.points[1].lower").value(400.0))
                .andExpect(jsonPath("$.points[1].upper").value(440.0));
        ArgumentCaptor<List<ObservationService.Point>> points = ArgumentCaptor.forClass(List.class);
        verify(anomalies).detect(eq("stores"), eq("7/3"), points.capture(), eq(95.0));
        assertThat(points.getValue()).containsExactly(new ObservationService.Point("1961-01-01", 417.0),
                new ObservationService.Point("1961-02-01", 900.0));
    }

    @Test
    void aBatchTheServiceRejectsIsA400AndAnUnknownModelA404() throws Exception {
        when(anomalies.detect(eq("air"), isNull(), anyList(), isNull())).thenThrow(ForesightException.badInput(
                "1 problem in the observations; nothing was stored: points[0]: timestamp 1961-03-01 leaves a gap."));
        mvc.perform(post("/api/v1/models/air/anomalies:detect").contentType(MediaType.APPLICATION_JSON)
                .content("{\"points\": [{\"timestamp\": \"1961-03-01\", \"value\": 1}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("leaves a gap")));

        when(anomalies.detect(eq("nothing"), any(), anyList(), any()))
                .thenThrow(ForesightException.notFound("Model 'nothing' not found."));
        mvc.perform(post("/api/v1/models/nothing/anomalies:detect").contentType(MediaType.APPLICATION_JSON)
                .content("{\"points\": [{\"timestamp\": \"1961-03-01\", \"value\": 1}]}"))
                .andExpect(status().isNotFound());
    }

    @Test
    void aBodyThatIsNotJsonOfPointsIsA400BeforeTheService() throws Exception {
        mvc.perform(post("/api/v1/models/air/anomalies:detect").contentType(MediaType.APPLICATION_JSON)
                .content("{\"points\": [{\"timestamp\": \"1961-01-01\", \"value\": \"many\"}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(post("/api/v1/models/air/anomalies:detect").contentType(MediaType.APPLICATION_JSON)
                .content("{\"level\": \"high\", \"points\": []}"))
                .andExpect(status().isBadRequest());
        verifyNoInteractions(anomalies);
    }

    @Test
    void theListingPassesSeriesAndPaging() throws Exception {
        when(anomalies.list("stores", "7/3", 1, 2)).thenReturn(new AnomalyService.AnomalyPage("stores", "7/3", 99,
                "1961-04-01", 1, 2, 3, List.of(new AnomalyService.Item("7/3", "1961-03-01", 900, 420, 400, 440, 99, 24, 1))));

        mvc.perform(get("/api/v1/models/stores/anomalies").param("series", "7/3").param("page", "1")
                .param("size", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(3))
                .andExpect(jsonPath("$.checkedThrough").value("1961-04-01"))
                .andExpect(jsonPath("$.anomalies[0].timestamp").value("1961-03-01"))
                .andExpect(jsonPath("$.anomalies[0].expected").value(420.0))
                .andExpect(jsonPath("$.anomalies[0].score").value(24.0))
                .andExpect(jsonPath("$.anomalies[0].version").value(1));
    }

    @Test
    void aDetectionIsAReadForTheApiKeyAndTheListingToo() {
        assertThat(ApiKeyFilter.changesState("POST", "/api/v1/models/air/anomalies:detect")).isFalse();
        assertThat(ApiKeyFilter.changesState("GET", "/api/v1/models/air/anomalies")).isFalse();
        assertThat(ApiKeyFilter.changesState("POST", "/api/v1/models/air/observations")).isTrue();
        assertThat(ApiKeyFilter.changesState("DELETE", "/api/v1/models/air/anomalies:detect")).isTrue();
        assertThat(ApiKeyFilter.changesState("POST", "/api/v1/models/air/anomalies:detectx")).isTrue();
    }
}
