package io.foresight.training;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import io.foresight.dataset.DatasetInfo;
import io.foresight.dataset.DatasetService;
import io.foresight.dataset.TimeSeries;
import io.foresight.dataset.TimestampFormat;
import io.foresight.model.Accuracy;
import io.foresight.model.Architecture;
import io.foresight.model.Baselines;
import io.foresight.model.Forecaster;
import io.foresight.model.Method;
import io.foresight.model.NetworkForecaster;
import io.foresight.model.Networks;
import io.foresight.model.TrainingSettings;
import io.foresight.registry.ModelRegistry;
import io.foresight.registry.ModelVersion;
import io.foresight.window.Interpolation;
import io.foresight.window.Scaler;
import io.foresight.window.WindowPlan;
import io.foresight.window.Windows;

/**
 * Turns a training request into a registered model version: windows over the dataset, the candidate
 * networks fitted with early stopping, everything (baselines included) scored on the same held-back windows,
 * intervals calibrated from the chosen method's held-back residuals.
 */
@Component
class Trainer {

    /** What the trainer reports while it works and asks whether to go on. */
    interface Monitor {
        void progress(Progress progress);

        /** Throws to stop the training (cancellation, time limit). */
        void checkpoint();
    }

    /** A request checked against its data, ready to train. */
    record Prepared(String model, DatasetInfo dataset, List<String> columns, TrainingSettings settings) {
    }

    private final DatasetService datasets;
    private final ModelRegistry registry;
    private final SettingsResolver resolver;
    private final Map<String, String> libraries;

    Trainer(DatasetService datasets, ModelRegistry registry, ForesightProperties properties, Environment environment) {
        this.datasets = datasets;
        this.registry = registry;
        this.resolver = new SettingsResolver(properties.limits());
        this.libraries = new LinkedHashMap<>();
        for (String library : List.of("version", "dl4j", "tablesaw", "spring-boot")) {
            libraries.put(library.equals("version") ? "foresight" : library,
                    environment.getProperty("info.foresight." + library, "unknown"));
        }
        libraries.put("java", System.getProperty("java.version"));
    }

    /** Validates a request synchronously so that a bad one is refused before it is queued. */
    Prepared prepare(String model, TrainingRequest request) {
        registry.checkName("model name", model);
        if (request.datasetId() == null || request.datasetId().isBlank()) {
            throw ForesightException.badInput("'datasetId' is required: upload a CSV to POST /api/v1/datasets first, "
                    + "or send the CSV as part 'file' of a multipart training request.");
        }
        DatasetInfo dataset = datasets.find(request.datasetId()).orElseThrow(() -> ForesightException.badInput(
                "There is no dataset '" + request.datasetId() + "'; GET /api/v1/datasets lists them."));
        TimeSeries series = datasets.load(dataset.id());
        List<String> columns = resolver.columns(request, series);
        double[] target = series.column(columns.get(0)).values().clone();
        Interpolation.fill(target);
        return new Prepared(model, dataset, columns, resolver.resolve(request, series, target));
    }

    ModelVersion train(String jobId, Prepared prepared, Monitor monitor) {
        Instant started = Instant.now();
        TrainingSettings settings = prepared.settings();
        TimeSeries series = datasets.load(prepared.dataset().id());
        List<String> columns = prepared.columns();
        double[][] channels = new double[columns.size()][];
        int filled = 0;
        for (int c = 0; c < channels.length; c++) {
            channels[c] = series.column(columns.get(c)).values().clone();
            filled += Interpolation.fill(channels[c]);
        }
        int size = channels[0].length;
        WindowPlan plan = WindowPlan.split(size, settings.window(), settings.horizon(), settings.validationShare());
        Scaler scaler = Scaler.fit(settings.representation(), channels, plan.trainEnd());
        Windows train = plan.trainingWindows(channels, scaler);
        Windows validation = plan.validationWindows(channels, scaler);
        int[] ends = validation.ends();
        double[][] actual = new double[ends.length][];
        for (int i = 0; i < ends.length; i++) {
            actual[i] = Arrays.copyOfRange(channels[0], ends[i], ends[i] + settings.horizon());
        }
        int period = settings.seasonalPeriod();
        double maseScale = Accuracy.maseScale(channels[0], plan.trainEnd(), period);

        List<Method> networks = settings.architecture() == Architecture.AUTO ? List.of(Method.LSTM, Method.SIMPLE_RNN)
                : List.of(Method.of(settings.architecture()));
        List<ModelVersion.Candidate> candidates = new ArrayList<>();
        Forecaster chosen = null;
        Method chosenMethod = null;
        Accuracy chosenAccuracy = null;
        NetworkForecaster chosenNetwork = null;
        for (int i = 0; i < networks.size(); i++) {
            Method method = networks.get(i);
            String name = method.name();
            int index = i + 1;
            NetworkTrainer.Fit fit = NetworkTrainer.fit(method, settings, settings.seed(), train, validation,
                    new NetworkTrainer.EpochListener() {
                        @Override
                        public void epochEnded(int epoch, int maxEpochs, double trainLoss, double validationLoss) {
                            monitor.progress(new Progress(epoch, maxEpochs, trainLoss, validationLoss, train.count(),
                                    validation.count(), name, index, networks.size()));
                            monitor.checkpoint();
                        }

                        @Override
                        public void batchEnded() {
                            monitor.checkpoint();
                        }
                    });
            NetworkForecaster forecaster = new NetworkForecaster(fit.network(), scaler, settings.window(), settings.horizon());
            Accuracy accuracy = Accuracy.of(actual, forecaster.forecast(channels, ends), maseScale);
            candidates.add(new ModelVersion.Candidate(name, method, settings.representation().name(),
                    List.of(settings.seed()), fit.bestEpoch(), accuracy.mase(), false));
            if (chosenAccuracy == null || accuracy.mase() < chosenAccuracy.mase()) {
                chosen = forecaster;
                chosenMethod = method;
                chosenAccuracy = accuracy;
                chosenNetwork = forecaster;
            }
        }
        Accuracy naive = Accuracy.of(actual, Baselines.naive(settings.horizon()).forecast(channels, ends), maseScale);
        Accuracy seasonal = Accuracy.of(actual, Baselines.seasonalNaive(period, settings.horizon()).forecast(channels, ends), maseScale);
        candidates.add(new ModelVersion.Candidate("NAIVE", Method.NAIVE, "-", List.of(), 0, naive.mase(), false));
        candidates.add(new ModelVersion.Candidate("SEASONAL_NAIVE", Method.SEASONAL_NAIVE, "-", List.of(), 0, seasonal.mase(), false));
        String selection;
        if (settings.architecture() == Architecture.AUTO && Math.min(naive.mase(), seasonal.mase()) < chosenAccuracy.mase()) {
            Method baseline = naive.mase() <= seasonal.mase() ? Method.NAIVE : Method.SEASONAL_NAIVE;
            selection = String.format("%s chosen: its validation MASE %.4f beats the best network (%s, %.4f); "
                    + "a network is never chosen when a baseline validates better", baseline,
                    Math.min(naive.mase(), seasonal.mase()), chosenMethod, chosenAccuracy.mase());
            chosenMethod = baseline;
            chosen = Baselines.of(baseline, period, settings.horizon());
            chosenAccuracy = baseline == Method.NAIVE ? naive : seasonal;
            chosenNetwork = null;
        } else {
            selection = settings.architecture() == Architecture.AUTO
                    ? String.format("%s chosen: lowest validation MASE (%.4f) among %d candidates", chosenMethod,
                            chosenAccuracy.mase(), candidates.size())
                    : String.format("%s requested explicitly; validation MASE %.4f", chosenMethod, chosenAccuracy.mase());
        }
        Method winner = chosenMethod;
        candidates.replaceAll(c -> c.method() == winner
                ? new ModelVersion.Candidate(c.name(), c.method(), c.representation(), c.seeds(), c.epochs(), c.validationMase(), true)
                : c);

        double[][] predicted = chosen.forecast(channels, ends);
        ModelVersion.Intervals intervals = Intervals.calibrate(scaler, actual, predicted);
        ModelVersion.HeldBack heldBack = heldBack(series, channels, plan, chosen, scaler, intervals);
        ModelVersion.Backtest backtest = new ModelVersion.Backtest(ends.length, train.count(), period, maseScale,
                chosenAccuracy, naive, seasonal, chosenAccuracy.mase() < naive.mase(), chosenAccuracy.mase() < seasonal.mase());

        int tailLength = Math.min(size, Math.max(settings.window(), period));
        List<String> tailTimes = new ArrayList<>(tailLength);
        double[][] tailValues = new double[channels.length][];
        for (int t = size - tailLength; t < size; t++) {
            tailTimes.add(format(series, t));
        }
        for (int c = 0; c < channels.length; c++) {
            tailValues[c] = Arrays.copyOfRange(channels[c], size - tailLength, size);
        }
        DatasetInfo dataset = prepared.dataset();
        ModelVersion.Data data = new ModelVersion.Data(dataset.id(), dataset.name(), dataset.sha256(), columns.get(0),
                columns.subList(1, columns.size()), series.frequency().code(), series.dateOnly(), size, filled,
                format(series, 0), format(series, size - 1));
        Instant finished = Instant.now();
        ModelVersion.Provenance provenance = new ModelVersion.Provenance(jobId, started, finished,
                (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0, libraries, null);
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (chosenNetwork != null) {
            files.put(Networks.CONFIG_FILE, Networks.configBytes(chosenNetwork.network()));
            files.put(Networks.PARAMS_FILE, Networks.paramBytes(chosenNetwork.network()));
        }
        ModelVersion draft = new ModelVersion(ModelVersion.SCHEMA_VERSION, prepared.model(), 0, finished, chosenMethod,
                settings, scaler, data, backtest, candidates, selection, intervals, heldBack,
                new ModelVersion.Tail(tailTimes, tailValues), provenance, null, Map.of());
        monitor.checkpoint();
        return registry.register(draft, files);
    }

    /** Consecutive one-horizon forecasts across the held-back part, with 80 % and 95 % intervals. */
    static ModelVersion.HeldBack heldBack(TimeSeries series, double[][] channels, WindowPlan plan, Forecaster forecaster,
            Scaler scaler, ModelVersion.Intervals intervals) {
        int from = plan.trainEnd();
        int length = plan.size() - from;
        int horizon = plan.horizon();
        List<String> timestamps = new ArrayList<>(length);
        double[] actual = Arrays.copyOfRange(channels[0], from, plan.size());
        double[] predicted = new double[length];
        Map<String, double[]> lower = new LinkedHashMap<>();
        Map<String, double[]> upper = new LinkedHashMap<>();
        for (String level : List.of("80", "95")) {
            lower.put(level, new double[length]);
            upper.put(level, new double[length]);
        }
        for (int origin = from; origin < plan.size(); origin += horizon) {
            double[] forecast = forecaster.forecast(channels, origin);
            for (int k = 0; k < horizon && origin + k < plan.size(); k++) {
                int i = origin + k - from;
                predicted[i] = forecast[k];
                for (String level : lower.keySet()) {
                    double half = intervals.halfWidth(k, Double.parseDouble(level));
                    lower.get(level)[i] = scaler.shift(forecast[k], -half);
                    upper.get(level)[i] = scaler.shift(forecast[k], half);
                }
            }
        }
        for (int t = from; t < plan.size(); t++) {
            timestamps.add(format(series, t));
        }
        return new ModelVersion.HeldBack(timestamps, actual, predicted, lower, upper);
    }

    private static String format(TimeSeries series, int index) {
        return TimestampFormat.format(series.timestamps().get(index), series.dateOnly());
    }
}
