package io.foresight.backtest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.foresight.ForesightException;
import io.foresight.dataset.DatasetInfo;
import io.foresight.dataset.DatasetService;
import io.foresight.forecast.BatchForecast;
import io.foresight.forecast.ForecastQuery;
import io.foresight.forecast.ForecastService;
import io.foresight.registry.IntervalCalibration;
import io.foresight.training.JobStatus;
import io.foresight.training.TrainingJobView;
import io.foresight.training.TrainingRequest;
import io.foresight.training.TrainingService;

/**
 * One model over every series of an origin ({@code backtest --many}), through the service's own code path: the
 * training parts written into one long-format CSV ({@code series,timestamp,value}), uploaded as one many-series
 * dataset, trained by one job (statistical methods per series and global networks over all of them) and forecast by
 * id in one batch request. Parts with different horizons get one model each; with {@code --drivers}, so do the
 * series of each file without and with its drivers (the CSV then carries the future features and each series' plan
 * over the test horizon, and the batch forecast reads the stored plans).
 */
record ManySeriesForecaster(DatasetService datasets, TrainingService training, ForecastService forecasts)
        implements PanelForecaster {

    @Override
    public boolean wholePanel() {
        return true;
    }

    @Override
    public List<Outcome> forecast(List<TrainingPart> parts) throws InterruptedException {
        Map<List<Object>, List<Integer>> byHorizon = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            TrainingPart part = parts.get(i);
            byHorizon.computeIfAbsent(java.util.Arrays.asList(part.h(), part.group(), part.drivers()),
                    h -> new ArrayList<>()).add(i);
        }
        Outcome[] outcomes = new Outcome[parts.size()];
        for (List<Integer> group : byHorizon.values()) {
            List<TrainingPart> members = group.stream().map(parts::get).toList();
            List<Outcome> answered = forecastTogether(members);
            for (int j = 0; j < group.size(); j++) {
                outcomes[group.get(j)] = answered.get(j);
            }
        }
        return List.of(outcomes);
    }

    private List<Outcome> forecastTogether(List<TrainingPart> parts) throws InterruptedException {
        TrainingPart first = parts.get(0);
        String name = first.name() + "-all" + parts.size();
        int h = first.h();
        Drivers drivers = first.drivers();
        List<String> futureFeatures = drivers == null ? List.of() : drivers.futureFeatures();
        StringBuilder csv = new StringBuilder(parts.size() * 4096).append("series,timestamp,value");
        futureFeatures.forEach(f -> csv.append(',').append(f));
        csv.append('\n');
        for (TrainingPart part : parts) {
            BacktestCommand.rows(csv, part.id() + ",", part.data(), part.train(), drivers == null ? 0 : h, futureFeatures);
        }
        double share = 0;
        List<Outcome> outcomes = new ArrayList<>(parts.size());
        try {
            DatasetInfo dataset = datasets.create(name, name + ".csv", csv.toString().getBytes(StandardCharsets.UTF_8),
                    List.of("series"), false);
            TrainingJobView job = training.submit(name, drivers == null
                    ? new TrainingRequest(dataset.id(), "value", null, h, first.architecture(), null, null, first.epochs(),
                            null, null, null, null, null, null, null)
                    : new TrainingRequest(dataset.id(), "value", null, h, first.architecture(), null, null, first.epochs(),
                            null, null, null, null, null, null, null, null, futureFeatures,
                            drivers.calendar().isEmpty() ? null : drivers.calendar(), drivers.holidays()));
            job = PerSeriesForecaster.await(training, job.id());
            if (job.startedAt() != null && job.finishedAt() != null) {
                share = Duration.between(job.startedAt(), job.finishedAt()).toMillis() / 1000.0 / parts.size();
            }
            if (job.status() != JobStatus.SUCCEEDED) {
                for (int i = 0; i < parts.size(); i++) {
                    outcomes.add(Outcome.failed(share, "training " + job.status() + ": " + job.error()));
                }
                return outcomes;
            }
            BatchForecast batch = forecasts.forecastBatch(new ForecastQuery(name, h, null, null, null,
                    IntervalCalibration.DEFAULT_LEVELS), parts.stream().map(TrainingPart::id).toList());
            Map<String, BatchForecast.Series> answered = new HashMap<>();
            batch.series().forEach(s -> answered.put(s.id(), s));
            Map<String, String> failed = new HashMap<>();
            batch.failed().forEach(f -> failed.put(f.id(), f.detail()));
            for (TrainingPart part : parts) {
                BatchForecast.Series series = answered.get(part.id());
                outcomes.add(series == null ? Outcome.failed(share, failed.getOrDefault(part.id(), "not forecast"))
                        : PerSeriesForecaster.outcome(series.method(), series.points(), h, share));
            }
            return outcomes;
        } catch (ForesightException e) {
            outcomes.clear();
            for (int i = 0; i < parts.size(); i++) {
                outcomes.add(Outcome.failed(share, e.getMessage()));
            }
            return outcomes;
        }
    }
}
