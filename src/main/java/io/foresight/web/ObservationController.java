package io.foresight.web;

import java.io.IOException;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.foresight.ForesightException;
import io.foresight.observation.Ingested;
import io.foresight.observation.ObservationPage;
import io.foresight.observation.ObservationService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;

/**
 * Actual values of a model's target that arrive after its training data: stored, listed, and (ForecastService) what
 * a forecast from the end of the data starts after.
 */
@RestController
@RequestMapping("/api/v1/models")
class ObservationController {

    private static final String ADD_DESCRIPTION = "Appends actual values of the model's target after its training data,"
            + " checked against the production version: each series continues its last known timestamp (the end of"
            + " its training data, or its last stored observation) one step at a time at the model's frequency,"
            + " without gaps, each timestamp once, every value a finite number. A duplicate, out-of-order,"
            + " off-grid or already-known timestamp, a missing or non-finite value or an unknown series is a 400 that"
            + " names them, and nothing of the request is stored (also across the series of one CSV). `replace: true`"
            + " lets the first point fall on any step after the training data up to the next one: the stored"
            + " observations from there on are rewritten (the training data never is). Either JSON"
            + " `{points: [{timestamp, value}], series?, replace?}` (`series` required for a many-series model,"
            + " not allowed otherwise) or multipart with part `file`, a CSV in the model's dataset format: one"
            + " timestamp column, the target column, the columns the model reads and, for a many-series model, its id"
            + " columns (one CSV may carry"
            + " many series). A forecast from the end of the data (`GET .../forecast`, `GET .../series/{id}/forecast`,"
            + " `POST .../forecast` with `series`) then starts after the latest observation, without retraining."
            + " A model that reads feature columns or future features takes their values with every point, by name"
            + " (`{timestamp, value, promo: 1}`; a CSV carries them as columns); a missing or non-numeric one, or a"
            + " column the model does not read (calendar and holiday inputs are computed, never sent), is a 400 naming"
            + " the column and the timestamps.";

    /** Body of {@code POST .../observations}. */
    record ObservationRequest(List<ObservationService.Point> points, String series, Boolean replace) {
    }

    private final ObservationService observations;

    ObservationController(ObservationService observations) {
        this.observations = observations;
    }

    @Operation(operationId = "addObservations", tags = "Observations", summary = "Store new observations of a model's target",
            description = ADD_DESCRIPTION,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ObservationRequest.class),
                    examples = @ExampleObject(value = ApiExamples.OBSERVATIONS_REQUEST))))
    @Answers(description = "What was stored", example = "observationsAdded",
            problems = {ApiProblem.BAD_REQUEST, ApiProblem.MODEL_NOT_FOUND})
    @PostMapping(path = "/{name}/observations", consumes = MediaType.APPLICATION_JSON_VALUE)
    Ingested add(@PathVariable String name, @RequestBody ObservationRequest request) {
        if (request == null) {
            throw ForesightException.badInput("Send {\"points\": [{\"timestamp\": ..., \"value\": ...}]}.");
        }
        return observations.add(name, request.series(), request.points(), Boolean.TRUE.equals(request.replace()));
    }

    @Operation(operationId = "addObservations", tags = "Observations", summary = "Store new observations of a model's target",
            description = ADD_DESCRIPTION,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ObservationRequest.class),
                            examples = @ExampleObject(value = ApiExamples.OBSERVATIONS_REQUEST)),
                    @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schemaProperties = {
                            @SchemaProperty(name = "file", schema = @Schema(type = "string", format = "binary",
                                    description = "A CSV in the model's dataset format: timestamp, target and (many"
                                            + " series) id columns"))})}))
    @Parameter(name = "replace", description = "Multipart only: `true` to rewrite stored observations from the first"
            + " timestamp of each series on", example = "false")
    @Answers(description = "What was stored", example = "observationsAdded",
            problems = {ApiProblem.BAD_REQUEST, ApiProblem.MODEL_NOT_FOUND, ApiProblem.TOO_LARGE})
    @PostMapping(path = "/{name}/observations", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Ingested addCsv(@PathVariable String name, @RequestPart(name = "file", required = false) MultipartFile file,
            @RequestParam(name = "replace", required = false) Boolean replace) throws IOException {
        if (file == null || file.isEmpty()) {
            throw ForesightException.badInput("Part 'file' is missing or empty: attach the CSV of new observations.");
        }
        return observations.addCsv(name, file.getBytes(), Boolean.TRUE.equals(replace));
    }

    @Operation(operationId = "listObservations", tags = "Observations", summary = "List a series' stored observations",
            description = "One page of the observations stored after training, oldest first; `series` names the series"
                    + " of a many-series model (required there, not allowed otherwise).")
    @Parameter(name = "series", description = "The series' id (many-series models only)", example = "7/3")
    @Parameter(name = "size", description = "Observations per page, 1 to 1000 (default 100)", example = "100")
    @Answers(description = "One page of observations", example = "observationPage",
            problems = {ApiProblem.BAD_REQUEST, ApiProblem.MODEL_NOT_FOUND})
    @GetMapping("/{name}/observations")
    ObservationPage list(@PathVariable String name, @RequestParam(required = false) String series,
            @RequestParam(required = false, defaultValue = "0") Integer page,
            @RequestParam(required = false, defaultValue = "100") Integer size) {
        return observations.list(name, series, page, size);
    }
}
