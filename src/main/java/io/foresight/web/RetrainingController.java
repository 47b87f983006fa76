package io.foresight.web;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.foresight.ForesightException;
import io.foresight.retraining.RetrainingService;
import io.foresight.training.TrainingRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;

/** A model's retraining policy: on a cron schedule and/or when its production version starts drifting. */
@RestController
class RetrainingController {

    static final String POLICY_REQUEST = """
            {"cron": "0 0 3 * * *", "onDrift": true, "spec": {"epochs": 40}}""";

    /** Body of {@code PUT .../retraining}. */
    record PolicyRequest(String cron, Boolean onDrift, TrainingRequest spec) {
    }

    private final RetrainingService retraining;

    RetrainingController(RetrainingService retraining) {
        this.retraining = retraining;
    }

    @Operation(operationId = "setRetraining", tags = "Models", summary = "Set a model's retraining policy",
            description = "`cron` (six fields, second first, UTC; e.g. `0 0 3 * * *`: every day at 03:00) and/or"
                    + " `onDrift: true` (when the production version starts drifting). Each run submits a training job"
                    + " (its `trigger` is `schedule` or `drift`) on the production version's dataset followed by the"
                    + " model's stored observations, with the production version's target, features, horizon and"
                    + " architecture, warm-started from it when it has networks; `spec` overrides training settings"
                    + " (not `datasetId`, `target`, `features`, `warmStartFrom`). The new version is promoted by the"
                    + " `auto-promote` rule. A cron time missed while the service was down runs once at start-up;"
                    + " a model whose previous retraining job is still queued or running is not retrained again. A run"
                    + " whose job the service's stop interrupted (a shutdown or a crash; the job is FAILED saying so)"
                    + " is submitted again once after the restart, with the same request and trigger, its job marked"
                    + " `rerunOf` the interrupted one (also `lastRun.rerunOf`).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = PolicyRequest.class),
                    examples = @ExampleObject(value = POLICY_REQUEST))))
    @Answers(description = "The policy with its next and last run", example = "retrainingPolicy",
            problems = {ApiProblem.BAD_REQUEST, ApiProblem.MODEL_NOT_FOUND})
    @PutMapping(path = "/api/v1/models/{name}/retraining", consumes = MediaType.APPLICATION_JSON_VALUE)
    RetrainingService.View put(@PathVariable String name, @RequestBody PolicyRequest request) {
        if (request == null) {
            throw ForesightException.badInput("Send {\"cron\": \"0 0 3 * * *\"} and/or {\"onDrift\": true}.");
        }
        return retraining.put(name, request.cron(), request.onDrift(), request.spec());
    }

    @Operation(operationId = "getRetraining", tags = "Models", summary = "A model's retraining policy",
            description = "The policy, when its cron runs next (`nextRun`) and its last run (`lastRun`: when, the"
                    + " trigger, the job submitted, or why none was).")
    @Answers(description = "The policy with its next and last run", example = "retrainingPolicy",
            problems = {ApiProblem.BAD_REQUEST, ApiProblem.MODEL_NOT_FOUND})
    @GetMapping("/api/v1/models/{name}/retraining")
    RetrainingService.View get(@PathVariable String name) {
        return retraining.get(name);
    }

    @Operation(operationId = "listRetraining", tags = "Models", summary = "Every model's retraining policy",
            description = "The policies of all models, by model name, each with its next and last run (as GET"
                    + " /models/{name}/retraining answers it); an empty list when none is set.")
    @Answers(description = "Every policy", example = "retrainingPolicy", list = true)
    @GetMapping("/api/v1/retraining-policies")
    List<RetrainingService.View> list() {
        return retraining.list();
    }

    @Operation(operationId = "deleteRetraining", tags = "Models", summary = "Remove a model's retraining policy")
    @Answers(status = "204", description = "Removed", problems = {ApiProblem.BAD_REQUEST, ApiProblem.MODEL_NOT_FOUND})
    @DeleteMapping("/api/v1/models/{name}/retraining")
    ResponseEntity<Void> delete(@PathVariable String name) {
        retraining.delete(name);
        return ResponseEntity.noContent().build();
    }
}
