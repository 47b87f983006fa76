package io.foresight.web;

import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import io.foresight.forecast.ForecastService;
import io.foresight.forecast.StoredHistory;

/** The history endpoint of {@link SeriesController}: the id, version and alias passed on, the service's refusals. */
@WebMvcTest(SeriesController.class)
@Import({ApiExceptionHandler.class, SeriesControllerTest.Properties.class})
class SeriesControllerTest {

    @EnableConfigurationProperties(ForesightProperties.class)
    static class Properties {
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ForecastService forecasts;

    @Test
    void historyPassesTheIdVersionAndAliasAndAnswersTheRecord() throws Exception {
        when(forecasts.seriesHistory("regions", 3, null, "north")).thenReturn(new StoredHistory("regions", 3, "north",
                List.of("2000-08-30", "2000-08-31"), new double[] {12.5, 13.0}, 1));
        when(forecasts.seriesHistory("regions", null, "live", "west"))
                .thenThrow(ForesightException.notFound("Model 'regions' version 3 has no series 'west'."));

        mvc.perform(get("/api/v1/models/regions/series/north/history?version=3"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.series").value("north"))
                .andExpect(jsonPath("$.timestamps[1]").value("2000-08-31"))
                .andExpect(jsonPath("$.values[1]").value(13.0))
                .andExpect(jsonPath("$.observed").value(1));
        mvc.perform(get("/api/v1/models/regions/series/west/history?alias=live"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("Model 'regions' version 3 has no series 'west'."));
        mvc.perform(get("/api/v1/models/regions/series/north/history?version=x"))
                .andExpect(status().isBadRequest());
    }
}
