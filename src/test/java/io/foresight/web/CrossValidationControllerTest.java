package io.foresight.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
import io.foresight.forecast.CrossValidation;
import io.foresight.forecast.CrossValidationService;

/** {@link CrossValidationController}: the body's fields reach the service, the answer's shape, errors as problems. */
@WebMvcTest(CrossValidationController.class)
@Import({ApiExceptionHandler.class, CrossValidationControllerTest.Properties.class})
class CrossValidationControllerTest {

    @EnableConfigurationProperties(ForesightProperties.class)
    static class Properties {
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    CrossValidationService crossValidation;

    private static CrossValidation answer() {
        Map<String, Double> coverage = new LinkedHashMap<>();
        coverage.put("80", 0.5);
        coverage.put("95", 1.0);
        CrossValidation.Window window = new CrossValidation.Window("1960-10-01", List.of(
                new CrossValidation.Point("1960-11-01", 390.0, 401.5, Map.of("80", 380.0, "95", 370.0),
                        Map.of("80", 420.0, "95", 430.0)),
                new CrossValidation.Point("1960-12-01", null, 440.0, Map.of("80", 410.0, "95", 400.0),
                        Map.of("80", 470.0, "95", 480.0))),
                0.25, 2.9, 11.5, 11.5, coverage);
        return new CrossValidation("air", 2, "THETA", null, 2, 2, false, List.of(window),
                new CrossValidation.Scores(0.25, 2.9, 11.5, 11.5, coverage));
    }

    @Test
    void passesTheBodyToTheServiceAndAnswersTheWindows() throws Exception {
        when(crossValidation.crossValidate(any())).thenReturn(answer());
        mvc.perform(post("/api/v1/models/air/cross-validation").contentType(MediaType.APPLICATION_JSON).content("""
                {"windows": 3, "step": 2, "horizon": 4, "refit": false, "alias": "staging", "levels": [90],
                 "series": "7/3"}"""))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.model").value("air"))
                .andExpect(jsonPath("$.version").value(2))
                .andExpect(jsonPath("$.refit").value(false))
                .andExpect(jsonPath("$.windows[0].cutoff").value("1960-10-01"))
                .andExpect(jsonPath("$.windows[0].points[0].actual").value(390.0))
                .andExpect(jsonPath("$.windows[0].points[0].lower['80']").value(380.0))
                .andExpect(jsonPath("$.windows[0].points[1].actual").doesNotExist())
                .andExpect(jsonPath("$.windows[0].mase").value(0.25))
                .andExpect(jsonPath("$.windows[0].coverage['80']").value(0.5))
                .andExpect(jsonPath("$.summary.smape").value(2.9))
                .andExpect(jsonPath("$.summary.coverage['95']").value(1.0));
        ArgumentCaptor<CrossValidationService.Request> request = ArgumentCaptor.forClass(CrossValidationService.Request.class);
        verify(crossValidation).crossValidate(request.capture());
        assertThat(request.getValue()).isEqualTo(new CrossValidationService.Request("air", 3, 2, 4, false, null, "staging",
                List.of(90.0), "7/3"));
    }

    @Test
    void theServicesRefusalsAreProblemDetails() throws Exception {
        when(crossValidation.crossValidate(any())).thenThrow(ForesightException.badInput(
                "'refit': true (retraining at every cutoff) is not offered yet"));
        mvc.perform(post("/api/v1/models/air/cross-validation").contentType(MediaType.APPLICATION_JSON)
                .content("{\"windows\": 2, \"refit\": true}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("not offered yet")));
    }

    @Test
    void aDatasetNoLongerStoredIsA422() throws Exception {
        when(crossValidation.crossValidate(any())).thenThrow(new ForesightException(
                ForesightException.Kind.UNPROCESSABLE, "Training data not stored", "dataset d1 is no longer stored"));
        mvc.perform(post("/api/v1/models/air/cross-validation").contentType(MediaType.APPLICATION_JSON)
                .content("{\"windows\": 2}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.title").value("Training data not stored"));
    }

    @Test
    void unknownFieldsAndWrongTypesAreRefusedBeforeTheService() throws Exception {
        for (String body : List.of("{\"windows\": 2, \"nWindows\": 3}", "{\"windows\": \"3\"}", "{\"windows\": 2.5}",
                "[]", "")) {
            mvc.perform(post("/api/v1/models/air/cross-validation").contentType(MediaType.APPLICATION_JSON).content(body))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
        verifyNoInteractions(crossValidation);
    }
}
