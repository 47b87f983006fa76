package io.foresight.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import io.foresight.observation.Ingested;
import io.foresight.observation.ObservationPage;
import io.foresight.observation.ObservationService;

/** {@link ObservationController}: JSON and CSV posts reach the service as sent, listings, and its errors as problems. */
@WebMvcTest(ObservationController.class)
@Import({ApiExceptionHandler.class, ObservationControllerTest.Properties.class})
class ObservationControllerTest {

    @EnableConfigurationProperties(ForesightProperties.class)
    static class Properties {
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ObservationService observations;

    @Test
    @SuppressWarnings("unchecked")
    void jsonPointsReachTheServiceWithTheirSeriesAndReplace() throws Exception {
        when(observations.add(eq("stores"), eq("7/3"), anyList(), eq(true)))
                .thenReturn(new Ingested("stores", 2, 2, 1, true));

        mvc.perform(post("/api/v1/models/stores/observations").contentType(MediaType.APPLICATION_JSON)
                .content("{\"series\": \"7/3\", \"replace\": true, \"points\": [{\"timestamp\": \"1961-01-01\","
                        + " \"value\": 417}, {\"timestamp\": \"1961-02-01\", \"value\": null}]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.model").value("stores"))
                .andExpect(jsonPath("$.version").value(2))
                .andExpect(jsonPath("$.points").value(2))
                .andExpect(jsonPath("$.replace").value(true));
        ArgumentCaptor<List<ObservationService.Point>> points = ArgumentCaptor.forClass(List.class);
        verify(observations).add(eq("stores"), eq("7/3"), points.capture(), eq(true));
        assertThat(points.getValue()).containsExactly(new ObservationService.Point("1961-01-01", 417.0),
                new ObservationService.Point("1961-02-01", null));
    }

    @Test
    void aCsvPartReachesTheServiceAsItsBytes() throws Exception {
        byte[] csv = "store,item,timestamp,sales\n7,3,1961-01-01,5\n".getBytes(StandardCharsets.UTF_8);
        when(observations.addCsv("stores", csv, false)).thenReturn(new Ingested("stores", 1, 1, 1, false));

        mvc.perform(multipart("/api/v1/models/stores/observations").file(new MockMultipartFile("file", "new.csv",
                "text/csv", csv)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.series").value(1));
        verify(observations).addCsv("stores", csv, false);
    }

    @Test
    void aMultipartWithoutTheFileIsABadRequest() throws Exception {
        mvc.perform(multipart("/api/v1/models/stores/observations").param("replace", "true"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("Part 'file' is missing")));
        verifyNoInteractions(observations);
    }

    @Test
    void aRejectedBatchIsA400WithTheServicesDetail() throws Exception {
        when(observations.add(any(), any(), anyList(), anyBoolean())).thenThrow(ForesightException.badInput(
                "1 problem in the observations; nothing was stored: points[1]: timestamp 1961-01-01 is a duplicate."));

        mvc.perform(post("/api/v1/models/air/observations").contentType(MediaType.APPLICATION_JSON)
                .content("{\"points\": [{\"timestamp\": \"1961-01-01\", \"value\": 1}, {\"timestamp\": \"1961-01-01\","
                        + " \"value\": 2}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("is a duplicate")));
    }

    @Test
    void aValueThatIsNotANumberIsA400BeforeTheService() throws Exception {
        mvc.perform(post("/api/v1/models/air/observations").contentType(MediaType.APPLICATION_JSON)
                .content("{\"points\": [{\"timestamp\": \"1961-01-01\", \"value\": \"many\"}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(observations);
    }

    @Test
    void theListingPassesSeriesAndPaging() throws Exception {
        when(observations.list("stores", "7/3", 1, 2)).thenReturn(new ObservationPage("stores", "7/3", 1, 2, 3,
                List.of(new ObservationPage.Point("1961-03-01", 9.0))));

        mvc.perform(get("/api/v1/models/stores/observations").param("series", "7/3").param("page", "1")
                .param("size", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(3))
                .andExpect(jsonPath("$.points[0].timestamp").value("1961-03-01"))
                .andExpect(jsonPath("$.points[0].value").value(9.0));
    }
}
