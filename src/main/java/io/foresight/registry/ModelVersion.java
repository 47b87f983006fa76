package io.foresight.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.foresight.dataset.KnownFuture;
import io.foresight.model.Accuracy;
import io.foresight.model.Baselines;
import io.foresight.model.Method;
import io.foresight.model.TrainingSettings;
import io.foresight.window.Scaler;

/**
 * The manifest of one immutable model version (of one series, or of many: {@link #series}): everything needed to forecast with it (method, settings,
 * the interval scale and calibration, the training tail) and to trust it (data hash, held-back validation, candidates,
 * provenance, checksums of its files). Stored as {@code manifest.json}; never changed after it is written.
 * {@code intervalScale} (stored as {@code scaler}) is the scale in which {@code intervals} measures residuals;
 * each network member has its own scaler.
 */
public record ModelVersion(
        int schemaVersion,
        String model,
        int version,
        Instant createdAt,
        Method method,
        TrainingSettings settings,
        @JsonProperty("scaler") Scaler intervalScale,
        List<Member> members,
        Data data,
        @JsonProperty("backtest") Validation validation,
        List<CandidateScore> candidates,
        String selection,
        IntervalCalibration intervals,
        HeldBack heldBack,
        Tail tail,
        Provenance provenance,
        String promotion,
        Map<String, String> files,
        SeriesSet series,
        Drivers drivers) {

    /** A version without known-future inputs. */
    public ModelVersion(int schemaVersion, String model, int version, Instant createdAt, Method method,
            TrainingSettings settings, Scaler intervalScale, List<Member> members, Data data, Validation validation,
            List<CandidateScore> candidates, String selection, IntervalCalibration intervals, HeldBack heldBack, Tail tail,
            Provenance provenance, String promotion, Map<String, String> files, SeriesSet series) {
        this(schemaVersion, model, version, createdAt, method, settings, intervalScale, members, data, validation,
                candidates, selection, intervals, heldBack, tail, provenance, promotion, files, series, null);
    }

    public static final int SCHEMA_VERSION = 1;

    /**
     * Name prefix of the candidate that scores a warm start's parent version on the new held-back windows,
     * e.g. {@code PARENT_VERSION_3}: what the new version is compared with before it may be promoted.
     */
    public static final String PARENT_CANDIDATE_PREFIX = "PARENT_VERSION_";

    public ModelVersion withVersion(int number, String promotionNote, Map<String, String> checksums) {
        return new ModelVersion(schemaVersion, model, number, createdAt, method, settings, intervalScale, members, data, validation,
                candidates, selection, intervals, heldBack, tail, provenance, promotionNote, checksums, series, drivers);
    }

    /**
     * The first number of this manifest's scores, intervals and held-back forecasts that is not finite (as
     * {@code "backtest.model.rmse is Infinity"}, named as in the JSON), or null when all are: a version is registered
     * only without one. Parts a manifest lacks are skipped.
     */
    public String firstNonFinite() {
        List<String> found = new java.util.ArrayList<>(1);
        if (validation != null) {
            finite(found, "backtest.maseScale", validation.maseScale());
            accuracy(found, "backtest.model", validation.model());
            accuracy(found, "backtest.naive", validation.naive());
            accuracy(found, "backtest.seasonalNaive", validation.seasonalNaive());
        }
        if (candidates != null) {
            candidates.forEach(c -> {
                finite(found, "the validation MASE of candidate " + c.name(), c.validationMase());
                if (c.originMase() != null) {
                    finite(found, "the rolling-origin MASE of candidate " + c.name(), c.originMase());
                }
                finite(found, "a fold MASE of candidate " + c.name(), c.foldMase());
            });
        }
        if (intervals != null && intervals.rms() != null && intervals.absResidualQuantiles() != null) {
            finite(found, "intervals.rms", intervals.rms());
            for (double[] quantiles : intervals.absResidualQuantiles()) {
                finite(found, "intervals.absResidualQuantiles", quantiles);
            }
        }
        if (heldBack != null) {
            finite(found, "heldBack.predicted", heldBack.predicted());
            heldBack.lower().forEach((level, values) -> finite(found, "a held-back " + level + " % lower bound", values));
            heldBack.upper().forEach((level, values) -> finite(found, "a held-back " + level + " % upper bound", values));
        }
        return found.isEmpty() ? null : found.get(0);
    }

    private static void accuracy(List<String> found, String name, Accuracy a) {
        if (a != null) {
            finite(found, name + ".mae", a.mae());
            finite(found, name + ".rmse", a.rmse());
            finite(found, name + ".mase", a.mase());
            finite(found, name + ".smape", a.smape());
        }
    }

    private static void finite(List<String> found, String name, double... values) {
        if (values == null) {
            return;
        }
        for (double value : values) {
            if (found.isEmpty() && !Double.isFinite(value)) {
                found.add(name + " is " + value);
            }
        }
    }

    /** Whether this version covers many series ({@link #series} says which file holds them). */
    public boolean manySeries() {
        return series != null;
    }

    /**
     * What a many-series version covers (null for a single-series version): its series are in {@code file}
     * ({@link SeriesModelFile}); its {@code validation} averages the series' held-back scores.
     *
     * @param idColumns     the dataset's id columns
     * @param count         series in the dataset
     * @param failed        series without a model (too short, or their training failed), listed with the reason
     * @param methods       how many series each method was chosen for
     * @param globalNetwork series whose chosen candidate uses the global networks
     * @param medianMase    the median held-back MASE of the trained series
     * @param file          the file holding the series
     */
    public record SeriesSet(List<String> idColumns, int count, int failed, Map<String, Integer> methods, int globalNetwork,
            double medianMase, String file) {
    }

    /**
     * One network of the version (several when the method is {@code ENSEMBLE}, whose forecast is their mean):
     * its architecture, how it encodes values, its seed and the files holding its configuration and parameters.
     * {@code window} is its input window (steps it reads), absent in versions stored before it was recorded: then the
     * version's {@code settings.window}. The networks of a many-series version may read different windows (a long
     * series' own networks, or groups trained apart by the Spark job).
     */
    public record Member(Method method, Scaler scaler, long seed, String configFile, String paramsFile, Integer window) {

        /** The window it reads: its own, or the version's for a version stored before members recorded theirs. */
        public int window(TrainingSettings settings) {
            return window != null ? window : settings.window();
        }
    }

    /**
     * Where the version's data came from, and what it knows about the future (absent in versions without):
     * {@code futureFeatures} columns whose future values a forecast needs, {@code calendar} encodings and the
     * {@code holidays} calendar ({@link KnownFuture}).
     */
    public record Data(String datasetId, String datasetName, String sha256, String target, List<String> features,
            String frequency, boolean dateOnly, int points, int filledValues, String start, String end,
            List<String> futureFeatures, List<String> calendar, String holidays) {

        /** Data without a known future. */
        public Data(String datasetId, String datasetName, String sha256, String target, List<String> features,
                String frequency, boolean dateOnly, int points, int filledValues, String start, String end) {
            this(datasetId, datasetName, sha256, target, features, frequency, dateOnly, points, filledValues, start, end,
                    null, null, null);
        }

        /** What the version knows about the future ({@link KnownFuture#NONE} for a version without). */
        public KnownFuture knownFuture() {
            return new KnownFuture(futureFeatures, calendar, holidays);
        }

        /** The columns a forecast's history carries, target first: the target, the features, the future features. */
        public List<String> columns() {
            List<String> columns = new java.util.ArrayList<>();
            columns.add(target);
            columns.addAll(features);
            if (futureFeatures != null) {
                columns.addAll(futureFeatures);
            }
            return columns;
        }
    }

    /**
     * The held-back validation (stored as {@code backtest}): the chosen method and both naive baselines on the same
     * held-back windows. Not the accuracy protocol of the {@code backtest} tool, which trains and scores many versions.
     */
    public record Validation(int validationWindows, int trainWindows, int seasonalPeriod, double maseScale,
            Accuracy model, Accuracy naive, Accuracy seasonalNaive, boolean beatsNaive, boolean beatsSeasonalNaive) {
    }

    /**
     * One trained or evaluated candidate and its validation score. {@code seeds}: its networks' seeds (an AUTO
     * network candidate is the mean of several); {@code epochs}: the best epoch, the latest of its networks'.
     * A statistical candidate of AUTO also has (absent in versions stored before they were recorded, and for networks):
     * {@code originMase}, its MASE over the rolling origins the statistical methods are chosen on, and
     * {@code foldMase}, that MASE per fold of one horizon of consecutive origins (earliest first); {@code form}, what it
     * fitted on the whole series (ETS's form, e.g. {@code "ETS(M,Ad,M)"}); and for a {@code COMBINATION} the
     * {@code members} it combines and the {@code combiner} ({@code "mean"} or {@code "median"}).
     */
    public record CandidateScore(String name, Method method, String representation, List<Long> seeds, int epochs,
            double validationMase, boolean chosen, Double originMase, double[] foldMase, String form, List<Method> members,
            String combiner) {

        /** A candidate scored on the held-back windows only. */
        public CandidateScore(String name, Method method, String representation, List<Long> seeds, int epochs,
                double validationMase, boolean chosen) {
            this(name, method, representation, seeds, epochs, validationMase, chosen, null, null, null, null, null);
        }

        /** What the name of a network candidate fitted without the known future ends with (AUTO's first stage). */
        public static final String WITHOUT_KNOWN_FUTURE = " without drivers";

        /** The same score, {@code chosen} or not. */
        public CandidateScore marked(boolean chosenNow) {
            return new CandidateScore(name, method, representation, seeds, epochs, validationMase, chosenNow, originMase,
                    foldMase, form, members, combiner);
        }

        /**
         * Whether the candidate reads the known future: the regressions on it, and every network candidate but those
         * fitted without it ({@link #WITHOUT_KNOWN_FUTURE}, and the ensembles and combinations built on them); the
         * statistical methods and their combination do not.
         */
        public boolean readsKnownFuture() {
            return method != null && method != Method.COMBINATION && !Baselines.statistical(2).contains(method)
                    && (name == null || !name.contains(WITHOUT_KNOWN_FUTURE));
        }
    }

    /** Whether a network encoded by {@code networkScaler} reads the known future (was fitted with it). */
    public static boolean readsKnownFuture(Scaler networkScaler) {
        return networkScaler != null && networkScaler.knownFuture() > 0;
    }

    /**
     * Whether a forecast by {@code method} with networks encoded by {@code networkScalers} reads the known future: a
     * regression on it, or networks fitted with it (alone, in an ensemble, or combined with statistical methods).
     */
    public static boolean readsKnownFuture(Method method, java.util.stream.Stream<Scaler> networkScalers) {
        return method == Method.REGRESSION || networkScalers.anyMatch(ModelVersion::readsKnownFuture);
    }

    /** The chosen candidate's score, or null when none is marked (a many-series version). */
    public CandidateScore chosen() {
        return candidates == null ? null : candidates.stream().filter(CandidateScore::chosen).findFirst().orElse(null);
    }

    /**
     * The chosen method's forecasts over the held-back part, next to what happened: consecutive forecasts of
     * one horizon each from origins at the start of the held-back part, with 80 % and 95 % intervals.
     */
    public record HeldBack(List<String> timestamps, double[] actual, double[] predicted, Map<String, double[]> lower,
            Map<String, double[]> upper) {
    }

    /**
     * What the known future did for a version trained with it (null without): {@code inputs} the known-future channels
     * (future features, calendar and holiday channels), the best candidate that reads them ({@code bestWith}: a
     * network or a regression on them) and the best that does not ({@code bestWithout}: a statistical method or, for a
     * single series, a network fitted without them), each with its held-back MASE on the same windows, whether the chosen method reads them ({@code used}), and for a
     * {@code REGRESSION} version the method forecasting its remainder and whether the drivers' effects multiply the
     * target ({@code multiplicative}; null for other versions, and for those stored before it, whose effects add).
     */
    public record Drivers(List<String> inputs, String bestWith, double maseWith, String bestWithout, double maseWithout,
            boolean used, Method remainder, Boolean multiplicative) {

        /**
         * What the known future did among {@code scores} (a version's, a many-series version's each candidate's mean over
         * its series, or one series'): the candidate reading it with the lowest held-back MASE against the best without
         * it; {@code used}, {@code remainder} and {@code multiplicative} as for the record.
         */
        public static Drivers of(List<String> inputs, List<CandidateScore> scores, boolean used, Method remainder,
                Boolean multiplicative) {
            CandidateScore with = null;
            CandidateScore without = null;
            for (CandidateScore score : scores) {
                if (score.method() == null) {
                    continue;
                }
                if (score.readsKnownFuture()) {
                    with = with == null || score.validationMase() < with.validationMase() ? score : with;
                } else {
                    without = without == null || score.validationMase() < without.validationMase() ? score : without;
                }
            }
            return new Drivers(inputs, with == null ? null : with.name(), with == null ? Double.NaN : with.validationMase(),
                    without == null ? null : without.name(), without == null ? Double.NaN : without.validationMase(), used,
                    remainder, multiplicative);
        }
    }

    /**
     * The end of the training data: what a forecast without {@code history} starts from; {@code future} (absent
     * without future features): per future feature, its values stored with the data at the steps after the end.
     */
    public record Tail(List<String> timestamps, double[][] values, double[][] future) {

        public Tail(List<String> timestamps, double[][] values) {
            this(timestamps, values, null);
        }

        /** The last timestamp: where the stored data ends (not stored: derived). */
        @JsonIgnore
        public String end() {
            return timestamps.get(timestamps.size() - 1);
        }
    }

    public record Provenance(String jobId, Instant startedAt, Instant finishedAt, double trainingSeconds,
            Map<String, String> libraries, Integer parentVersion) {
    }
}
