package io.foresight.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import io.foresight.ForesightApplication;
import io.foresight.backtest.BacktestLauncher;
import io.foresight.bench.BenchCommand;
import io.foresight.bench.GeneratePanelCommand;
import io.foresight.bench.GlobalBenchCommand;
import io.foresight.bench.IngestBenchCommand;
import io.foresight.bench.PanelBench;
import io.foresight.bench.SlowClientsCommand;

/**
 * The jar's entry point: its first argument names a tool, anything else starts the service. The tools depend on the
 * service, never the other way round:
 * <ul>
 * <li>{@code backtest [options] FILE.csv...}: the accuracy backtest without a web server on a temporary data
 * directory (docs/BACKTEST.md);</li>
 * <li>{@code bench [options]}: the speed benchmark against PyTorch; {@code bench-global}: one epoch of a global network
 * on the plain-Java step and DL4J's native path; {@code ingest-bench}: the ingestion of a long-format CSV of many
 * series; {@code panel-bench}: a many-series model trained and served over
 * HTTP (docs/BENCHMARK.md);</li>
 * <li>{@code slow-clients [options]}: the slow-body attack against a running service (docs/BAD_INPUT.md);</li>
 * <li>{@code generate-panel [options]}: writes a synthetic many-series panel (docs/DATA.md).</li>
 * </ul>
 */
public final class Main {

    /** A tool: its arguments after the name, where to print; returns the exit status. */
    @FunctionalInterface
    interface Tool {
        int run(String[] args, PrintStream out, PrintStream err);
    }

    static final Map<String, Tool> TOOLS = new LinkedHashMap<>();

    static {
        TOOLS.put("backtest", BacktestLauncher::run);
        TOOLS.put("bench", BenchCommand::run);
        TOOLS.put("bench-global", GlobalBenchCommand::run);
        TOOLS.put("ingest-bench", IngestBenchCommand::run);
        TOOLS.put("panel-bench", PanelBench::run);
        TOOLS.put("slow-clients", SlowClientsCommand::run);
        TOOLS.put("generate-panel", GeneratePanelCommand::run);
    }

    private Main() {
    }

    public static void main(String[] args) {
        Tool tool = args.length > 0 ? TOOLS.get(args[0]) : null;
        if (tool != null) {
            System.exit(tool.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        ForesightApplication.main(args);
    }
}
