package io.foresight.web;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.foresight.ForesightException;
import io.foresight.dataset.DatasetInfo;
import io.foresight.dataset.DatasetService;
import io.foresight.forecast.Forecast;
import io.foresight.forecast.ForecastQuery;
import io.foresight.forecast.ForecastService;
import io.foresight.registry.ModelRegistry;
import io.foresight.registry.ModelSummary;
import io.foresight.registry.ModelVersion;
import io.foresight.training.TrainingJobView;
import io.foresight.training.TrainingRequest;
import io.foresight.training.TrainingService;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api/v1/models")
class ModelController {

    /** Body of {@code PUT .../aliases/{alias}}. */
    record AliasRequest(Integer version) {
    }

    /** Body of {@code POST .../forecast}; history rows are {@code {timestamp, <column>: value}}. */
    record ForecastRequest(Integer horizon, List<Map<String, Object>> history, Integer version, String alias,
            List<Double> levels) {
    }

    private final TrainingService training;
    private final DatasetService datasets;
    private final ModelRegistry registry;
    private final ForecastService forecasts;
    private final JsonMapper json;

    ModelController(TrainingService training, DatasetService datasets, ModelRegistry registry,
            ForecastService forecasts, JsonMapper json) {
        this.training = training;
        this.datasets = datasets;
        this.registry = registry;
        this.forecasts = forecasts;
        this.json = json;
    }

    @PostMapping(path = "/{name}/training-jobs", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TrainingJobView> train(@PathVariable String name, @RequestBody TrainingRequest request) {
        return accepted(training.submit(name, request));
    }

    /** Upload and train in one call: part {@code file} is stored as a dataset, part {@code spec} is the request. */
    @PostMapping(path = "/{name}/training-jobs", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<TrainingJobView> uploadAndTrain(@PathVariable String name,
            @RequestPart(name = "file", required = false) MultipartFile file,
            @RequestPart(name = "spec", required = false) String spec,
            @RequestParam(name = "name", required = false) String datasetName) throws IOException {
        if (file == null || file.isEmpty()) {
            throw ForesightException.badInput("Part 'file' is missing or empty: attach the CSV to train on.");
        }
        if (spec == null || spec.isBlank()) {
            throw ForesightException.badInput("Part 'spec' is missing: send the training settings as JSON, "
                    + "e.g. {\"target\": \"value\", \"horizon\": 12}.");
        }
        TrainingRequest request;
        try {
            request = json.readValue(spec, TrainingRequest.class);
        } catch (JacksonException e) {
            throw ForesightException.badInput("Part 'spec' is not valid training JSON: " + e.getOriginalMessage());
        }
        registry.checkName("model name", name);
        DatasetInfo dataset = datasets.create(datasetName, file.getOriginalFilename(), file.getBytes());
        try {
            return accepted(training.submit(name, request.withDatasetId(dataset.id())));
        } catch (ForesightException e) {
            datasets.delete(dataset.id());
            throw e;
        }
    }

    @GetMapping
    List<ModelSummary> list() {
        return registry.list();
    }

    @GetMapping("/{name}")
    ModelSummary get(@PathVariable String name) {
        return registry.summary(name).orElseThrow(() -> ForesightException.notFound(
                "There is no model '" + name + "'; GET /api/v1/models lists them."));
    }

    @GetMapping("/{name}/versions/{version}")
    ModelVersion version(@PathVariable String name, @PathVariable int version) {
        return registry.version(name, version);
    }

    @DeleteMapping("/{name}/versions/{version}")
    ResponseEntity<Void> deleteVersion(@PathVariable String name, @PathVariable int version) {
        registry.deleteVersion(name, version);
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/{name}/aliases/{alias}")
    ModelSummary alias(@PathVariable String name, @PathVariable String alias, @RequestBody AliasRequest request) {
        if (request == null || request.version() == null) {
            throw ForesightException.badInput("Send {\"version\": N} with the version the alias should point to.");
        }
        return registry.setAlias(name, alias, request.version());
    }

    @PostMapping("/{name}/forecast")
    Forecast forecast(@PathVariable String name, @RequestBody ForecastRequest request) {
        return forecasts.forecast(new ForecastQuery(name, request.horizon(), history(request.history()),
                request.version(), request.alias(), request.levels()));
    }

    @GetMapping("/{name}/forecast")
    Forecast forecastFromTrainingData(@PathVariable String name, @RequestParam(required = false) Integer horizon,
            @RequestParam(required = false) Integer version, @RequestParam(required = false) String alias,
            @RequestParam(required = false) List<Double> levels) {
        return forecasts.forecast(new ForecastQuery(name, horizon, null, version, alias, levels));
    }

    private static List<ForecastQuery.Observation> history(List<Map<String, Object>> rows) {
        if (rows == null) {
            return null;
        }
        List<ForecastQuery.Observation> history = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            if (row == null) {
                throw ForesightException.badInput("history[" + i + "] is null; send {\"timestamp\": ..., \"<column>\": value}.");
            }
            Object timestamp = row.get("timestamp");
            if (!(timestamp instanceof String)) {
                throw ForesightException.badInput("history[" + i + "].timestamp must be a string like \"1961-01-01\".");
            }
            Map<String, Double> values = new LinkedHashMap<>();
            for (Map.Entry<String, Object> cell : row.entrySet()) {
                if (cell.getKey().equals("timestamp")) {
                    continue;
                }
                Object value = cell.getValue();
                if (value != null && !(value instanceof Number)) {
                    throw ForesightException.badInput("history[" + i + "]." + cell.getKey() + " must be a number or null; got \""
                            + value + "\".");
                }
                values.put(cell.getKey(), value == null ? null : ((Number) value).doubleValue());
            }
            history.add(new ForecastQuery.Observation((String) timestamp, values));
        }
        return history;
    }

    private static ResponseEntity<TrainingJobView> accepted(TrainingJobView job) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/v1/training-jobs/" + job.id())).body(job);
    }
}
