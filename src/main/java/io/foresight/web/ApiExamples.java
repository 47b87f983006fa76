package io.foresight.web;

/**
 * Example request bodies for the OpenAPI document ({@code /v3/api-docs}, Swagger UI), taken
 * from a real AirPassengers run and shortened; they are annotation values, which must be compile-time constants.
 * The example answers are data in {@value ApiParts#RESOURCE}.
 */
final class ApiExamples {

    private ApiExamples() {
    }

    static final String TRAINING_REQUEST = """
            {"datasetId": "ds-0d4408fada49", "target": "value", "horizon": 12, "architecture": "LSTM",
             "layers": [16], "epochs": 40, "seed": 7}""";

    static final String TRAINING_SPEC = """
            {"target": "value", "horizon": 12, "architecture": "LSTM", "layers": [16], "epochs": 40}""";

    static final String ALIAS_REQUEST = """
            {"version": 1}""";

    static final String FORECAST_REQUEST = """
            {"horizon": 3, "levels": [80, 95]}""";

    static final String OBSERVATIONS_REQUEST = """
            {"points": [{"timestamp": "1961-01-01", "value": 417}, {"timestamp": "1961-02-01", "value": 391}]}""";
    static final String DETECT_REQUEST = """
            {"points": [{"timestamp": "1961-01-01", "value": 417}, {"timestamp": "1961-02-01", "value": 620}], "level": 99}""";
    static final String CROSS_VALIDATION_REQUEST = """
            {"windows": 3, "step": 2, "horizon": 2, "levels": [80, 95]}""";

    static final String FORECAST_SERIES_REQUEST = """
            {"horizon": 12, "series": ["7/1", "7/2"]}""";

    static final String FORECAST_WITH_HISTORY = """
            {"horizon": 2, "levels": [80, 95],
             "history": [{"timestamp": "1960-11-01", "value": 390}, {"timestamp": "1960-12-01", "value": 432}]}""";
}
