package io.foresight.backtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.foresight.ForesightException;
import io.foresight.dataset.DatasetInfo;
import io.foresight.dataset.DatasetService;
import io.foresight.forecast.Forecast;
import io.foresight.forecast.ForecastQuery;
import io.foresight.forecast.ForecastService;
import io.foresight.registry.IntervalCalibration;
import io.foresight.training.JobStatus;
import io.foresight.training.TrainingJobView;
import io.foresight.training.TrainingRequest;
import io.foresight.training.TrainingService;

/**
 * One model per series, through the service's own code path: the training part is uploaded as a CSV dataset
 * ({@code timestamp,value}), trained by a training job exactly as a user's request would be, and forecast by the
 * forecast service.
 */
record PerSeriesForecaster(DatasetService datasets, TrainingService training, ForecastService forecasts)
        implements PanelForecaster {

    private static final long POLL_MILLIS = 100;

    @Override
    public List<Outcome> forecast(List<TrainingPart> parts) throws InterruptedException {
        List<Outcome> outcomes = new ArrayList<>(parts.size());
        for (TrainingPart part : parts) {
            outcomes.add(forecast(part));
        }
        return outcomes;
    }

    private Outcome forecast(TrainingPart part) throws InterruptedException {
        double trainSeconds = 0;
        int h = part.h();
        try {
            Drivers drivers = part.drivers();
            DatasetInfo dataset = datasets.create(part.name(), part.name() + ".csv", drivers == null
                    ? BacktestCommand.csv(part.data(), part.train(), 0, List.of())
                    : BacktestCommand.csv(part.data(), part.train(), h, drivers.futureFeatures()));
            TrainingJobView job = training.submit(part.name(), drivers == null
                    ? new TrainingRequest(dataset.id(), "value", null, h, part.architecture(), null, null, part.epochs(),
                            null, null, null, null, null, null, null)
                    : new TrainingRequest(dataset.id(), "value", null, h, part.architecture(), null, null, part.epochs(),
                            null, null, null, null, null, null, null, null, drivers.futureFeatures(),
                            drivers.calendar().isEmpty() ? null : drivers.calendar(), drivers.holidays()));
            job = await(job.id());
            if (job.startedAt() != null && job.finishedAt() != null) {
                trainSeconds = Duration.between(job.startedAt(), job.finishedAt()).toMillis() / 1000.0;
            }
            if (job.status() != JobStatus.SUCCEEDED) {
                return Outcome.failed(trainSeconds, "training " + job.status() + ": " + job.error());
            }
            Forecast forecast = forecasts.forecast(new ForecastQuery(part.name(), h, null, null, null,
                    IntervalCalibration.DEFAULT_LEVELS));
            return outcome(forecast.method(), forecast.points(), h, trainSeconds);
        } catch (ForesightException e) {
            return Outcome.failed(trainSeconds, e.getMessage());
        } catch (RuntimeException e) {
            return Outcome.failed(trainSeconds, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** A forecast's points as an outcome: the point forecasts and the 80 % and 95 % bounds. */
    static Outcome outcome(String method, List<Forecast.Point> points, int h, double trainSeconds) {
        double[] point = new double[h];
        double[][] lower = new double[2][h];
        double[][] upper = new double[2][h];
        for (int k = 0; k < h; k++) {
            Forecast.Point p = points.get(k);
            point[k] = p.value();
            for (int l = 0; l < 2; l++) {
                lower[l][k] = level(p.lower(), IntervalCalibration.DEFAULT_LEVELS.get(l));
                upper[l][k] = level(p.upper(), IntervalCalibration.DEFAULT_LEVELS.get(l));
            }
        }
        return new Outcome(method, point, lower, upper, trainSeconds, null);
    }

    /** Waits for a job to finish (also for {@link ManySeriesForecaster}). */
    static TrainingJobView await(TrainingService training, String jobId) throws InterruptedException {
        while (true) {
            TrainingJobView job = training.get(jobId);
            if (job.status().finished()) {
                return job;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private TrainingJobView await(String jobId) throws InterruptedException {
        return await(training, jobId);
    }

    private static double level(Map<String, Double> bounds, double level) {
        if (bounds == null) {
            return Double.NaN;
        }
        for (Map.Entry<String, Double> e : bounds.entrySet()) {
            try {
                if (Double.parseDouble(e.getKey()) == level && e.getValue() != null) {
                    return e.getValue();
                }
            } catch (NumberFormatException ignored) {
                // not a level key
            }
        }
        return Double.NaN;
    }
}
