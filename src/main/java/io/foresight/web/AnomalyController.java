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
import io.foresight.anomaly.AnomalyService;
import io.foresight.observation.ObservationService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;

/** Anomalies among new observations: those flagged when stored, and a check of points without storing them. */
@RestController
@RequestMapping("/api/v1/models")
class AnomalyController {

    private static final String SCORE = " `score` is the distance of the value from its one-step-ahead forecast"
            + " (`expected`) in units of the interval's half-width on the value's side: 0 at the forecast, 1 on a"
            + " bound, above 1 outside the interval.";

    /** Body of {@code POST .../anomalies:detect}. */
    record DetectRequest(List<ObservationService.Point> points, Double level, String series) {
    }

    private final AnomalyService anomalies;

    AnomalyController(AnomalyService anomalies) {
        this.anomalies = anomalies;
    }

    @Operation(operationId = "listAnomalies", tags = "Observations", summary = "List the anomalies among stored observations",
            description = "Stored observations outside the production version's interval at"
                    + " `foresight.monitoring.anomaly-level` percent (default 99) around their one-step-ahead forecast:"
                    + " the forecast made from everything before the observation (the version's training data, the"
                    + " earlier observations and the earlier points of the same request), as a forecast from the end"
                    + " of the data would have been made. Observations are checked in the background right after they are"
                    + " stored; `checkedThrough` is the timestamp of the last one checked (of a single-series model, or"
                    + " of the series asked for)." + SCORE + " Oldest first; `series` keeps one series of a"
                    + " many-series model (not allowed otherwise; an unknown one is a 404).")
    @Parameter(name = "series", description = "The series' id (many-series models only)", example = "7/3")
    @Parameter(name = "size", description = "Anomalies per page, 1 to 1000 (default 100)", example = "100")
    @Answers(description = "One page of anomalies", example = "anomalyPage",
            problems = {ApiProblem.BAD_REQUEST, ApiProblem.MODEL_NOT_FOUND})
    @GetMapping("/{name}/anomalies")
    AnomalyService.AnomalyPage list(@PathVariable String name, @RequestParam(required = false) String series,
            @RequestParam(required = false, defaultValue = "0") Integer page,
            @RequestParam(required = false, defaultValue = "100") Integer size) {
        return anomalies.list(name, series, page, size);
    }

    @Operation(operationId = "detectAnomalies", tags = "Observations", summary = "Check points for anomalies without storing them",
            description = "Checks a batch of points of one series as if they were stored as observations, and stores"
                    + " nothing: the points must follow the model's data (the end of its training data and its stored"
                    + " observations) one step at a time on its grid, as `POST .../observations` requires, or the"
                    + " request is a 400 that names them. Each point is checked against the interval at `level`"
                    + " percent (default `foresight.monitoring.anomaly-level`, 99) around its one-step-ahead forecast,"
                    + " made from everything before it including the earlier points of the batch; `anomaly` is true"
                    + " outside the interval." + SCORE + " `series` names the series of a many-series model (required"
                    + " there, not allowed otherwise; an unknown one is a 404). It changes nothing, so it needs the API"
                    + " key only when reads do (`foresight.api-key-for-reads`), like a forecast.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = DetectRequest.class),
                    examples = @ExampleObject(value = ApiExamples.DETECT_REQUEST))))
    @Answers(description = "Each point checked", example = "anomalyDetection",
            problems = {ApiProblem.BAD_REQUEST, ApiProblem.MODEL_NOT_FOUND, ApiProblem.NOT_REPRESENTABLE})
    @PostMapping(path = "/{name}/anomalies:detect", consumes = MediaType.APPLICATION_JSON_VALUE)
    AnomalyService.Detection detect(@PathVariable String name, @RequestBody DetectRequest request) {
        if (request == null) {
            throw ForesightException.badInput("Send {\"points\": [{\"timestamp\": ..., \"value\": ...}]}.");
        }
        return anomalies.detect(name, request.series(), request.points(), request.level());
    }
}
