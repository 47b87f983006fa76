package io.foresight.web;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.foresight.ForesightException;
import io.foresight.dataset.DatasetInfo;
import io.foresight.dataset.DatasetService;
import io.foresight.forecast.BatchForecast;
import io.foresight.forecast.Forecast;
import io.foresight.forecast.ForecastQuery;
import io.foresight.forecast.ForecastService;
import io.foresight.forecast.SeriesDrivers;
import io.foresight.forecast.StoredHistory;
import io.foresight.registry.ModelRegistry;
import io.foresight.registry.ModelSummary;
import io.foresight.registry.ModelVersion;
import io.foresight.training.TrainingJobView;
import io.foresight.training.TrainingRequest;
import io.foresight.training.TrainingService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api/v1/models")
class ModelController {

    private static final String TRAIN_DESCRIPTION = "Starts a background job that trains on a dataset and, when it"
            + " succeeds, registers the next version of the model (promoted to `production` by the registry's policy)."
            + " Either JSON with the `datasetId` of an uploaded dataset, or multipart with part `file` (a CSV, stored as"
            + " a dataset first) and part `spec` (the same JSON without `datasetId`). Only `target` and `horizon` are"
            + " required; omitted settings are derived from the data. Known future inputs: `futureFeatures` (columns"
            + " whose future values are known: in the dataset after the last target value, or sent with a forecast),"
            + " `calendar` (cyclic dayOfWeek, hourOfDay, month, weekOfYear, dayOfYear, as suit the frequency) and"
            + " `holidays` (an ISO country code, e.g. \"GB\" or \"GB-SCT\", or another calendar of the Jollyday library"
            + " such as \"NYSE\" or \"TARGET\": public holidays and the days to and from them); the networks read them at the steps they predict. `architecture` AUTO (default) fits LSTM and"
            + " SimpleRNN candidates (each the mean of three networks with their own seeds), their ensemble and their"
            + " mean with Theta and damped-trend smoothing (COMBINED),"
            + " and never picks a network that naive, seasonal naive, Theta, damped-trend smoothing, an"
            + " autoregression, exponential smoothing chosen by AICc as R's ets (ETS) or (seasonal series) Holt-Winters"
            + " smoothing validates as well as; a series too short for network windows (fewer than"
            + " 2 x horizon + 9 points) gets the best of those statistical methods. LSTM, SIMPLE_RNN, GRU or BIDIRECTIONAL"
            + " (an LSTM reading the window each way) fits that one network. Follow the job with"
            + " `GET /api/v1/training-jobs/{id}` or its `/events` stream.";

    /** Body of {@code PUT .../aliases/{alias}}. */
    record AliasRequest(Integer version) {
    }

    /**
     * Body of {@code POST .../forecast}; history rows are {@code {timestamp, <column>: value}}; {@code series} names
     * the series of a many-series model to forecast ({@code ["*"]}: all); {@code quantiles} the probabilities whose
     * quantiles each point carries.
     */
    record ForecastRequest(Integer horizon, List<Map<String, Object>> history, Integer version, String alias,
            List<Double> levels, List<String> series, List<Double> quantiles, List<Map<String, Object>> future) {
    }

    private final TrainingService training;
    private final DatasetService datasets;
    private final ModelRegistry registry;
    private final ForecastService forecasts;
    private final JsonMapper json;

    ModelController(TrainingService training, DatasetService datasets, ModelRegistry registry,
            ForecastService forecasts, WebConfiguration.RequestJson json) {
        this.training = training;
        this.datasets = datasets;
        this.registry = registry;
        this.forecasts = forecasts;
        this.json = json.mapper();
    }

    @Operation(operationId = "train", tags = "Training jobs", summary = "Train a new version of a model",
            description = TRAIN_DESCRIPTION,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = TrainingRequest.class),
                    examples = @ExampleObject(value = ApiExamples.TRAINING_REQUEST))))
    @Answers(status = "202", description = "The job, queued; `Location` is its URL", example = "jobQueued",
            problems = {ApiProblem.BAD_REQUEST, ApiProblem.TOO_LARGE, ApiProblem.QUEUE_FULL})
    @PostMapping(path = "/{name}/training-jobs", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TrainingJobView> train(@PathVariable String name, @RequestBody TrainingRequest request) {
        return accepted(training.submit(name, request));
    }

    /** Upload and train in one call: part {@code file} is stored as a dataset, part {@code spec} is the request. */
    @Operation(operationId = "train", tags = "Training jobs", summary = "Train a new version of a model",
            description = TRAIN_DESCRIPTION,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = TrainingRequest.class),
                            examples = @ExampleObject(value = ApiExamples.TRAINING_REQUEST)),
                    @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schemaProperties = {
                            @SchemaProperty(name = "file", schema = @Schema(type = "string", format = "binary",
                                    description = "The CSV (stored as a dataset first)")),
                            @SchemaProperty(name = "spec", schema = @Schema(type = "string",
                                    description = "The training request as JSON, without `datasetId`",
                                    example = ApiExamples.TRAINING_SPEC))})}))
    @Parameter(name = "name", in = ParameterIn.QUERY, description = "Multipart only: a name for the dataset the"
            + " uploaded CSV is stored as", example = "air")
    @Parameter(name = "idColumns", in = ParameterIn.QUERY, description = "Multipart only: the id columns of a"
            + " long-format CSV of many series (one model then covers every series), as for `POST /api/v1/datasets`",
            example = "store,item")
    @Parameter(name = "seriesFromColumns", in = ParameterIn.QUERY, description = "Multipart only: `true` when each"
            + " numeric column of a wide CSV is its own series", example = "false")
    @Answers(status = "202", description = "The job, queued; `Location` is its URL", example = "jobQueued",
            problems = {ApiProblem.BAD_REQUEST, ApiProblem.TOO_LARGE, ApiProblem.QUEUE_FULL})
    @PostMapping(path = "/{name}/training-jobs", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<TrainingJobView> uploadAndTrain(@PathVariable String name,
            @RequestPart(name = "file", required = false) MultipartFile file,
            @RequestPart(name = "spec", required = false) String spec,
            @RequestParam(name = "name", required = false) String datasetName,
            @RequestParam(name = "idColumns", required = false) String idColumns,
            @RequestParam(name = "seriesFromColumns", required = false) Boolean seriesFromColumns) throws IOException {
        List<String> ids = DatasetController.idColumns(idColumns);
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
            throw ForesightException.badInput("Part 'spec' (the training settings as JSON): "
                    + JsonProblems.describe(e, "it"));
        }
        if (request.datasetId() != null) {
            throw ForesightException.badInput("Part 'spec' names a datasetId, but an upload trains on the uploaded file;"
                    + " leave datasetId out of the spec, or send the JSON request alone to train on a stored dataset.");
        }
        registry.checkName("model name", name);
        DatasetInfo dataset = DatasetController.store(datasets, datasetName, file.getOriginalFilename(), file.getBytes(),
                ids, seriesFromColumns);
        try {
            return accepted(training.submit(name, request.withDatasetId(dataset.id())));
        } catch (ForesightException e) {
            datasets.delete(dataset.id());
            throw e;
        }
    }

    @Operation(operationId = "listModels", tags = "Models", summary = "List the models with their versions and aliases",
            description = "Per version: method, training time, validation MASE next to the naive and seasonal-naive"
                    + " baselines' MASE on the same held-back windows, and whether it beat them.")
    @Answers(description = "Every model", example = "model", list = true)
    @GetMapping
    List<ModelSummary> list() {
        return registry.list();
    }

    @Operation(operationId = "getModel", tags = "Models", summary = "One model: its versions and aliases")
    @Answers(description = "The model", example = "model", problems = ApiProblem.MODEL_NOT_FOUND)
    @GetMapping("/{name}")
    ModelSummary get(@PathVariable String name) {
        return registry.summary(name).orElseThrow(() -> ForesightException.notFound(
                "There is no model '" + name + "'; GET /api/v1/models lists them."));
    }

    @Operation(operationId = "getVersion", tags = "Models", summary = "One version's manifest",
            description = "Everything recorded about the version: method and settings, the data it was trained on"
                    + " (with its SHA-256), the backtest against the baselines, every candidate's score and why the"
                    + " winner won, interval calibration, the held-back forecasts, the end of the training data"
                    + " (`tail`, channel-major: `values[0]` is the target), provenance and file checksums.")
    @Answers(description = "The manifest (example shortened)", example = "version",
            problems = ApiProblem.VERSION_NOT_FOUND)
    @GetMapping("/{name}/versions/{version}")
    ModelVersion version(@PathVariable String name, @PathVariable int version) {
        return registry.version(name, version);
    }

    @Operation(operationId = "deleteModel", tags = "Models", summary = "Delete a model",
            description = "Deletes every version and alias of the model, and what hangs on it: its observations, forecast"
                    + " ledger and live accuracy, anomalies, drift state and retraining policy; its per-model metrics"
                    + " go from /actuator/prometheus. Its queued or running training jobs are cancelled first; its jobs"
                    + " stay listed. Version numbers are not reused: a"
                    + " new model of the same name goes on from the next number.")
    @Answers(status = "204", description = "Deleted", problems = ApiProblem.MODEL_NOT_FOUND)
    @DeleteMapping("/{name}")
    ResponseEntity<Void> deleteModel(@PathVariable String name) {
        registry.checkName("model", name);
        // a job of the model still queued or running would bring it back with its version: cancel it first
        for (TrainingJobView job : registry.summary(name).isPresent() ? training.list() : List.<TrainingJobView>of()) {
            if (job.model().equals(name) && !job.status().finished()) {
                try {
                    training.cancel(job.id());
                } catch (ForesightException ended) {
                    // it ended meanwhile
                }
            }
        }
        registry.deleteModel(name);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "deleteVersion", tags = "Models", summary = "Delete a version",
            description = "A version that an alias points to cannot be deleted; move the alias first.")
    @Answers(status = "204", description = "Deleted",
            problems = {ApiProblem.VERSION_NOT_FOUND, ApiProblem.VERSION_ALIASED})
    @DeleteMapping("/{name}/versions/{version}")
    ResponseEntity<Void> deleteVersion(@PathVariable String name, @PathVariable int version) {
        registry.deleteVersion(name, version);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "setAlias", tags = "Models", summary = "Point an alias at a version (promote, roll back)",
            description = "`production` is the alias forecasts use by default: promoting a version is"
                    + " `PUT .../aliases/production {\"version\": 2}`, rolling back is the same with the earlier version.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = AliasRequest.class),
                    examples = @ExampleObject(value = ApiExamples.ALIAS_REQUEST))))
    @Answers(description = "The model with its aliases updated", example = "model",
            problems = {ApiProblem.BAD_REQUEST, ApiProblem.VERSION_NOT_FOUND})
    @PutMapping("/{name}/aliases/{alias}")
    ModelSummary alias(@PathVariable String name, @PathVariable String alias, @RequestBody AliasRequest request) {
        if (request == null || request.version() == null) {
            throw ForesightException.badInput("Send {\"version\": N} with the version the alias should point to.");
        }
        return registry.setAlias(name, alias, request.version());
    }

    @Operation(operationId = "forecast", tags = "Forecasts", summary = "Forecast from given history or the training data",
            description = "`horizon` steps ahead, from `history` (the recent observations, `[{timestamp, <column>: value}]`,"
                    + " at least the model's window) or, without it, from the end of the training data. Uses `version`,"
                    + " else `alias`, else `production`. `levels` are interval levels in percent (default [80, 95]);"
                    + " beyond the trained horizon a network forecasts recursively (a statistical method, or a regression"
                    + " with one, from one fit) and the intervals widen. `quantiles` (e.g."
                    + " [0.1, 0.5, 0.9], each strictly between 0 and 1, at most 20) adds `quantiles: {\"0.1\": .., ...}` to"
                    + " each point from the same calibration: q below 0.5 is the lower bound of the 100(1-2q) % interval,"
                    + " q above 0.5 the upper bound of the 100(2q-1) % interval, 0.5 the forecast (CSV: `q_0.1,...` columns).\n\n"
                    + "**Known future.** A model trained with `futureFeatures` reads their values at the steps it forecasts:"
                    + " `future` (`[{timestamp, <column>: value}]`) sends them (a scenario), else those stored with the"
                    + " training data after its last target value are used (up to its first gap); a step without a value"
                    + " is a 400 naming the columns and timestamps (at least the model's trained horizon is read), unless"
                    + " the version's forecast does not read them (AUTO kept it without the drivers: `drivers.used` false). `calendar` and `holidays`"
                    + " inputs are computed from the timestamps. For a many-series model each row of `future` names its"
                    + " series (`{series, timestamp, <column>: value}`; a row for another series than those asked for is a"
                    + " 400), and a series' stored plan is the rows after its own last target value; a missing value is a"
                    + " 400 naming the series too.\n\n"
                    + "**Many series.** For a many-series model, `series` names the series (ids, or `[\"*\"]` for all);"
                    + " the answer is `{model, version, horizon, series: [{id, method, points}], failed: [{id, detail}]}`"
                    + " (a series the model does not have, or that has no model, is listed in `failed`). With"
                    + " `Accept: text/csv` the answer is a long-format CSV `series,timestamp,value,lower_80,upper_80,"
                    + "lower_95,upper_95` (one pair of columns per level; `series` empty for a single-series model), the"
                    + " number of series left out in the `Foresight-Failed-Series` header.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ForecastRequest.class),
                    examples = {@ExampleObject(name = "from the training data", value = ApiExamples.FORECAST_REQUEST),
                            @ExampleObject(name = "from given history", value = ApiExamples.FORECAST_WITH_HISTORY),
                            @ExampleObject(name = "several series of a many-series model",
                                    value = ApiExamples.FORECAST_SERIES_REQUEST)})))
    @Parameter(name = "Accept", in = ParameterIn.HEADER, description = "`text/csv` for a long-format CSV answer;"
            + " JSON otherwise", example = "application/json")
    @Answers(description = "The forecast, one point per step with its intervals", example = "forecast",
            problems = {ApiProblem.BAD_REQUEST, ApiProblem.MODEL_NOT_FOUND, ApiProblem.NOT_REPRESENTABLE})
    @PostMapping("/{name}/forecast")
    Object forecast(@PathVariable String name, @RequestBody ForecastRequest request,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept, HttpServletResponse response)
            throws IOException {
        ForecastQuery query = new ForecastQuery(name, request.horizon(), history(request.history()), request.version(),
                request.alias(), request.levels(), request.quantiles(), rows("future", request.future()));
        boolean csv = ForecastCsv.wanted(accept);
        if (request.series() == null) {
            Forecast forecast = forecasts.forecast(query);
            if (!csv) {
                return forecast;
            }
            ForecastCsv.write(response, forecast);
            return null;
        }
        BatchForecast batch = forecasts.forecastBatch(query, request.series());
        if (!csv) {
            return batch;
        }
        ForecastCsv.write(response, batch);
        return null;
    }

    @Operation(operationId = "forecastFromTrainingData", tags = "Forecasts",
            summary = "Forecast from the end of the training data",
            description = "The same as `POST .../forecast` without `history`: `horizon` steps after the last training"
                    + " timestamp. Try `GET /api/v1/models/air/forecast?horizon=12&levels=80&levels=95` or"
                    + " `...?horizon=12&quantiles=0.1,0.5,0.9`.")
    @Answers(description = "The forecast, one point per step with its intervals", example = "forecast",
            problems = {ApiProblem.BAD_REQUEST, ApiProblem.MODEL_NOT_FOUND, ApiProblem.NOT_REPRESENTABLE})
    @GetMapping("/{name}/forecast")
    Forecast forecastFromTrainingData(@PathVariable String name, @RequestParam(required = false) Integer horizon,
            @RequestParam(required = false) Integer version, @RequestParam(required = false) String alias,
            @RequestParam(required = false) List<Double> levels,
            @RequestParam(required = false) List<Double> quantiles) {
        return forecasts.forecast(new ForecastQuery(name, horizon, null, version, alias, levels, quantiles));
    }

    @Operation(operationId = "modelDrivers", tags = "Forecasts",
            summary = "What a single-series model knows about the future",
            description = "For a model trained with `futureFeatures`: each one's values at the last steps of the data"
                    + " (`recent`, ending at `end`, at most 36) and the plan stored with the training data for the steps"
                    + " after `end`, which a forecast reads unless the request sends `future`. After observations of the"
                    + " model, `end` is the latest and the plan what is left of it after it, as a forecast from the end of"
                    + " the data starts there. `measured` is the version's `drivers` (what AUTO measured of the known"
                    + " future; null without one); `series` is null. Empty `columns` for a model without future features."
                    + " A many-series model has `GET .../series/{id}/drivers` instead. Try"
                    + " `GET /api/v1/models/sales/drivers`.")
    @Parameter(name = "name", in = ParameterIn.PATH, description = "Model name", example = "sales")
    @Answers(description = "The model's future features: recent values and stored plan, and what they did for it",
            example = "modelDrivers",
            problems = {ApiProblem.BAD_REQUEST, ApiProblem.MODEL_NOT_FOUND, ApiProblem.NOT_REPRESENTABLE})
    @GetMapping("/{name}/drivers")
    SeriesDrivers drivers(@PathVariable String name, @RequestParam(required = false) Integer version,
            @RequestParam(required = false) String alias) {
        return forecasts.drivers(name, version, alias);
    }

    @Operation(operationId = "modelHistory", tags = "Forecasts",
            summary = "The values a forecast from the stored data starts from",
            description = "The target's last values of a single-series model as a forecast without `history` reads them:"
                    + " the end of the training data the version stores, followed by the observations posted since that"
                    + " continue it (`observed`: how many of the last values are observations); at most the latest 1000,"
                    + " oldest first. The page draws them before the forecast. A many-series model has"
                    + " `GET .../series/{id}/history` instead. Try `GET /api/v1/models/air/history`.")
    @Parameter(name = "name", in = ParameterIn.PATH, description = "Model name", example = "air")
    @Answers(description = "The values a forecast from the stored data starts from", example = "modelHistory",
            problems = {ApiProblem.BAD_REQUEST, ApiProblem.MODEL_NOT_FOUND})
    @GetMapping("/{name}/history")
    StoredHistory history(@PathVariable String name, @RequestParam(required = false) Integer version,
            @RequestParam(required = false) String alias) {
        return forecasts.history(name, version, alias);
    }

    /** The history rows as the service reads them (also used by ForecastRequestFuzzTest). */
    static List<ForecastQuery.Observation> history(List<Map<String, Object>> rows) {
        return rows("history", rows);
    }

    /** Rows {@code [{timestamp, <column>: value}]} of field {@code field} ({@code history} or {@code future}). */
    static List<ForecastQuery.Observation> rows(String field, List<Map<String, Object>> rows) {
        if (rows == null) {
            return null;
        }
        List<ForecastQuery.Observation> history = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            if (row == null) {
                throw ForesightException.badInput(field + "[" + i + "] is null; send {\"timestamp\": ..., \"<column>\": value}.");
            }
            Object timestamp = row.get("timestamp");
            if (!(timestamp instanceof String)) {
                throw ForesightException.badInput(field + "[" + i + "].timestamp must be a string like \"1961-01-01\".");
            }
            Map<String, Double> values = new LinkedHashMap<>(Math.max(2, (int) Math.ceil(row.size() / 0.75)));
            String series = null;
            for (Map.Entry<String, Object> cell : row.entrySet()) {
                if (cell.getKey().equals("timestamp")) {
                    continue;
                }
                if (cell.getKey().equals("series") && field.equals("future")) {
                    // the series a row of a many-series model's future is for
                    if (!(cell.getValue() instanceof String id) || id.isEmpty()) {
                        throw ForesightException.badInput(field + "[" + i + "].series must be a series id as a string,"
                                + " e.g. \"7/3\", for a model of many series; leave it out for a model of one.");
                    }
                    series = id;
                    continue;
                }
                Object value = cell.getValue();
                if (value != null && !(value instanceof Number)) {
                    throw ForesightException.badInput(field + "[" + i + "]." + JsonProblems.shown(cell.getKey())
                            + " must be a number or null; got " + (value instanceof String ? "\"" + JsonProblems.shown(value)
                            + "\"" : value instanceof Map ? "an object" : value instanceof List ? "an array" : "'"
                            + JsonProblems.shown(value) + "'") + ".");
                }
                values.put(cell.getKey(), value == null ? null : ((Number) value).doubleValue());
            }
            history.add(new ForecastQuery.Observation((String) timestamp, values, series));
        }
        return history;
    }

    private static ResponseEntity<TrainingJobView> accepted(TrainingJobView job) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/v1/training-jobs/" + job.id())).body(job);
    }
}
