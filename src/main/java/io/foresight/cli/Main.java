package io.foresight.cli;

import java.util.Arrays;

import io.foresight.ForesightApplication;
import io.foresight.backtest.BacktestLauncher;
import io.foresight.bench.BenchCommand;
import io.foresight.bench.IngestBenchCommand;
import io.foresight.bench.SlowClientsCommand;

/**
 * The jar's entry point: {@code backtest [options] FILE.csv...} runs the accuracy backtest without a web server on a
 * temporary data directory and exits with its status (docs/BACKTEST.md); {@code bench [options]} runs the speed
 * benchmark against PyTorch (docs/BENCHMARK.md); {@code ingest-bench [options]} times the ingestion of a
 * long-format CSV of many series (docs/BENCHMARK.md); {@code slow-clients [options]} runs the slow-body attack against a
 * running service and measures it (docs/BAD_INPUT.md); anything else starts the service. The tools depend on the service,
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
        if (args.length > 0 && args[0].equals("ingest-bench")) {
            System.exit(IngestBenchCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("slow-clients")) {
            System.exit(SlowClientsCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        ForesightApplication.main(args);
    }
}
