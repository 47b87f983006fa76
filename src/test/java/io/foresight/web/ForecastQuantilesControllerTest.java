package io.foresight.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
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

import io.foresight.ForesightProperties;
import io.foresight.dataset.DatasetService;
import io.foresight.forecast.BatchForecast;
import io.foresight.forecast.Forecast;
import io.foresight.forecast.ForecastQuery;
import io.foresight.forecast.ForecastService;
import io.foresight.registry.ModelRegistry;
import io.foresight.training.TrainingService;

/** Quantiles on forecasts through {@link ModelController}: GET and POST pass them on, JSON and CSV carry them. */
@WebMvcTest(ModelController.class)
@Import({ApiExceptionHandler.class, ForecastQuantilesControllerTest.Properties.class})
class ForecastQuantilesControllerTest {

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

    private static Forecast withQuantiles() {
        Map<String, Double> quantiles = new LinkedHashMap<>();
        quantiles.put("0.1", 420.0);
        quantiles.put("0.5", 442.5);
        quantiles.put("0.9", 465.0);
        Map<String, Double> lower = new LinkedHashMap<>();
        lower.put("80", 420.0);
        Map<String, Double> upper = new LinkedHashMap<>();
        upper.put("80", 465.0);
        return new Forecast("air", 2, "THETA", 1, List.of(new Forecast.Point("1961-01-01", 442.5, lower, upper, quantiles)));
    }

    @Test
    void getPassesTheQuantilesAndAnswersThemPerPoint() throws Exception {
        when(forecasts.forecast(any())).thenReturn(withQuantiles());
        mvc.perform(get("/api/v1/models/air/forecast?horizon=1&levels=80&quantiles=0.1,0.5,0.9"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.points[0].quantiles['0.1']").value(420.0))
                .andExpect(jsonPath("$.points[0].quantiles['0.9']").value(465.0));
        ArgumentCaptor<ForecastQuery> query = ArgumentCaptor.forClass(ForecastQuery.class);
        verify(forecasts).forecast(query.capture());
        assertThat(query.getValue().quantiles()).containsExactly(0.1, 0.5, 0.9);
    }

    @Test
    void postPassesTheQuantilesOfTheBodyToBatches() throws Exception {
        when(forecasts.forecastBatch(any(), any())).thenReturn(new BatchForecast("air", 2, 1, List.of(), List.of()));
        mvc.perform(post("/api/v1/models/air/forecast").contentType(MediaType.APPLICATION_JSON)
                .content("{\"horizon\": 1, \"series\": [\"*\"], \"quantiles\": [0.25, 0.75]}"))
                .andExpect(status().isOk());
        ArgumentCaptor<ForecastQuery> query = ArgumentCaptor.forClass(ForecastQuery.class);
        verify(forecasts).forecastBatch(query.capture(), any());
        assertThat(query.getValue().quantiles()).containsExactly(0.25, 0.75);
    }

    @Test
    void aForecastWithoutQuantilesHasNoQuantilesField() throws Exception {
        when(forecasts.forecast(any())).thenReturn(ControllerFixtures.forecast());
        mvc.perform(get("/api/v1/models/air/forecast?horizon=2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.points[0].lower['80']").value(420.0))
                .andExpect(jsonPath("$.points[0].quantiles").doesNotExist());
    }

    @Test
    void theCsvAnswerHasAColumnPerQuantile() throws Exception {
        when(forecasts.forecast(any())).thenReturn(withQuantiles());
        mvc.perform(post("/api/v1/models/air/forecast").contentType(MediaType.APPLICATION_JSON).accept("text/csv")
                .content("{\"horizon\": 1, \"levels\": [80], \"quantiles\": [0.1, 0.5, 0.9]}"))
                .andExpect(status().isOk())
                .andExpect(content().string("series,timestamp,value,lower_80,upper_80,q_0.1,q_0.5,q_0.9\n"
                        + ",1961-01-01,442.5,420.0,465.0,420.0,442.5,465.0\n"));
    }

    @Test
    void aQuantileThatIsNotANumberIsRefusedBeforeTheService() throws Exception {
        mvc.perform(get("/api/v1/models/air/forecast?horizon=1&quantiles=0.1,abc"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
