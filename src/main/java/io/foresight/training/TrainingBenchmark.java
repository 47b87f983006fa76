package io.foresight.training;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import io.foresight.model.Architecture;
import io.foresight.model.Method;
import io.foresight.model.NetworkForecaster;
import io.foresight.model.Networks;
import io.foresight.model.RecurrentInference;
import io.foresight.model.TrainingSettings;
import io.foresight.window.Representation;
import io.foresight.window.Scaler;
import io.foresight.window.WindowPlan;
import io.foresight.window.Windows;

/**
 * The in-process half of {@code foresight bench} (docs/BENCHMARK.md): the training throughput of the service's
 * own fit loop ({@link NetworkTrainer} on {@link Networks#build}'s network, windows from {@link WindowPlan} and
 * {@link Scaler}) and the latency of one forward pass, on the workload of the PyTorch peer
 * ({@code torch_bench.py}). Everything ND4J-specific the benchmark needs lives here, because DL4J stays in the
 * model and training packages.
 */
public final class TrainingBenchmark {

    private TrainingBenchmark() {
    }

    /** The workload: one column of a CSV, a stacked LSTM, Adam. */
    public record Workload(Path csv, String column, int window, int horizon, List<Integer> layers, int batchSize,
            int epochs, double learningRate, long seed) {

        public Workload {
            layers = List.copyOf(layers);
        }

        /** The same workload with another mini-batch size. */
        public Workload withBatchSize(int batch) {
            return new Workload(csv, column, window, horizon, layers, batch, epochs, learningRate, seed);
        }
    }

    /**
     * One measured fit.
     *
     * @param windowsVisited      training windows passed through fit (epochs x windows per epoch)
     * @param trainSeconds        time inside the mini-batch loop (building batches, fit, score)
     * @param validationSeconds   time of the per-epoch validation loss that the service also computes
     * @param trainCpuSeconds     CPU time of the whole process (every thread) in the mini-batch loop: on a busy
     *                            machine it shows the work done, where wall time also shows the waiting
     */
    public record TrainingResult(String variant, int trainWindows, int validationWindows, int windowsPerEpoch,
            int epochs, int batchSize, int windowsVisited, double trainSeconds, double validationSeconds,
            double trainCpuSeconds, double lastTrainLoss, double lastValidationLoss) {

        /** Training windows per second of mini-batch loop: the figure comparable to torch_bench.py's. */
        public double windowsPerSecond() {
            return windowsVisited / trainSeconds;
        }

        /** Training windows per second of the whole fit, the service's per-epoch validation included. */
        public double windowsPerSecondWithValidation() {
            return windowsVisited / (trainSeconds + validationSeconds);
        }
    }

    /** Forward-pass latency of one window (batch 1) on a trained network, in milliseconds. */
    public record InferenceResult(double dl4jP50, double dl4jP99, double javaP50, double javaP99,
            double maxRelativeDifference) {
    }

    /** Applies a native thread count the way the service does at start-up ({@link NativeThreads}). */
    public static void threads(int threads) {
        NativeThreads.apply(threads);
    }

    /** What the native side runs with, for the report. */
    public static Map<String, String> nativeInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("nd4j.maxThreads", Integer.toString(Nd4j.getEnvironment().maxThreads()));
        info.put("nd4j.maxMasterThreads", Integer.toString(Nd4j.getEnvironment().maxMasterThreads()));
        info.put("omp.maxThreads", Integer.toString(NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads()));
        info.put("blas.maxThreads", Integer.toString(Nd4j.factory().blas().getMaxThreads()));
        info.put("blas.vendor", String.valueOf(Nd4j.factory().blas().getBlasVendor()));
        info.put("OMP_NUM_THREADS", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        return info;
    }

    /** The series, read the way torch_bench.py reads it: the named column, else the first one that is not "timestamp". */
    public static double[] readColumn(Path csv, String column) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        int index = -1;
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).trim();
            if (column != null ? name.equals(column) : !name.equals("timestamp")) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            throw new IllegalArgumentException("no column " + (column == null ? "besides timestamp" : "'" + column + "'")
                    + " in " + csv);
        }
        double[] values = new double[lines.size() - 1];
        int n = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            String cell = index < cells.length ? cells[index].trim() : "";
            if (!cell.isEmpty() && !cell.equals("NA")) {
                values[n++] = Double.parseDouble(cell);
            }
        }
        return Arrays.copyOf(values, n);
    }

    static TrainingSettings settings(Workload w, Representation representation) {
        return new TrainingSettings(Architecture.LSTM, representation, w.window(), w.horizon(), w.layers(), w.epochs(),
                w.batchSize(), w.learningRate(), 0.0, w.seed(), false, w.epochs(), 1, SettingsResolver.VALIDATION_SHARE);
    }

    private record Data(TrainingSettings settings, Scaler scaler, Windows train, Windows validation) {
    }

    private static Data data(Workload w) throws IOException {
        double[][] channels = {readColumn(w.csv(), w.column())};
        Representation representation = Scaler.positive(channels[0], channels[0].length) ? Representation.LOG_RELATIVE
                : Representation.RELATIVE;
        TrainingSettings settings = settings(w, representation);
        WindowPlan plan = WindowPlan.split(channels[0].length, w.window(), w.horizon(), settings.validationShare());
        Scaler scaler = Scaler.fit(representation, 1, channels, plan.trainEnd());
        return new Data(settings, scaler, plan.trainingWindows(channels, scaler), plan.validationWindows(channels, scaler));
    }

    /**
     * Trains with {@link NetworkTrainer#fit}, exactly as a training job does, after one warm-up epoch (JIT,
     * native library and workspace set-up), and times the mini-batch loop apart from the validation pass.
     */
    public static TrainingResult train(Workload w) throws IOException {
        Data data = data(w);
        NetworkTrainer.fit(Method.LSTM, with(data.settings(), 1), w.seed(), data.train(), data.validation(),
                (epoch, max, trainLoss, validationLoss) -> {
                });
        Timer timer = new Timer();
        NetworkTrainer.Fit fit = NetworkTrainer.fit(Method.LSTM, data.settings(), w.seed(), data.train(), data.validation(), timer);
        int perEpoch = Math.min(data.train().count(), NetworkTrainer.MAX_WINDOWS_PER_EPOCH);
        return new TrainingResult("service fit loop (NetworkTrainer)", data.train().count(), data.validation().count(),
                perEpoch, fit.epochsRun(), w.batchSize(), perEpoch * fit.epochsRun(), timer.train / 1e9,
                timer.validation / 1e9, timer.trainCpu / 1e9, timer.lastTrainLoss, timer.lastValidationLoss);
    }

    private static TrainingSettings with(TrainingSettings s, int epochs) {
        return new TrainingSettings(s.architecture(), s.representation(), s.window(), s.horizon(), s.layers(), epochs,
                s.batchSize(), s.learningRate(), s.dropout(), s.seed(), s.earlyStopping(), s.patience(),
                s.seasonalPeriod(), s.validationShare());
    }

    /** Splits fit time into the mini-batch loop and the validation pass, from the listener's callbacks. */
    private static final class Timer implements NetworkTrainer.EpochListener {
        long epochStart = System.nanoTime();
        long epochStartCpu = cpuNanos();
        long lastBatchEnd;
        long lastBatchEndCpu;
        long train;
        long trainCpu;
        long validation;
        double lastTrainLoss;
        double lastValidationLoss;

        @Override
        public void batchEnded() {
            lastBatchEnd = System.nanoTime();
            lastBatchEndCpu = cpuNanos();
        }

        @Override
        public void epochEnded(int epoch, int maxEpochs, double trainLoss, double validationLoss) {
            long now = System.nanoTime();
            train += lastBatchEnd - epochStart;
            trainCpu += lastBatchEndCpu - epochStartCpu;
            validation += now - lastBatchEnd;
            epochStart = now;
            epochStartCpu = cpuNanos();
            lastTrainLoss = trainLoss;
            lastValidationLoss = validationLoss;
        }
    }

    /**
     * DL4J's own fit loop, which {@link NetworkTrainer} used before {@link io.foresight.model.RecurrentTraining}
     * replaced it, and variants of it that were tried to make it faster (docs/BENCHMARK.md).
     */
    public enum Variant {
        /** {@code network.fit} per mini-batch, same seed and order as NetworkTrainer: the "before" figure. */
        DL4J_FIT,
        /** Every mini-batch's INDArrays built before the epoch is timed: the most that building them once could save. */
        DL4J_BATCHES_PREBUILT,
        /** Workspaces off for training and inference. */
        DL4J_NO_WORKSPACES,
        /** No element-wise gradient clipping (changes results: shown only to price the clipping ops). */
        DL4J_NO_CLIPPING
    }

    /** DL4J's fit loop (same seed, same order as {@link NetworkTrainer}), changed as {@code variant} says. */
    public static TrainingResult train(Workload w, Variant variant) throws IOException {
        Data data = data(w);
        run(data, w, variant, 1);
        return run(data, w, variant, w.epochs());
    }

    private static TrainingResult run(Data data, Workload w, Variant variant, int epochs) {
        MultiLayerNetwork network = Networks.build(Method.LSTM, data.train().inputs()[0].length, data.settings(), w.seed());
        if (variant == Variant.DL4J_NO_WORKSPACES) {
            network.getLayerWiseConfigurations().setTrainingWorkspaceMode(WorkspaceMode.NONE);
            network.getLayerWiseConfigurations().setInferenceWorkspaceMode(WorkspaceMode.NONE);
        }
        if (variant == Variant.DL4J_NO_CLIPPING) {
            for (int i = 0; i < network.getnLayers(); i++) {
                org.deeplearning4j.nn.conf.layers.Layer layer = network.getLayerWiseConfigurations().getConf(i).getLayer();
                if (layer instanceof LastTimeStep wrapper) {
                    layer = wrapper.getUnderlying();
                }
                ((BaseLayer) layer).setGradientNormalization(GradientNormalization.None);
            }
        }
        Windows train = data.train();
        DataSet validationSet = new DataSet(Nd4j.create(data.validation().inputs()), Nd4j.create(data.validation().targets()));
        Random random = new Random(w.seed());
        int available = train.count();
        int n = Math.min(available, NetworkTrainer.MAX_WINDOWS_PER_EPOCH);
        int[] order = new int[available];
        for (int i = 0; i < available; i++) {
            order[i] = i;
        }
        long trainNanos = 0;
        long trainCpu = 0;
        long validationNanos = 0;
        double trainLoss = Double.NaN;
        double validationLoss = Double.NaN;
        for (int epoch = 0; epoch < epochs; epoch++) {
            io.foresight.model.NetworkFit.shuffle(order, random);
            List<DataSet> prebuilt = new ArrayList<>();
            if (variant == Variant.DL4J_BATCHES_PREBUILT) {
                for (int start = 0; start < n; start += w.batchSize()) {
                    prebuilt.add(batch(train, order, start, Math.min(w.batchSize(), n - start)));
                }
            }
            long t0 = System.nanoTime();
            long c0 = cpuNanos();
            double lossSum = 0;
            int batches = 0;
            for (int start = 0; start < n; start += w.batchSize()) {
                DataSet batch = variant == Variant.DL4J_BATCHES_PREBUILT ? prebuilt.get(batches)
                        : batch(train, order, start, Math.min(w.batchSize(), n - start));
                network.fit(batch);
                lossSum += network.score();
                batches++;
            }
            long t1 = System.nanoTime();
            trainCpu += cpuNanos() - c0;
            trainLoss = lossSum / batches;
            validationLoss = network.score(validationSet, false);
            long t2 = System.nanoTime();
            trainNanos += t1 - t0;
            validationNanos += t2 - t1;
        }
        return new TrainingResult(variant.name(), available, data.validation().count(), n, epochs, w.batchSize(),
                n * epochs, trainNanos / 1e9, validationNanos / 1e9, trainCpu / 1e9, trainLoss, validationLoss);
    }

    private static DataSet batch(Windows train, int[] order, int start, int size) {
        float[][][] x = new float[size][][];
        float[][] y = new float[size][];
        for (int i = 0; i < size; i++) {
            x[i] = train.inputs()[order[start + i]];
            y[i] = train.targets()[order[start + i]];
        }
        return new DataSet(Nd4j.create(x), Nd4j.create(y));
    }

    /**
     * Trains the workload's network briefly (one epoch) and times forecasting the last window, batch 1, through
     * {@code network.output} (what serving did) and through {@link RecurrentInference} (what it does now).
     */
    public static InferenceResult inference(Workload w, int requests) throws IOException {
        Data data = data(w);
        NetworkTrainer.Fit fit = NetworkTrainer.fit(Method.LSTM, with(data.settings(), 1), w.seed(), data.train(),
                data.validation(), (epoch, max, trainLoss, validationLoss) -> {
                });
        MultiLayerNetwork network = fit.network().dl4j().orElseThrow();
        RecurrentInference java = RecurrentInference.of(network).orElseThrow();
        float[][][] last = {data.validation().inputs()[data.validation().count() - 1]};
        float[][][] sample = Arrays.copyOfRange(data.validation().inputs(), 0, Math.min(256, data.validation().count()));
        float[][] reference = network.output(Nd4j.create(sample), false).toFloatMatrix();
        double maxDiff = RecurrentInference.maxRelativeError(java.predict(sample), reference);
        double[] dl4j = new double[requests];
        double[] plain = new double[requests];
        for (int round = 0; round < 2; round++) { // the first round warms up
            for (int i = 0; i < (round == 0 ? Math.min(50, requests) : requests); i++) {
                long t0 = System.nanoTime();
                INDArray out = network.output(Nd4j.create(last), false);
                out.toFloatMatrix();
                long t1 = System.nanoTime();
                java.predict(last);
                long t2 = System.nanoTime();
                dl4j[i] = (t1 - t0) / 1e6;
                plain[i] = (t2 - t1) / 1e6;
            }
        }
        Arrays.sort(dl4j);
        Arrays.sort(plain);
        return new InferenceResult(percentile(dl4j, 50), percentile(dl4j, 99), percentile(plain, 50), percentile(plain, 99),
                maxDiff);
    }

    /**
     * Seconds to forecast {@code windows} windows at once (what a training job's backtest asks for) through
     * {@code network.output} and through the Java path, as {dl4j, java}.
     */
    public static double[] batchForecast(Workload w, int windows) throws IOException {
        Data data = data(w);
        MultiLayerNetwork network = Networks.build(Method.LSTM, 1, data.settings(), w.seed());
        NetworkForecaster forecaster = new NetworkForecaster(new io.foresight.model.Network.Dl4j(network), data.scaler(),
                w.window(), w.horizon());
        float[][][] inputs = new float[windows][][];
        for (int i = 0; i < windows; i++) {
            inputs[i] = data.validation().inputs()[i % data.validation().count()];
        }
        double best0 = Double.MAX_VALUE;
        double best1 = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            network.output(Nd4j.create(inputs), false).toFloatMatrix();
            long t1 = System.nanoTime();
            forecaster.predict(inputs);
            long t2 = System.nanoTime();
            best0 = Math.min(best0, (t1 - t0) / 1e9);
            best1 = Math.min(best1, (t2 - t1) / 1e9);
        }
        return new double[] {best0, best1};
    }

    /** CPU time of this process, every thread, in nanoseconds. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static double percentile(double[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
