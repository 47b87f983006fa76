package io.foresight;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import io.foresight.backtest.BacktestLauncher;
import io.foresight.bench.BenchCommand;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ForesightApplication {

    /**
     * Starts the service; {@code backtest [options] FILE.csv...} instead runs the accuracy backtest without a
     * web server on a temporary data directory and exits with its status (see docs/BACKTEST.md);
     * {@code bench [options]} runs the speed benchmark against PyTorch (see docs/BENCHMARK.md).
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("backtest")) {
            System.exit(BacktestLauncher.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("bench")) {
            System.exit(BenchCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        SpringApplication.run(ForesightApplication.class, args);
    }
}
