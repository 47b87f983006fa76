package io.foresight.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

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
 * @param units        units of each of the two LSTM layers in the training and forward-pass figures (and torch's)
 * @param batch        mini-batch size of the training figure (and torch's)
 */
public record BenchOptions(Integer threads, boolean skipHttp, boolean skipTorch, boolean experiments, Path csv,
        int requests, Duration duration, int models, Path python, Path torchScript, int units, int batch) {

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
              --torch-script=FILE  torch_bench.py (default: scripts/torch_bench.py, else ../shared/peer/torch_bench.py)
              --units=N            units of each LSTM layer for the in-process training and forward figures and torch's
                                   (default 64; the HTTP part keeps the default workload)
              --batch=N            mini-batch size for those figures and torch's (default 64)""";

    /** @throws IllegalArgumentException with a message for the user when the command line is wrong */
    public static BenchOptions parse(List<String> args) {
        Arguments line = Arguments.read(args,
                Set.of("threads", "csv", "requests", "duration", "models", "python", "torch-script", "units", "batch"),
                Set.of("--skip-http", "--skip-torch", "--experiments"));
        BenchOptions options = new BenchOptions(line.value("threads", v -> line.positive("threads", 0), null),
                line.flag("--skip-http"), line.flag("--skip-torch"), line.flag("--experiments"),
                line.value("csv", Path::of, Path.of("sample-data", "taylor.csv")), line.positive("requests", 1000),
                Duration.ofSeconds(line.positive("duration", 10)), line.positive("models", 50),
                line.value("python", Path::of, Path.of("/usr/bin/python3")), line.value("torch-script", Path::of, null),
                line.positive("units", BenchCommand.LAYERS.get(0)), line.positive("batch", BenchCommand.BATCH));
        if (!Files.isRegularFile(options.csv())) {
            throw new IllegalArgumentException("no such file: " + options.csv()
                    + " (run from the project root or pass --csv=FILE)");
        }
        return options;
    }

    /** The LSTM layers of the in-process figures: two of {@link #units} (the default workload's [64, 64]). */
    List<Integer> layers() {
        return List.of(units, units);
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
