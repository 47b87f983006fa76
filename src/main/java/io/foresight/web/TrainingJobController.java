package io.foresight.web;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.foresight.training.TrainingJobView;
import io.foresight.training.TrainingService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@Tag(name = "Training jobs")
@RestController
@RequestMapping("/api/v1/training-jobs")
class TrainingJobController {

    private static final long STREAM_TIMEOUT_MS = 6 * 60 * 60 * 1000L;

    private final TrainingService training;

    TrainingJobController(TrainingService training) {
        this.training = training;
    }

    @Operation(operationId = "listJobs", summary = "List the training jobs")
    @Answers(description = "Every known job, with its status and progress", example = "jobSucceeded", list = true)
    @GetMapping
    List<TrainingJobView> list() {
        return training.list();
    }

    @Operation(operationId = "getJob", summary = "One training job: status, progress, resulting version",
            description = "`status` is QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED; `progress` has the epoch and the"
                    + " training and validation loss of the candidate being fitted; `version` is set when it succeeded"
                    + " and `error` when it failed. `trigger` says what submitted it (`manual`, `schedule`, `drift`);"
                    + " `rerunOf` names the job a retraining policy's run submitted first, when the service's stop"
                    + " interrupted that one.")
    @Answers(description = "The job", example = "jobSucceeded", problems = ApiProblem.JOB_NOT_FOUND)
    @GetMapping("/{id}")
    TrainingJobView get(@PathVariable String id) {
        return training.get(id);
    }

    @Operation(operationId = "cancelJob", summary = "Cancel a queued or running job",
            description = "A queued job ends as CANCELLED at once; a running one stops after its current mini-batch and"
                    + " ends as CANCELLED shortly after (follow it with GET or the events). With several replicas, a job"
                    + " that another replica runs gets the request within seconds (the answer still shows it QUEUED or"
                    + " RUNNING). No version is registered.")
    @Answers(description = "The job as it is once cancelling was asked for", example = "jobQueued",
            problems = {ApiProblem.JOB_NOT_FOUND, ApiProblem.JOB_ENDED})
    @DeleteMapping("/{id}")
    TrainingJobView cancel(@PathVariable String id) {
        return training.cancel(id);
    }

    /** Server-sent events: {@code progress} events with the job, then one {@code end} event when it ends. */
    @Operation(operationId = "followJob", summary = "Follow a job live (server-sent events)",
            description = "A `text/event-stream`: first the job as it is, then a `progress` event after every epoch, and"
                    + " one `end` event when the job has ended (SUCCEEDED, FAILED or CANCELLED); then the stream closes."
                    + " Each event's data is the job JSON, as from `GET /api/v1/training-jobs/{id}`.")
    @Answers(description = "The event stream", example = "jobEvents", problems = ApiProblem.JOB_NOT_FOUND)
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable String id) {
        TrainingJobView current = training.get(id);
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MS);
        AtomicReference<AutoCloseable> subscription = new AtomicReference<>();
        Runnable close = () -> {
            AutoCloseable handle = subscription.get();
            if (handle != null) {
                try {
                    handle.close();
                } catch (Exception ignored) {
                    // nothing to release
                }
            }
        };
        emitter.onCompletion(close);
        emitter.onTimeout(close);
        emitter.onError(e -> close.run());
        if (send(emitter, current)) {
            return emitter;
        }
        subscription.set(training.subscribe(id, view -> {
            if (send(emitter, view)) {
                close.run();
            }
        }, emitter::complete));
        // the job may have ended between the first read and the subscription
        TrainingJobView latest = training.get(id);
        if (latest.status().finished()) {
            send(emitter, latest);
        }
        return emitter;
    }

    /** Sends one event; returns true (and completes the stream) once the job has ended. */
    private static boolean send(SseEmitter emitter, TrainingJobView view) {
        boolean finished = view.status().finished();
        try {
            emitter.send(SseEmitter.event().name(finished ? "end" : "progress").data(view, MediaType.APPLICATION_JSON));
            if (finished) {
                emitter.complete();
            }
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
            return true;
        }
        return finished;
    }
}
