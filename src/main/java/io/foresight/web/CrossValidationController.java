package io.foresight.web;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.foresight.forecast.CrossValidation;
import io.foresight.forecast.CrossValidationService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;

/** Rolling-origin cross-validation of a trained version ({@link CrossValidationService}). */
@RestController
@RequestMapping("/api/v1/models")
class CrossValidationController {

    /**
     * Body of {@code POST .../cross-validation}: {@code windows} cutoffs {@code step} apart (default: the horizon), each
     * forecasting {@code horizon} steps (default: the version's).
     */
    record CrossValidationRequest(Integer windows, Integer step, Integer horizon, Boolean refit, Integer version,
            String alias, List<Double> levels, String series) {
    }

    private final CrossValidationService crossValidation;

    CrossValidationController(CrossValidationService crossValidation) {
        this.crossValidation = crossValidation;
    }

    @Operation(operationId = "crossValidate", tags = "Models", summary = "Cross-validate a version over rolling origins",
            description = "The rolling-origin backtest of the `backtest` tool on a trained version (`version`, else `alias`,"
                    + " else `production`): the last `windows` cutoffs of the data it was trained on, `step` points apart"
                    + " (default: the horizon), the last window ending at the end of the data; from each cutoff the"
                    + " version's trained model forecasts `horizon` steps (default: the version's) from the data before"
                    + " it, as a forecast with `history` would. Each window answers its `cutoff` (the last timestamp the"
                    + " forecast starts from), its points `{timestamp, actual, value, lower, upper}` and `mase` (on the"
                    + " version's seasonal period, as validation scores it, scaled by the data before the cutoff),"
                    + " `smape`, `mae`, `rmse` and `coverage` per level (`levels`, default [80, 95]); `summary` is the"
                    + " mean of the windows' scores. A score is null where a window has no actual value. The model saw"
                    + " these points when it was trained (except its held-back part), so this shows how it forecasts"
                    + " from each cutoff rather than a fresh model's accuracy. `refit: true` (retraining per cutoff) is"
                    + " not offered yet: 400. A many-series model needs `series` (one id). The dataset the version was"
                    + " trained on must still be stored (422 otherwise).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = CrossValidationRequest.class),
                    examples = @ExampleObject(value = ApiExamples.CROSS_VALIDATION_REQUEST))))
    @Answers(description = "Each window's forecast next to the actual values, its scores, and their mean",
            example = "crossValidation",
            problems = {ApiProblem.BAD_REQUEST, ApiProblem.MODEL_NOT_FOUND, ApiProblem.TRAINING_DATA_GONE,
                    ApiProblem.NOT_REPRESENTABLE})
    @PostMapping(path = "/{name}/cross-validation", consumes = MediaType.APPLICATION_JSON_VALUE)
    CrossValidation crossValidate(@PathVariable String name, @RequestBody CrossValidationRequest request) {
        return crossValidation.crossValidate(new CrossValidationService.Request(name, request.windows(), request.step(),
                request.horizon(), request.refit(), request.version(), request.alias(), request.levels(),
                request.series()));
    }
}
