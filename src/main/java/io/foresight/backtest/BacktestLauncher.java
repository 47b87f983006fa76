package io.foresight.backtest;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import io.foresight.AtomicFiles;
import io.foresight.CommandOptions;
import io.foresight.ForesightApplication;
import io.foresight.dataset.DatasetService;
import io.foresight.forecast.ForecastService;
import io.foresight.training.TrainingService;

/**
 * Starts the service without a web server on a fresh temporary data directory, runs {@link BacktestCommand}
 * and shuts it down again, deleting the directory.
 */
public final class BacktestLauncher {

    private BacktestLauncher() {
    }

    /**
     * @param args the command line after the word {@code backtest}
     * @return the exit status: 0, 1 when a file could not be read (or the service did not start), 2 for a wrong
     *         command line
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        BacktestOptions options = CommandOptions.parse("backtest", args, BacktestOptions::parse, BacktestOptions.USAGE, err);
        if (options == null) {
            return CommandOptions.USAGE_ERROR;
        }
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("foresight-backtest-");
        } catch (IOException e) {
            err.println("backtest: cannot create a temporary data directory: " + e.getMessage());
            return 1;
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("logging.level.root", "WARN");
        // One native (ND4J / OpenMP / BLAS) thread per operation, as in the Docker image (OMP_NUM_THREADS=1):
        // on a busy 2-core machine ND4J's default of one spinning thread per core made training ~8x slower.
        settings.put("foresight.training.threads", "1");
        settings.putAll(options.springSettings());
        settings.put("foresight.data-dir", dataDir.toString());
        String[] springArgs = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);

        long started = System.nanoTime();
        SpringApplication application = new SpringApplication(ForesightApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.setLogStartupInfo(false);
        try (ConfigurableApplicationContext context = application.run(springArgs)) {
            double startup = (System.nanoTime() - started) / 1e9;
            DatasetService datasets = context.getBean(DatasetService.class);
            TrainingService training = context.getBean(TrainingService.class);
            ForecastService forecasts = context.getBean(ForecastService.class);
            PanelForecaster forecaster = options.method() != null ? new MethodForecaster(options.method())
                    : options.many() ? new ManySeriesForecaster(datasets, training, forecasts)
                    : new PerSeriesForecaster(datasets, training, forecasts);
            BacktestCommand command = new BacktestCommand(forecaster, out);
            return command.run(options, startup);
        } catch (RuntimeException e) {
            err.println("backtest: " + e);
            return 1;
        } finally {
            deleteRecursively(dataDir, err);
        }
    }

    private static void deleteRecursively(Path dir, PrintStream err) {
        try {
            AtomicFiles.deleteRecursively(dir);
        } catch (UncheckedIOException e) {
            err.println("backtest: could not delete the temporary data directory " + dir + ": " + e.getMessage());
        }
    }
}
