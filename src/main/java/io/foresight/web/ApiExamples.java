package io.foresight.web;

/**
 * Example bodies for the OpenAPI document ({@code /v3/api-docs}, Swagger UI), taken from a real AirPassengers
 * run and shortened. Annotation values must be compile-time constants, hence one class of text blocks.
 */
final class ApiExamples {

    private ApiExamples() {
    }

    static final String DATASET = """
            {"id": "ds-0d4408fada49", "name": "air", "rows": 144,
             "columns": [{"name": "timestamp", "type": "TIMESTAMP"}, {"name": "value", "type": "NUMBER"}],
             "timestampColumn": "timestamp", "frequency": "P1M", "start": "1949-01-01", "end": "1960-12-01",
             "missingValues": 0, "gaps": 0,
             "sha256": "aa2eb5126547d6c373789e465afc7f2dad2782f85344df05dce969083f678f1f",
             "createdAt": "2026-01-15T09:30:00Z"}""";

    static final String PANEL_DATASET = """
            {"id": "ds-5c1f0e2a9b7d", "name": "shops", "rows": 2000000,
             "columns": [{"name": "store", "type": "ID"}, {"name": "item", "type": "ID"},
                         {"name": "date", "type": "TIMESTAMP"}, {"name": "sales", "type": "NUMBER"},
                         {"name": "price", "type": "NUMBER"}],
             "timestampColumn": "date", "frequency": "P1D", "start": "2020-01-01", "end": "2020-07-18",
             "missingValues": 0, "gaps": 0,
             "sha256": "3f0c2e7d9a41b6c8e5f1a2d3c4b5a6978877665544332211ffeeddccbbaa0099",
             "createdAt": "2026-01-15T09:30:00Z", "series": 10000, "idColumns": ["store", "item"],
             "seriesFromColumns": false, "seriesLength": {"min": 200, "median": 200, "max": 200},
             "tooShort": [{"id": "99/1", "rows": 2, "reason": "2 rows; at least 3 are needed to infer a frequency and forecast"}],
             "tooShortCount": 1}""";

    static final String DATASET_SERIES = """
            {"datasetId": "ds-5c1f0e2a9b7d", "query": "7/", "page": 0, "size": 2, "total": 111,
             "series": [{"id": "17/1", "points": 200, "start": "2020-01-01", "end": "2020-07-18", "gaps": 0,
                         "missingValues": 0},
                        {"id": "7/3", "points": 200, "start": "2020-01-01", "end": "2020-07-18", "gaps": 1,
                         "missingValues": 2}]}""";

    static final String DATASETS = "[" + DATASET + "]";

    static final String TRAINING_REQUEST = """
            {"datasetId": "ds-0d4408fada49", "target": "value", "horizon": 12, "architecture": "LSTM",
             "layers": [16], "epochs": 40, "seed": 7}""";

    static final String TRAINING_SPEC = """
            {"target": "value", "horizon": 12, "architecture": "LSTM", "layers": [16], "epochs": 40}""";

    static final String JOB_QUEUED = """
            {"id": "job-6bbb4e5dbd56", "model": "air", "datasetId": "ds-0d4408fada49", "status": "QUEUED",
             "progress": {"epoch": 0, "maxEpochs": 0, "trainLoss": null, "validationLoss": null, "trainWindows": 0,
                          "validationWindows": 0, "candidate": null, "candidateIndex": 0, "candidates": 0},
             "createdAt": "2026-01-15T09:31:00Z", "startedAt": null, "finishedAt": null, "version": null,
             "error": null,
             "request": {"datasetId": "ds-0d4408fada49", "target": "value", "horizon": 12, "architecture": "LSTM",
                         "layers": [16], "epochs": 40, "seed": 7}}""";

    static final String JOB_SUCCEEDED = """
            {"id": "job-6bbb4e5dbd56", "model": "air", "datasetId": "ds-0d4408fada49", "status": "SUCCEEDED",
             "progress": {"epoch": 40, "maxEpochs": 40, "trainLoss": 0.52, "validationLoss": 0.61, "trainWindows": 80,
                          "validationWindows": 18, "candidate": "LSTM/LOG_RELATIVE/seed 7", "candidateIndex": 1,
                          "candidates": 1},
             "createdAt": "2026-01-15T09:31:00Z", "startedAt": "2026-01-15T09:31:00Z",
             "finishedAt": "2026-01-15T09:31:09Z", "version": 1, "error": null,
             "request": {"datasetId": "ds-0d4408fada49", "target": "value", "horizon": 12, "architecture": "LSTM",
                         "layers": [16], "epochs": 40, "seed": 7}}""";

    static final String JOBS = "[" + JOB_SUCCEEDED + "]";

    static final String JOB_EVENTS = """
            event:progress
            data:{"id":"job-6bbb4e5dbd56","model":"air","status":"RUNNING","progress":{"epoch":1,"maxEpochs":40,"trainLoss":3.1,"validationLoss":3.4,...},...}

            event:progress
            data:{"id":"job-6bbb4e5dbd56","model":"air","status":"RUNNING","progress":{"epoch":2,"maxEpochs":40,"trainLoss":2.7,"validationLoss":3.0,...},...}

            event:end
            data:{"id":"job-6bbb4e5dbd56","model":"air","status":"SUCCEEDED","version":1,...}
            """;

    static final String MODEL = """
            {"name": "air",
             "versions": [
               {"version": 1, "createdAt": "2026-01-15T09:31:09Z", "method": "LSTM", "validationMase": 1.75,
                "naiveMase": 2.78, "seasonalNaiveMase": 1.59, "beatsNaive": true, "beatsSeasonalNaive": false,
                "aliases": []},
               {"version": 2, "createdAt": "2026-01-16T10:02:41Z", "method": "ENSEMBLE", "validationMase": 1.21,
                "naiveMase": 2.78, "seasonalNaiveMase": 1.59, "beatsNaive": true, "beatsSeasonalNaive": true,
                "aliases": ["production"]}],
             "aliases": {"production": 2}}""";

    static final String MODELS = "[" + MODEL + "]";

    static final String VERSION = """
            {"schemaVersion": 1, "model": "air", "version": 1, "createdAt": "2026-01-15T09:31:09Z", "method": "LSTM",
             "settings": {"architecture": "LSTM", "representation": "LOG_RELATIVE", "window": 24, "horizon": 12,
                          "layers": [16], "epochs": 40, "batchSize": 32, "learningRate": 0.005, "dropout": 0.0,
                          "seed": 7, "earlyStopping": true, "patience": 15, "seasonalPeriod": 12,
                          "validationShare": 0.2},
             "data": {"datasetId": "ds-0d4408fada49", "datasetName": "air", "target": "value", "features": [],
                      "frequency": "P1M", "dateOnly": true, "points": 144, "filledValues": 0,
                      "start": "1949-01-01", "end": "1960-12-01"},
             "backtest": {"validationWindows": 18, "trainWindows": 80, "seasonalPeriod": 12, "maseScale": 29.42,
                          "model": {"mae": 51.4, "rmse": 65.5, "mase": 1.75, "smape": 11.6},
                          "naive": {"mae": 81.8, "rmse": 102.3, "mase": 2.78, "smape": 18.6},
                          "seasonalNaive": {"mae": 46.8, "rmse": 50.1, "mase": 1.59, "smape": 11.2},
                          "beatsNaive": true, "beatsSeasonalNaive": false},
             "selection": "LSTM/LOG_RELATIVE/seed 7 requested explicitly; validation MASE 1.7486",
             "heldBack": {"timestamps": ["1958-08-01", "1958-09-01"], "actual": [505.0, 404.0],
                          "predicted": [475.7, 445.2], "lower": {"80": [408.9, 352.5], "95": [397.3, 325.2]},
                          "upper": {"80": [553.3, 562.2], "95": [569.5, 609.5]}},
             "tail": {"timestamps": ["1960-11-01", "1960-12-01"], "values": [[390.0, 432.0]]},
             "provenance": {"jobId": "job-6bbb4e5dbd56", "trainingSeconds": 8.9, "parentVersion": null},
             "promotion": "promoted to production: first version"}""";

    static final String BACKTEST = """
            {"model": "air", "version": 1, "method": "LSTM", "horizon": 12,
             "timestamps": ["1958-08-01", "1958-09-01", "1958-10-01"],
             "actual": [505.0, 404.0, 359.0], "predicted": [475.7, 445.2, 422.1],
             "lower": {"80": [408.9, 352.5, 336.2], "95": [397.3, 325.2, 304.1]},
             "upper": {"80": [553.3, 562.2, 529.9], "95": [569.5, 609.5, 585.9]},
             "accuracy": {"mae": 51.4, "rmse": 65.5, "mase": 1.75, "smape": 11.6},
             "naive": {"mae": 81.8, "rmse": 102.3, "mase": 2.78, "smape": 18.6},
             "seasonalNaive": {"mae": 46.8, "rmse": 50.1, "mase": 1.59, "smape": 11.2},
             "beatsNaive": true, "beatsSeasonalNaive": false}""";

    static final String ALIAS_REQUEST = """
            {"version": 1}""";

    static final String FORECAST_REQUEST = """
            {"horizon": 3, "levels": [80, 95]}""";

    static final String FORECAST_WITH_HISTORY = """
            {"horizon": 2, "levels": [80, 95],
             "history": [{"timestamp": "1960-11-01", "value": 390}, {"timestamp": "1960-12-01", "value": 432}]}""";

    static final String FORECAST = """
            {"model": "air", "version": 1, "method": "LSTM", "horizon": 3,
             "points": [
               {"timestamp": "1961-01-01", "value": 442.5, "lower": {"80": 380.4, "95": 369.7},
                "upper": {"80": 514.8, "95": 529.8}},
               {"timestamp": "1961-02-01", "value": 493.0, "lower": {"80": 390.4, "95": 360.1},
                "upper": {"80": 622.6, "95": 675.0}},
               {"timestamp": "1961-03-01", "value": 516.3, "lower": {"80": 411.3, "95": 372.0},
                "upper": {"80": 648.2, "95": 716.7}}]}""";

    static final String BAD_REQUEST = """
            {"type": "about:blank", "title": "Invalid request", "status": 400,
             "detail": "'horizon' must be between 1 and 1000; got 0."}""";

    static final String BAD_CSV = """
            {"type": "about:blank", "title": "Invalid request", "status": 400,
             "detail": "The CSV has no timestamp column; name it timestamp, date, time, datetime or ds, with values like yyyy-MM-dd, yyyy-MM-dd HH:mm[:ss], yyyy-MM-ddTHH:mm[:ss], an ISO date-time with offset (2020-01-01T00:00:00Z) or yyyy-MM (columns [day, value] were read).",
             "instance": "/api/v1/datasets"}""";

    static final String UNAUTHORIZED = """
            {"type": "about:blank", "title": "Unauthorized", "status": 401,
             "detail": "This request needs the API key: send the header 'Authorization: Bearer <key>' with the key configured as foresight.api-key."}""";

    static final String NOT_FOUND_DATASET = """
            {"type": "about:blank", "title": "Not found", "status": 404,
             "detail": "No dataset with id 'ds-000000000000'; GET /api/v1/datasets lists the datasets there are.",
             "instance": "/api/v1/datasets/ds-000000000000"}""";

    static final String NOT_FOUND_MODEL = """
            {"type": "about:blank", "title": "Not found", "status": 404,
             "detail": "There is no model 'nope'; GET /api/v1/models lists them.", "instance": "/api/v1/models/nope"}""";

    static final String NOT_REPRESENTABLE = """
            {"type": "about:blank", "title": "Forecast not representable", "status": 422,
             "detail": "Model 'air' version 1 cannot forecast this in finite numbers (the forecast of step 1 is Infinity): the history's values (up to 1.0E308 in magnitude) are too large to forecast with this model; send values on the scale of its training data, or rescale them (e.g. to thousands) and train on the same scale.",
             "instance": "/api/v1/models/air/forecast"}""";

    static final String NOT_FOUND_VERSION = """
            {"type": "about:blank", "title": "Not found", "status": 404,
             "detail": "Model 'air' has no version 9; its versions are [1].",
             "instance": "/api/v1/models/air/versions/9"}""";

    static final String NOT_FOUND_JOB = """
            {"type": "about:blank", "title": "Not found", "status": 404,
             "detail": "There is no training job 'job-000000000000'; GET /api/v1/training-jobs lists them.",
             "instance": "/api/v1/training-jobs/job-000000000000"}""";

    static final String CONFLICT_ALIASED = """
            {"type": "about:blank", "title": "Conflict", "status": 409,
             "detail": "Version 1 of model 'air' is aliased as [production]; point the alias at another version first.",
             "instance": "/api/v1/models/air/versions/1"}""";

    static final String CONFLICT_ENDED = """
            {"type": "about:blank", "title": "Conflict", "status": 409,
             "detail": "Job job-6bbb4e5dbd56 has already ended with status SUCCEEDED.",
             "instance": "/api/v1/training-jobs/job-6bbb4e5dbd56"}""";

    static final String TOO_LARGE = """
            {"type": "about:blank", "title": "Upload too large", "status": 413,
             "detail": "The upload is larger than the limit of 134217728 bytes (spring.servlet.multipart.max-file-size); send a smaller file."}""";

    static final String BUSY = """
            {"type": "about:blank", "title": "Training queue full", "status": 429,
             "detail": "The training queue is full (16 jobs waiting); retry later."}""";
}
