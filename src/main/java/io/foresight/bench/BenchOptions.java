package io.foresight.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The command line of {@code bench} (without the word {@code bench} itself). The workload is fixed to the
 * PyTorch peer's (docs/BENCHMARK.md); the options choose what runs and how long.
 *
 * @param threads      native threads for ND4J/OpenMP/BLAS in the training run and the service, and torch's
 *                     threads; null leaves ND4J's defaults (one per core) and runs torch with 1
 * @param skipHttp     only the in-process training and forward-pass figures
 * @param skipTorch    do not run the PyTorch peer even when it is installed
 * @param experiments  also measure the fit-loop variants and batch sizes
 * @param csv          the series (default sample-data/taylor.csv)
 * @param requests     sequential forecast requests timed
 * @param duration     how long each concurrency level runs
 * @param models       models loaded for the memory figure (1 = skip that part)
 * @param python       the interpreter that has torch
 * @param torchScript  torch_bench.py, or null to look in the usual places
 */
public record BenchOptions(Integer threads, boolean skipHttp, boolean skipTorch, boolean experiments, Path csv,
        int requests, Duration duration, int models, Path python, Path torchScript) {

    public static final String USAGE = """
            usage: bench [options]
              --threads=N          native threads (ND4J, OpenMP, BLAS) for training and the service, and torch's
                                   threads (default: ND4J's own default, one per core; torch 1)
              --skip-http          only training throughput and the in-process forward pass; no service started
              --skip-torch         do not run the PyTorch peer
              --experiments        also time fit-loop variants and batch sizes (adds a few minutes)
              --csv=FILE           the series (default sample-data/taylor.csv)
              --requests=N         sequential forecast requests timed (default 1000)
              --duration=SECONDS   length of each concurrency run, 8 and 32 clients (default 10)
              --models=N           models loaded for the memory figure (default 50; 1 skips it)
              --python=PATH        the Python that has torch (default /usr/bin/python3)
              --torch-script=FILE  torch_bench.py (default: scripts/torch_bench.py, else ../shared/peer/torch_bench.py)""";

    /** @throws IllegalArgumentException with a message for the user when the command line is wrong */
    public static BenchOptions parse(List<String> args) {
        Integer threads = null;
        boolean skipHttp = false;
        boolean skipTorch = false;
        boolean experiments = false;
        Path csv = Path.of("sample-data", "taylor.csv");
        int requests = 1000;
        Duration duration = Duration.ofSeconds(10);
        int models = 50;
        Path python = Path.of("/usr/bin/python3");
        Path torchScript = null;
        for (String arg : args) {
            switch (arg) {
                case "--skip-http" -> skipHttp = true;
                case "--skip-torch" -> skipTorch = true;
                case "--experiments" -> experiments = true;
                default -> {
                    String[] option = option(arg);
                    String key = option[0];
                    String value = option[1];
                    switch (key) {
                        case "threads" -> threads = positive(key, value);
                        case "csv" -> csv = Path.of(value);
                        case "requests" -> requests = positive(key, value);
                        case "duration" -> duration = Duration.ofSeconds(positive(key, value));
                        case "models" -> models = positive(key, value);
                        case "python" -> python = Path.of(value);
                        case "torch-script" -> torchScript = Path.of(value);
                        default -> throw new IllegalArgumentException("unknown option --" + key);
                    }
                }
            }
        }
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException("no such file: " + csv + " (run from the project root or pass --csv=FILE)");
        }
        return new BenchOptions(threads, skipHttp, skipTorch, experiments, csv, requests, duration, models, python,
                torchScript);
    }

    /** {@code --key=value} as {key, value} (the bench's tools share it); anything else is an unknown argument. */
    static String[] option(String arg) {
        int eq = arg.indexOf('=');
        if (!arg.startsWith("--") || eq < 0) {
            throw new IllegalArgumentException("unknown argument '" + arg + "'");
        }
        return new String[] {arg.substring(2, eq), arg.substring(eq + 1).strip()};
    }

    /** A command-line value that must be a positive whole number (the bench's tools share it). */
    static int positive(String key, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + key + " must be a positive whole number; got '" + value + "'");
    }

    /** torch_bench.py: the given one, else the first that exists of the usual places, else null. */
    Path resolveTorchScript() {
        if (torchScript != null) {
            return torchScript;
        }
        for (Path candidate : List.of(Path.of("scripts", "torch_bench.py"), Path.of("..", "shared", "peer", "torch_bench.py"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
