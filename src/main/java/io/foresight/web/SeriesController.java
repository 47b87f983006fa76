package io.foresight.web;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.foresight.ForesightException;
import io.foresight.forecast.ForecastQuery;
import io.foresight.forecast.ForecastService;
import io.foresight.forecast.SeriesDrivers;
import io.foresight.forecast.SeriesForecast;
import io.foresight.forecast.SeriesList;
import io.foresight.forecast.StoredHistory;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;

/**
 * The series of a many-series model: list and search them, forecast one ({@code id} URL-encoded, {@code 7%2F3} for
 * {@code 7/3}). Forecasting several (JSON, or a long-format CSV with {@code Accept: text/csv}) is
 * {@code POST .../forecast} with {@code series} ({@link ModelController}).
 */
@RestController
@RequestMapping("/api/v1/models")
class SeriesController {

    private final ForecastService forecasts;

    SeriesController(ForecastService forecasts) {
        this.forecasts = forecasts;
    }

    @Operation(operationId = "listSeries", tags = "Series", summary = "List and search the series of a many-series model",
            description = "One page of the version's series (`version`, else `alias`, else `production`) whose id contains"
                    + " `query` (ignoring case): each one's chosen `method` and candidate, its held-back `mase` and the"
                    + " naive baselines' on the same windows, its length, last timestamp and recent values; a series"
                    + " without a model has its `failure` instead. `methods` counts the series each method won.")
    @Parameter(name = "name", in = ParameterIn.PATH, description = "Model name", example = "stores")
    @Parameter(name = "query", description = "Part of the ids to find (ignoring case); all series when absent", example = "7/")
    @Answers(description = "One page of the series", example = "seriesList",
            problems = {ApiProblem.BAD_REQUEST, ApiProblem.MODEL_NOT_FOUND})
    @GetMapping("/{name}/series")
    SeriesList series(@PathVariable String name, @RequestParam(required = false) String query,
            @RequestParam(required = false, defaultValue = "0") Integer page,
            @RequestParam(required = false, defaultValue = "50") Integer size,
            @RequestParam(required = false) Integer version, @RequestParam(required = false) String alias) {
        return forecasts.series(name, version, alias, query, page, size);
    }

    @Operation(operationId = "forecastSeries", tags = "Series", summary = "Forecast one series of a many-series model",
            description = "`horizon` steps after the series' last training timestamp. The id is URL-encoded: `7%2F3`"
                    + " for the series `7/3`. Try `GET /api/v1/models/stores/series/7%2F3/forecast?horizon=12`.")
    @Parameter(name = "name", in = ParameterIn.PATH, description = "Model name", example = "stores")
    @Parameter(name = "id", in = ParameterIn.PATH, description = "Series id, URL-encoded", example = "7%2F3")
    @Answers(description = "The series' forecast, one point per step with its intervals", example = "seriesForecast",
            problems = {ApiProblem.BAD_REQUEST, ApiProblem.MODEL_NOT_FOUND, ApiProblem.NOT_REPRESENTABLE})
    @GetMapping("/{name}/series/{id}/forecast")
    SeriesForecast forecastSeries(@PathVariable String name, @PathVariable String id,
            @RequestParam(required = false) Integer horizon, @RequestParam(required = false) Integer version,
            @RequestParam(required = false) String alias, @RequestParam(required = false) List<Double> levels,
            @RequestParam(required = false) List<Double> quantiles) {
        return forecasts.forecastSeries(new ForecastQuery(name, horizon, null, version, alias, levels, quantiles), id);
    }

    @Operation(operationId = "seriesDrivers", tags = "Series",
            summary = "What one series of a many-series model knows about the future",
            description = "For a model trained with `futureFeatures`: each one's values at the series' recent steps (the"
                    + " list's `recent`, ending at `end`) and the plan stored with the series' data for the steps after"
                    + " `end`, which a forecast reads unless the request sends `future` (after observations of the series,"
                    + " `end` is the latest and the plan what is left of it after it, as a forecast starts there); and"
                    + " `measured`, what AUTO"
                    + " measured of the known future (future features, calendar, holidays) for this series: its best"
                    + " candidate with and without it on the same held-back windows and whether its forecast reads it"
                    + " (the version's `drivers`, for one series; null without a known future). Empty `columns` for a"
                    + " model without future features. Try `GET /api/v1/models/regions/series/north/drivers`.")
    @Parameter(name = "name", in = ParameterIn.PATH, description = "Model name", example = "regions")
    @Parameter(name = "id", in = ParameterIn.PATH, description = "Series id, URL-encoded", example = "north")
    @Answers(description = "The series' future features: recent values and stored plan, and what they did for it",
            example = "seriesDrivers",
            problems = {ApiProblem.BAD_REQUEST, ApiProblem.MODEL_NOT_FOUND, ApiProblem.NOT_REPRESENTABLE})
    @GetMapping("/{name}/series/{id}/drivers")
    SeriesDrivers seriesDrivers(@PathVariable String name, @PathVariable String id,
            @RequestParam(required = false) Integer version, @RequestParam(required = false) String alias) {
        return forecasts.seriesDrivers(name, version, alias, id);
    }

    @Operation(operationId = "seriesHistory", tags = "Series",
            summary = "The values a forecast of one series from the stored data starts from",
            description = "As `GET /api/v1/models/{name}/history` for one series of a many-series model: the end of the"
                    + " series' training data, followed by the observations of the series posted since that continue it"
                    + " (`observed` of the last values), at most the latest 1000, oldest first. Try"
                    + " `GET /api/v1/models/stores/series/7%2F3/history`.")
    @Parameter(name = "name", in = ParameterIn.PATH, description = "Model name", example = "stores")
    @Parameter(name = "id", in = ParameterIn.PATH, description = "Series id, URL-encoded", example = "7%2F3")
    @Answers(description = "The values a forecast of the series from the stored data starts from",
            example = "seriesHistory",
            problems = {ApiProblem.BAD_REQUEST, ApiProblem.MODEL_NOT_FOUND, ApiProblem.NOT_REPRESENTABLE})
    @GetMapping("/{name}/series/{id}/history")
    StoredHistory seriesHistory(@PathVariable String name, @PathVariable String id,
            @RequestParam(required = false) Integer version, @RequestParam(required = false) String alias) {
        return forecasts.seriesHistory(name, version, alias, id);
    }

    @Operation(operationId = "forecastSeriesFromHistory", tags = "Series",
            summary = "Forecast one series of a many-series model from given history",
            description = "As `POST /api/v1/models/{name}/forecast` for a single-series model: `history` holds the"
                    + " series' recent observations (`[{timestamp, <column>: value}]`, at least its window); without it"
                    + " the forecast starts from the end of the series' training data. A model with future features reads"
                    + " `future` (`[{timestamp, <column>: value}]`) over the plan stored with the series' data.")
    @Parameter(name = "name", in = ParameterIn.PATH, description = "Model name", example = "stores")
    @Parameter(name = "id", in = ParameterIn.PATH, description = "Series id, URL-encoded", example = "7%2F3")
    @Answers(description = "The series' forecast, one point per step with its intervals", example = "seriesForecast",
            problems = {ApiProblem.BAD_REQUEST, ApiProblem.MODEL_NOT_FOUND, ApiProblem.NOT_REPRESENTABLE})
    @PostMapping(path = "/{name}/series/{id}/forecast", consumes = MediaType.APPLICATION_JSON_VALUE)
    SeriesForecast forecastSeriesFromHistory(@PathVariable String name, @PathVariable String id,
            @RequestBody ModelController.ForecastRequest request) {
        if (request.series() != null) {
            throw ForesightException.badInput("'series' does not belong in a request for one series; its id"
                    + " is in the URL.");
        }
        return forecasts.forecastSeries(new ForecastQuery(name, request.horizon(), ModelController.history(request.history()),
                request.version(), request.alias(), request.levels(), request.quantiles(),
                ModelController.rows("future", request.future())), id);
    }
}
