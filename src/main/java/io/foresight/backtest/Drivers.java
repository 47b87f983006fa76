package io.foresight.backtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a backtested set knows about the future, from its sidecar file ({@code NAME.drivers} beside {@code NAME.csv}):
 * lines {@code key=value} ({@code #} starts a comment) with {@code targets} (the columns to forecast, comma-separated;
 * default every numeric column that is not a future feature), {@code futureFeatures} (columns whose values over the
 * test horizon are known in advance and handed to the model, as a user would send a plan), {@code calendar}
 * (encodings, e.g. {@code dayOfWeek,month}), {@code holidays} (a country, e.g. {@code GB-ENG}) and {@code panel} (the
 * many-series model the file's targets join with {@code --many}, so that files with drivers of their own, e.g. one
 * product each, form one panel; default the file's own name). With {@code --drivers} each target is backtested twice,
 * without them and with them.
 */
record Drivers(List<String> targets, List<String> futureFeatures, List<String> calendar, String holidays, String panel) {

    /** The sidecar of {@code csv}: the same name with {@code .drivers} for {@code .csv}. */
    static Path sidecar(Path csv) {
        String name = csv.getFileName().toString();
        String base = name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        return csv.resolveSibling(base + ".drivers");
    }

    /** @throws IllegalArgumentException when a line is not {@code key=value} of a known key */
    static Drivers read(Path file) throws IOException {
        List<String> targets = List.of();
        List<String> futureFeatures = List.of();
        List<String> calendar = List.of();
        String holidays = null;
        String panel = null;
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(file + ": '" + line + "' is not key=value");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            switch (key) {
                case "targets" -> targets = list(value);
                case "futureFeatures" -> futureFeatures = list(value);
                case "calendar" -> calendar = list(value);
                case "holidays" -> holidays = value.isEmpty() ? null : value;
                case "panel" -> panel = value.isEmpty() ? null : value;
                default -> throw new IllegalArgumentException(file + ": unknown key '" + key
                        + "'; the keys are targets, futureFeatures, calendar, holidays and panel");
            }
        }
        if (futureFeatures.isEmpty() && calendar.isEmpty() && holidays == null) {
            throw new IllegalArgumentException(file + " names no futureFeatures, calendar or holidays");
        }
        return new Drivers(targets, futureFeatures, calendar, holidays, panel);
    }

    private static List<String> list(String value) {
        return value.isEmpty() ? List.of()
                : new ArrayList<>(Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
    }

    /** How the report shows them. */
    String describe() {
        List<String> parts = new ArrayList<>(futureFeatures);
        calendar.forEach(c -> parts.add("calendar " + c));
        if (holidays != null) {
            parts.add("holidays " + holidays);
        }
        return String.join(", ", parts);
    }
}
