package io.foresight.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The job's command line ({@code docs/SCALE.md}): {@code --name value} or {@code --name=value}.
 *
 * @param input        the long-format table: a CSV file or directory (header row), or Parquet; any path Spark reads
 * @param format       {@code csv} or {@code parquet} (by default from the path's extension)
 * @param idColumns    the columns whose values name a series
 * @param groupColumns the columns whose values name a group of series that share global networks (by default each
 *                     series is a group of its own: many models)
 * @param timestamp    the time column
 * @param target       the column to forecast
 * @param horizon      steps to forecast
 * @param model        the model the version is registered under
 * @param dataDir      the service's data directory (its registry is {@code <dataDir>/models})
 * @param master       Spark's master URL, when not given by {@code spark-submit}
 * @param spec         the training spec as the API takes it (JSON), without {@code datasetId}
 * @param partitions   tasks the series are spread over (by default four per core Spark has)
 */
record JobOptions(String input, String format, List<String> idColumns, List<String> groupColumns, String timestamp,
        String target, int horizon, String model, String dataDir, String master, String spec, Integer partitions) {

    static final String USAGE = """
            usage: ManyModelsJob --input PATH --id-columns a,b --timestamp COL --target COL --horizon N --model NAME
                                 --data-dir DIR [--master local[2]] [--spec JSON] [--format csv|parquet]
                                 [--group-columns a] [--partitions N]""";

    private static final Set<String> NAMES = Set.of("input", "format", "id-columns", "group-columns", "timestamp", "target",
            "horizon", "model", "data-dir", "master", "spec", "partitions");
    private static final List<String> REQUIRED = List.of("input", "id-columns", "timestamp", "target", "horizon", "model",
            "data-dir");

    static JobOptions parse(List<String> args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("'" + arg + "' is not an option; options start with --");
            }
            String name = arg.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            if (values.put(name, value) != null) {
                throw new IllegalArgumentException("--" + name + " is given twice");
            }
        }
        for (String name : REQUIRED) {
            if (values.get(name) == null || values.get(name).isBlank()) {
                throw new IllegalArgumentException("--" + name + " is required");
            }
        }
        String input = values.get("input");
        String format = values.getOrDefault("format", input.toLowerCase(java.util.Locale.ROOT).endsWith(".parquet")
                ? "parquet" : "csv");
        if (!format.equals("csv") && !format.equals("parquet")) {
            throw new IllegalArgumentException("--format must be csv or parquet; got '" + format + "'");
        }
        List<String> ids = columns(values.get("id-columns"), "id-columns");
        List<String> groups = values.containsKey("group-columns") ? columns(values.get("group-columns"), "group-columns")
                : ids;
        if (!ids.containsAll(groups)) {
            throw new IllegalArgumentException("--group-columns must be some of the id columns " + ids + "; got " + groups);
        }
        return new JobOptions(input, format, ids, groups, values.get("timestamp"), values.get("target"),
                positive(values.get("horizon"), "horizon"), values.get("model"), values.get("data-dir"),
                values.get("master"), values.get("spec"),
                values.containsKey("partitions") ? positive(values.get("partitions"), "partitions") : null);
    }

    private static List<String> columns(String value, String option) {
        List<String> columns = new ArrayList<>(Arrays.stream(value.split(",", -1)).map(String::trim).toList());
        if (columns.stream().anyMatch(String::isEmpty) || columns.stream().distinct().count() != columns.size()) {
            throw new IllegalArgumentException("--" + option + " must be distinct column names separated by commas; got '"
                    + value + "'");
        }
        return List.copyOf(columns);
    }

    private static int positive(String value, String option) {
        if (!value.matches("[1-9][0-9]{0,8}")) {
            throw new IllegalArgumentException("--" + option + " must be a whole number from 1; got '" + value + "'");
        }
        return Integer.parseInt(value);
    }
}
