package io.foresight.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.foresight.monitoring.LiveAccuracy;
import io.foresight.monitoring.ModelAccuracy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

/** How a model's served forecasts held against the observations that arrived since (the forecast ledger, scored). */
@RestController
@RequestMapping("/api/v1/models")
class AccuracyController {

    private final LiveAccuracy accuracy;

    AccuracyController(LiveAccuracy accuracy) {
        this.accuracy = accuracy;
    }

    @Operation(operationId = "getAccuracy", tags = "Observations", summary = "Live accuracy and drift of a model",
            description = "Every forecast answered from stored data (`GET .../forecast`, a series' forecast, a batch with"
                    + " `series`; not those sent `history`) is recorded once per version, series and origin; each step"
                    + " whose timestamp has an observation is scored. Per version (newest first): `mase` (mean absolute"
                    + " error divided by each series' validation MASE scale, so it reads on the scale of"
                    + " `validationMase`), `coverage` (share of actual values inside the recorded interval, per level),"
                    + " `bias` (mean forecast minus actual), `scoredPoints`; `recent` is the same over the last"
                    + " `driftRule.window` points, on which `drifting` is judged: live MASE above `maseFactor` x the"
                    + " validation MASE, or a level's coverage more than `coverageMargin` below the level"
                    + " (`driftReasons` says which). `series` narrows it to one series of a many-series model"
                    + " (compared with that series' validation MASE). `points` are the production version's newest"
                    + " scored points (at most 200, oldest first), for a forecast-vs-actual chart: one per timestamp,"
                    + " from the forecast with the latest origin before it (one step ahead when a forecast was asked"
                    + " every step; `step` says how many steps ahead it was), with the recorded `lower` and `upper`"
                    + " bounds per level; empty for all series of a many-series model together (name a `series`)."
                    + " Observations count as soon as they are stored; a forecast is recorded a moment after it is"
                    + " answered, off the request.")
    @Parameter(name = "series", description = "One series' id (many-series models only); all series when left out",
            example = "7/3")
    @Answers(description = "The live scores per version", example = "modelAccuracy",
            problems = {ApiProblem.BAD_REQUEST, ApiProblem.MODEL_NOT_FOUND})
    @GetMapping("/{name}/accuracy")
    ModelAccuracy accuracy(@PathVariable String name, @RequestParam(required = false) String series) {
        return accuracy.accuracy(name, series);
    }
}
