package io.foresight.backtest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.foresight.model.Architecture;
import io.foresight.model.Method;

/**
 * The command line of {@code backtest} (without the word {@code backtest} itself).
 *
 * @param files          the CSV files, in order
 * @param origins        rolling origins per series, each one horizon earlier than the next (1 = the protocol)
 * @param architecture   what training asks for
 * @param epochs         epochs override, or null for the service's default
 * @param horizon        horizon override, or null for the protocol's rule
 * @param columns        the columns to backtest, or empty for every numeric column
 * @param idColumn       the id column of long-format files, or null to recognise a column named {@code series}
 * @param out            where to write per-series results as CSV, or null
 * @param many           train one many-series model over all series of an origin ({@code --many}) instead of one
 *                       model per series
 * @param springSettings options with a dot in their name ({@code --logging.level.root=INFO}), handed to Spring
 * @param drivers        backtest each target of a file with a sidecar {@code NAME.drivers} ({@link Drivers}) without
 *                       and with what it knows about the future ({@code --drivers})
 */
public record BacktestOptions(List<Path> files, int origins, Architecture architecture, Integer epochs,
        Integer horizon, List<String> columns, String idColumn, Path out, boolean many, Method method,
        Map<String, String> springSettings, boolean drivers) {

    public static final String USAGE = """
            usage: backtest [options] FILE.csv...
              --origins=N          rolling origins per series, each one horizon earlier than the next (default 1)
              --architecture=A     AUTO, LSTM, SIMPLE_RNN, GRU or BIDIRECTIONAL (default AUTO)
              --epochs=N           override the service's default epochs
              --horizon=N          override the protocol's horizon (monthly 18, quarterly 8, yearly 6,
                                   daily / business-day 14, half-hourly 48, otherwise 10)
              --columns=a,b        only these columns (default: every numeric column, each its own series)
              --id-column=NAME     long-format files (id,timestamp,value...): each id is its own series
                                   (default: a column named "series" marks a long-format file)
              --many               one many-series model over all series of an origin (global networks),
                                   instead of one model per series
              --method=M           no model: forecast each part with one statistical method in this
                                   process (ETS, ARIMA, THETA, ...), to compare it with R's at the same origins
              --drivers            for a FILE.csv with a sidecar FILE.drivers (targets, futureFeatures,
                                   calendar, holidays): each target without and with those drivers, and
                                   a comparison of the two; with --many, one many-series model per file
                                   over its targets, without and with the drivers
              --out=FILE.csv       also write the per-series results as CSV
              --some.property=V    passed to Spring (e.g. --logging.level.root=INFO)""";

    public BacktestOptions {
        files = List.copyOf(files);
        columns = List.copyOf(columns);
        springSettings = Map.copyOf(springSettings);
    }

    /** @throws IllegalArgumentException with a message for the user when the command line is wrong */
    public static BacktestOptions parse(List<String> args) {
        List<Path> files = new ArrayList<>();
        int origins = 1;
        boolean many = false;
        boolean drivers = false;
        Method method = null;
        Architecture architecture = Architecture.AUTO;
        Integer epochs = null;
        Integer horizon = null;
        List<String> columns = new ArrayList<>();
        String idColumn = null;
        Path out = null;
        Map<String, String> spring = new LinkedHashMap<>();
        boolean onlyFiles = false;
        for (String arg : args) {
            if (onlyFiles || !arg.startsWith("--")) {
                files.add(Path.of(arg));
                continue;
            }
            if (arg.equals("--")) {
                onlyFiles = true;
                continue;
            }
            if (arg.equals("--drivers")) {
                drivers = true;
                continue;
            }
            if (arg.equals("--many")) {
                many = true;
                continue;
            }
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("option " + arg + " needs a value, e.g. " + arg + "=...");
            }
            String key = arg.substring(2, eq);
            String value = arg.substring(eq + 1).strip();
            switch (key) {
                case "origins" -> origins = positive(key, value);
                case "epochs" -> epochs = positive(key, value);
                case "horizon" -> horizon = positive(key, value);
                case "architecture" -> {
                    try {
                        architecture = Architecture.valueOf(value.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("--architecture must be AUTO, LSTM, SIMPLE_RNN, GRU or BIDIRECTIONAL; got '" + value + "'");
                    }
                }
                case "method" -> {
                    try {
                        method = Method.valueOf(value.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("--method must name a statistical method, e.g. THETA; got '" + value + "'");
                    }
                }
                case "columns" -> {
                    for (String column : value.split(",")) {
                        if (!column.isBlank()) {
                            columns.add(column.strip());
                        }
                    }
                    if (columns.isEmpty()) {
                        throw new IllegalArgumentException("--columns needs at least one column name");
                    }
                }
                case "id-column" -> {
                    if (value.isEmpty()) {
                        throw new IllegalArgumentException("--id-column needs a column name");
                    }
                    idColumn = value;
                }
                case "out" -> {
                    if (value.isEmpty()) {
                        throw new IllegalArgumentException("--out needs a file name");
                    }
                    out = Path.of(value);
                }
                default -> {
                    if (!key.contains(".")) {
                        throw new IllegalArgumentException("unknown option --" + key);
                    }
                    spring.put(key, value);
                }
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no CSV file given");
        }
        if (method != null && many) {
            throw new IllegalArgumentException("--method and --many exclude each other: --method trains no model");
        }
        if (drivers && method != null) {
            throw new IllegalArgumentException("--drivers trains models with and without the drivers: leave out --method");
        }
        return new BacktestOptions(files, origins, architecture, epochs, horizon, columns, idColumn, out, many, method, spring,
                drivers);
    }

    private static int positive(String key, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + key + " must be a whole number of at least 1; got '" + value + "'");
    }
}
