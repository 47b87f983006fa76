package io.foresight.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.foresight.model.Method;
import io.foresight.training.GlobalTrainingBenchmark;
import io.foresight.training.GlobalTrainingBenchmark.Result;
import io.foresight.training.GlobalTrainingBenchmark.Workload;
import io.foresight.training.TrainingBenchmark;

/**
 * {@code foresight bench-global [--windows=N] [--units=N] [--batches=64,256] [--architectures=LSTM,GRU,BIDIRECTIONAL]
 * [--threads=N]}: one epoch of a global network's training on the plain-Java step against ND4J's native
 * {@code fit}, per architecture and batch size (docs/BENCHMARK.md, "Global networks").
 */
public final class GlobalBenchCommand {

    private GlobalBenchCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        int windows = 20_000;
        int units = 32;
        int window = 24;
        int horizon = 12;
        int threads = 1;
        int[] batches = {64, 256};
        List<Method> methods = new ArrayList<>(List.of(Method.LSTM, Method.GRU, Method.BIDIRECTIONAL));
        try {
            for (String arg : args) {
                String[] kv = arg.replaceFirst("^--", "").split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("expected --name=value, got '" + arg + "'");
                }
                switch (kv[0]) {
                    case "windows" -> windows = Integer.parseInt(kv[1]);
                    case "units" -> units = Integer.parseInt(kv[1]);
                    case "window" -> window = Integer.parseInt(kv[1]);
                    case "horizon" -> horizon = Integer.parseInt(kv[1]);
                    case "threads" -> threads = Integer.parseInt(kv[1]);
                    case "batches" -> batches = java.util.Arrays.stream(kv[1].split(",")).mapToInt(Integer::parseInt).toArray();
                    case "architectures" -> {
                        methods.clear();
                        for (String name : kv[1].split(",")) {
                            methods.add(Method.valueOf(name.trim().toUpperCase(Locale.ROOT)));
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option --" + kv[0]);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("bench-global: " + e.getMessage());
            return 2;
        }
        TrainingBenchmark.threads(threads);
        out.println("native threads: " + TrainingBenchmark.nativeInfo());
        Workload workload = new Workload(windows, window, horizon, units, 42);
        out.printf(Locale.ROOT, "workload: %d windows (many series, each scaled by its own scaler), window %d, horizon %d,"
                + " one layer of %d units, one epoch%n", windows, window, horizon, units);
        out.println("| architecture | path | batch | epoch s | CPU s | windows/s | mean loss |");
        out.println("|---|---|---:|---:|---:|---:|---:|");
        GlobalTrainingBenchmark.run(workload, methods, batches, (Result r) -> out.printf(Locale.ROOT,
                "| %s | %s | %d | %.2f | %.2f | %,.0f | %.4f |%n", r.method(), r.path(), r.batchSize(), r.seconds(),
                r.cpuSeconds(), r.windowsPerSecond(), r.meanLoss()));
        return 0;
    }
}
