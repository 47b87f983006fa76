package io.foresight.cli;

import java.util.Arrays;

import io.foresight.ForesightApplication;
import io.foresight.backtest.BacktestLauncher;
import io.foresight.bench.BenchCommand;

/**
 * The jar's entry point: {@code backtest [options] FILE.csv...} runs the accuracy backtest without a web server on a
 * temporary data directory and exits with its status (docs/BACKTEST.md); {@code bench [options]} runs the speed
 * benchmark against PyTorch (docs/BENCHMARK.md); anything else starts the service. The tools depend on the service,
 * never the other way round.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("backtest")) {
            System.exit(BacktestLauncher.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("bench")) {
            System.exit(BenchCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        ForesightApplication.main(args);
    }
}
