package io.foresight.web;

import static io.foresight.web.ControllerFixtures.version;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import io.foresight.registry.ModelRegistry;

@WebMvcTest(BacktestController.class)
@Import({ApiExceptionHandler.class, BacktestControllerTest.Properties.class})
class BacktestControllerTest {

    @EnableConfigurationProperties(ForesightProperties.class)
    static class Properties {
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ModelRegistry registry;

    @Test
    void backtestIsTheHeldBackSeriesWithTheScoresOfTheMethodAndTheBaselines() throws Exception {
        when(registry.version("air", 2)).thenReturn(version(2, true));

        mvc.perform(get("/api/v1/models/air/versions/2/backtest"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.model").value("air"))
                .andExpect(jsonPath("$.version").value(2))
                .andExpect(jsonPath("$.method").value("LSTM"))
                .andExpect(jsonPath("$.horizon").value(2))
                .andExpect(jsonPath("$.timestamps[1]").value("1960-12-01"))
                .andExpect(jsonPath("$.actual[0]").value(390.0))
                .andExpect(jsonPath("$.predicted[1]").value(425.0))
                .andExpect(jsonPath("$.lower['80'][1]").value(400.0))
                .andExpect(jsonPath("$.upper['95'][0]").value(430.0))
                .andExpect(jsonPath("$.accuracy.mase").value(0.71))
                .andExpect(jsonPath("$.naive.mase").value(1.0))
                .andExpect(jsonPath("$.seasonalNaive.rmse").value(20.0))
                .andExpect(jsonPath("$.beatsNaive").value(true))
                .andExpect(jsonPath("$.beatsSeasonalNaive").value(true));
        verify(registry).version("air", 2);
    }

    @Test
    void versionWithoutAHeldBackSeriesIs404SayingWhy() throws Exception {
        when(registry.version("air", 1)).thenReturn(version(1, false));

        mvc.perform(get("/api/v1/models/air/versions/1/backtest"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Not found"))
                .andExpect(jsonPath("$.detail").value("Version 1 of model 'air' has no recorded backtest series (it"
                        + " was trained before versions kept one); train a new version to see it."));
    }

    @Test
    void unknownVersionIsTheRegistrysProblem() throws Exception {
        doThrow(ForesightException.notFound("Model 'air' has no version 9")).when(registry).version("air", 9);

        mvc.perform(get("/api/v1/models/air/versions/9/backtest"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("Model 'air' has no version 9"));
    }

    @Test
    void versionMustBeAWholeNumberAndTheEndpointTakesNoQuery() throws Exception {
        for (String bad : List.of("0x2", "+2", "2e0", "1.5")) {
            mvc.perform(get("/api/v1/models/air/versions/" + bad + "/backtest"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.title").value("Invalid parameter"))
                    .andExpect(jsonPath("$.detail").value(containsString("'version' must be a whole number")));
        }
        mvc.perform(get("/api/v1/models/air/versions/2/backtest?levels=80"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("this endpoint takes no query parameters")));
        verify(registry, never()).version(anyString(), anyInt());
    }
}
