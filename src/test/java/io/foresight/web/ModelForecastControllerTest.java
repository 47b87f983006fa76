package io.foresight.web;

import static io.foresight.web.ControllerFixtures.forecast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
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
import io.foresight.dataset.DatasetService;
import io.foresight.forecast.ForecastQuery;
import io.foresight.forecast.ForecastService;
import io.foresight.forecast.SeriesDrivers;
import io.foresight.forecast.StoredHistory;
import io.foresight.registry.ModelRegistry;
import io.foresight.training.TrainingService;

/**
 * The forecasts of {@link ModelController}: POST with or without history, GET from the training data, the
 * controller's conversion of history rows, and {@link RequestParameterRules} on the GET's query (the interceptor is
 * registered by {@link WebConfiguration}, which the slice picks up as a {@code WebMvcConfigurer}).
 */
@WebMvcTest(ModelController.class)
@Import({ApiExceptionHandler.class, ModelForecastControllerTest.Properties.class})
class ModelForecastControllerTest {

    @EnableConfigurationProperties(ForesightProperties.class)
    static class Properties {
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ForecastService forecasts;
    @MockitoBean
    TrainingService training;
    @MockitoBean
    DatasetService datasets;
    @MockitoBean
    ModelRegistry registry;

    private ForecastQuery asked() {
        ArgumentCaptor<ForecastQuery> query = ArgumentCaptor.forClass(ForecastQuery.class);
        verify(forecasts).forecast(query.capture());
        return query.getValue();
    }

    private static Map<String, Double> values(String column, Double value, String other, Double otherValue) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put(column, value);
        values.put(other, otherValue);
        return values;
    }

    @Test
    void postWithHistoryPassesTheRowsAsObservationsAndAnswersTheForecast() throws Exception {
        when(forecasts.forecast(any())).thenReturn(forecast());

        mvc.perform(post("/api/v1/models/air/forecast").contentType(MediaType.APPLICATION_JSON).content("""
                        {"horizon": 2, "version": 2, "levels": [80, 95], "history": [
                          {"timestamp": "1960-11-01", "value": 390, "promo": 0.5},
                          {"timestamp": "1960-12-01", "value": 432.25, "promo": null}]}"""))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.model").value("air"))
                .andExpect(jsonPath("$.version").value(2))
                .andExpect(jsonPath("$.method").value("THETA"))
                .andExpect(jsonPath("$.points.length()").value(2))
                .andExpect(jsonPath("$.points[0].timestamp").value("1961-01-01"))
                .andExpect(jsonPath("$.points[0].value").value(442.5))
                .andExpect(jsonPath("$.points[0].lower['95']").value(408.25))
                .andExpect(jsonPath("$.points[1].upper['80']").value(458.5));
        assertThat(asked()).isEqualTo(new ForecastQuery("air", 2, List.of(
                new ForecastQuery.Observation("1960-11-01", values("value", 390.0, "promo", 0.5)),
                new ForecastQuery.Observation("1960-12-01", values("value", 432.25, "promo", null))),
                2, null, List.of(80.0, 95.0)));
    }

    @Test
    void postWithoutHistoryForecastsFromTheTrainingData() throws Exception {
        when(forecasts.forecast(any())).thenReturn(forecast());

        mvc.perform(post("/api/v1/models/air/forecast").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"horizon\": 2, \"alias\": \"staging\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.horizon").value(2));
        assertThat(asked()).isEqualTo(new ForecastQuery("air", 2, null, null, "staging", null));
    }

    @Test
    void historyRowsThatCannotBeObservationsAreRefused() throws Exception {
        Map<String, String> cases = Map.of(
                "[{\"timestamp\": \"1960-11-01\", \"value\": 1}, null]", "history[1] is null",
                "[{\"value\": 1}]", "history[0].timestamp must be a string like \"1961-01-01\"",
                "[{\"timestamp\": 19601101, \"value\": 1}]", "history[0].timestamp must be a string",
                "[{\"timestamp\": \"1960-11-01\", \"value\": \"390\"}]",
                "history[0].value must be a number or null; got \"390\"",
                "[{\"timestamp\": \"1960-11-01\", \"value\": true}]", "history[0].value must be a number or null",
                "[{\"timestamp\": \"1960-11-01\", \"value\": [1, 2]}]", "history[0].value must be a number or null");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            mvc.perform(post("/api/v1/models/air/forecast").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"horizon\": 2, \"history\": " + c.getKey() + "}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.title").value("Invalid request"))
                    .andExpect(jsonPath("$.detail").value(containsString(c.getValue())));
        }
        verifyNoInteractions(forecasts);
    }

    @Test
    void postBodyIsReadStrictly() throws Exception {
        for (String body : List.of("{\"horizon\": \"2\"}", "{\"horizon\": 2.5}", "{\"horizons\": 2}",
                "{\"horizon\": 2, \"horizon\": 3}", "{\"horizon\": 2, \"levels\": [\"80\"]}")) {
            mvc.perform(post("/api/v1/models/air/forecast").contentType(MediaType.APPLICATION_JSON).content(body))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.title").value("Unreadable request body"));
        }
        verifyNoInteractions(forecasts);
    }

    @Test
    void getForecastsFromTheTrainingDataWithTheQueryValues() throws Exception {
        when(forecasts.forecast(any())).thenReturn(forecast());

        mvc.perform(get("/api/v1/models/air/forecast?horizon=12&version=2&levels=80&levels=95"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.points[0].upper['95']").value(476.75));
        mvc.perform(get("/api/v1/models/air/forecast?horizon=12&alias=staging&levels=50,99.5"))
                .andExpect(status().isOk());
        ArgumentCaptor<ForecastQuery> query = ArgumentCaptor.forClass(ForecastQuery.class);
        verify(forecasts, times(2)).forecast(query.capture());
        assertThat(query.getAllValues()).containsExactly(
                new ForecastQuery("air", 12, null, 2, null, List.of(80.0, 95.0)),
                new ForecastQuery("air", 12, null, null, "staging", List.of(50.0, 99.5)));
    }

    @Test
    void getWithoutParametersLeavesTheDefaultsToTheService() throws Exception {
        when(forecasts.forecast(any())).thenReturn(forecast());

        mvc.perform(get("/api/v1/models/air/forecast")).andExpect(status().isOk());
        assertThat(asked()).isEqualTo(new ForecastQuery("air", null, null, null, null, null));
    }

    @Test
    void getQueryValuesAreCheckedByTheRequestParameterRulesBeforeTheService() throws Exception {
        Map<String, String> cases = Map.of(
                "horizon=0x10", "'horizon' must be a whole number",
                "horizon=12.0", "'horizon' must be a whole number",
                "horizon=2147483648", "at most 2147483647",
                "horizon=12&horizon=3", "'horizon' is given more than once (2 times)",
                "horizon=12&alias=", "'alias' is empty",
                "horizon=12&levels=80,", "'levels' is empty",
                "horizon=12&levels=eighty", "'levels' must be a number",
                "horizon=12&verison=2", "The query parameter 'verison' is not known here");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            mvc.perform(get("/api/v1/models/air/forecast?" + c.getKey()))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.status").value(400))
                    .andExpect(jsonPath("$.title").value("Invalid parameter"))
                    .andExpect(jsonPath("$.detail").value(containsString(c.getValue())));
        }
        verify(forecasts, never()).forecast(any());
    }

    @Test
    void postTakesNoQueryParameters() throws Exception {
        mvc.perform(post("/api/v1/models/air/forecast?horizon=2").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"horizon\": 2}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("this endpoint takes no query parameters")));
        verifyNoInteractions(forecasts);
    }

    @Test
    void serviceRefusalsBecomeTheirProblems() throws Exception {
        when(forecasts.forecast(any()))
                .thenThrow(ForesightException.notFound("There is no model 'gone'"))
                .thenThrow(new ForesightException(ForesightException.Kind.UNPROCESSABLE, "Not representable",
                        "the forecast of step 3 is Infinity"));

        mvc.perform(get("/api/v1/models/gone/forecast?horizon=2"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("There is no model 'gone'"));
        mvc.perform(get("/api/v1/models/air/forecast?horizon=2"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.title").value("Not representable"))
                .andExpect(jsonPath("$.detail").value(containsString("step 3")));
    }

    @Test
    void driversPassTheVersionAndAliasAndAnswerTheRecord() throws Exception {
        when(forecasts.drivers("sales", 2, null)).thenReturn(new SeriesDrivers("sales", 2, null, List.of("price"),
                "2024-06-30", new double[][] {{4.99, 4.49}}, new double[][] {{4.49, 4.99, 4.99}}, null));
        when(forecasts.drivers("sales", null, "live")).thenThrow(ForesightException.notFound("There is no alias 'live'"));

        mvc.perform(get("/api/v1/models/sales/drivers?version=2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.series").doesNotExist())
                .andExpect(jsonPath("$.end").value("2024-06-30"))
                .andExpect(jsonPath("$.recent[0][1]").value(4.49))
                .andExpect(jsonPath("$.plan[0].length()").value(3));
        mvc.perform(get("/api/v1/models/sales/drivers?alias=live"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("There is no alias 'live'"));
        mvc.perform(get("/api/v1/models/sales/drivers?version=two"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void historyPassesTheVersionAndAliasAndAnswersTheRecord() throws Exception {
        when(forecasts.history("air", null, "production")).thenReturn(new StoredHistory("air", 2, null,
                List.of("1960-11-01", "1960-12-01"), new double[] {390, 432}, 0));
        when(forecasts.history("gone", 1, null)).thenThrow(ForesightException.notFound("There is no model 'gone'"));

        mvc.perform(get("/api/v1/models/air/history?alias=production"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(2))
                .andExpect(jsonPath("$.timestamps[0]").value("1960-11-01"))
                .andExpect(jsonPath("$.values[1]").value(432.0))
                .andExpect(jsonPath("$.observed").value(0));
        mvc.perform(get("/api/v1/models/gone/history?version=1"))
                .andExpect(status().isNotFound());
    }
}
