package io.foresight.training;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.foresight.dataset.DatasetInfo;
import io.foresight.dataset.KnownFuture;
import io.foresight.dataset.Panel;
import io.foresight.dataset.TimeSeries;
import io.foresight.dataset.TimestampFormat;
import io.foresight.model.Accuracy;
import io.foresight.model.Method;
import io.foresight.model.TrainingSettings;
import io.foresight.registry.ModelVersion;
import io.foresight.registry.SeriesModel;
import io.foresight.registry.SeriesModelFile;

/**
 * A trained many-series version before the registry numbers it: a manifest whose {@code series} says what it covers
 * and whose {@code validation} and {@code candidates} average its series' held-back scores, the files of its global
 * networks and one {@link SeriesModelFile} with every series.
 */
final class PanelDraft {

    private PanelDraft() {
    }

    static VersionDraft of(String model, List<String> idColumns, PanelTraining.Result result, ModelVersion.Data data,
            ModelVersion.Provenance provenance) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<ModelVersion.Member> members = VersionDraft.members(result.networks(), files);
        return of(model, idColumns, result.series(), result.settings(), members, files, data, provenance);
    }

    /**
     * The draft of {@code series} whose networks are {@code members}, their files already in {@code networkFiles}
     * (when the series were trained in groups elsewhere: {@link ManyModels}).
     */
    static VersionDraft of(String model, List<String> idColumns, List<SeriesModel> series, TrainingSettings settings,
            List<ModelVersion.Member> members, Map<String, byte[]> networkFiles, ModelVersion.Data data,
            ModelVersion.Provenance provenance) {
        Map<String, byte[]> files = new LinkedHashMap<>(networkFiles);
        files.put(SeriesModelFile.NAME, SeriesModelFile.write(series));
        List<SeriesModel> trained = series.stream().filter(SeriesModel::trained).toList();
        if (trained.isEmpty()) {
            throw new TrainingFailedException("No series could be trained; for example series '" + series.get(0).id()
                    + "': " + series.get(0).failure() + ". Nothing was registered.");
        }
        Map<String, Integer> methods = new TreeMap<>();
        trained.forEach(s -> methods.merge(s.method().name(), 1, Integer::sum));
        int global = (int) trained.stream().filter(s -> s.networkScale() != null).count();
        double[] mases = trained.stream().mapToDouble(SeriesModel::mase).sorted().toArray();
        double median = mases.length % 2 == 1 ? mases[mases.length / 2]
                : (mases[mases.length / 2 - 1] + mases[mases.length / 2]) / 2;
        ModelVersion.SeriesSet set = new ModelVersion.SeriesSet(idColumns, series.size(),
                series.size() - trained.size(), methods, global, median, SeriesModelFile.NAME);
        String selection = String.format(Locale.ROOT, "each series chose its own method by the held-back rule: %s; the global"
                + " networks for %d of %d trained series; %d series without a model; median validation MASE %.4f",
                methods.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")),
                global, trained.size(), set.failed(), median);
        List<ModelVersion.CandidateScore> candidates = candidates(trained);
        ModelVersion manifest = new ModelVersion(ModelVersion.SCHEMA_VERSION, model, 0, provenance.finishedAt(),
                Method.PER_SERIES, settings, null, members, data, validation(trained),
                candidates, selection, null, null, null, provenance, null, Map.of(), set,
                drivers(data.knownFuture(), candidates, trained, members));
        return new VersionDraft(manifest, files);
    }

    /**
     * What the known future did across the series (null without one): the candidate reading it (a network, a
     * regression on it) with the lowest mean held-back MASE over the series that tried it, against the best without it
     * (a statistical method), and whether any series reads it ({@link SeriesModel#readsKnownFuture}).
     */
    private static ModelVersion.Drivers drivers(KnownFuture known, List<ModelVersion.CandidateScore> candidates,
            List<SeriesModel> trained, List<ModelVersion.Member> members) {
        return known.isEmpty() ? null : ModelVersion.Drivers.of(known.channelNames(), candidates,
                trained.stream().anyMatch(s -> s.readsKnownFuture(members)), null, null);
    }

    /** The series' held-back scores averaged (each measure's mean over the trained series), as M-competitions report them. */
    private static ModelVersion.Validation validation(List<SeriesModel> trained) {
        int validationWindows = 0;
        int trainWindows = 0;
        double scale = 0;
        Map<Integer, Integer> periods = new TreeMap<>();
        List<Accuracy> model = new ArrayList<>();
        List<Accuracy> naive = new ArrayList<>();
        List<Accuracy> seasonal = new ArrayList<>();
        for (SeriesModel s : trained) {
            ModelVersion.Validation v = s.validation();
            validationWindows += v.validationWindows();
            trainWindows += v.trainWindows();
            scale += v.maseScale() / trained.size();
            periods.merge(v.seasonalPeriod(), 1, Integer::sum);
            model.add(v.model());
            naive.add(v.naive());
            seasonal.add(v.seasonalNaive());
        }
        int period = periods.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        Accuracy m = mean(model);
        Accuracy n = mean(naive);
        Accuracy s = mean(seasonal);
        return new ModelVersion.Validation(validationWindows, trainWindows, period, scale, m, n, s, m.mase() < n.mase(),
                m.mase() < s.mase());
    }

    private static Accuracy mean(List<Accuracy> all) {
        double mae = 0;
        double rmse = 0;
        double mase = 0;
        double smape = 0;
        for (Accuracy a : all) {
            mae += a.mae() / all.size();
            rmse += a.rmse() / all.size();
            mase += a.mase() / all.size();
            smape += a.smape() / all.size();
        }
        return new Accuracy(mae, rmse, mase, smape);
    }

    /** Each candidate's mean validation MASE over the series that tried it (finite scores only). */
    private static List<ModelVersion.CandidateScore> candidates(List<SeriesModel> trained) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, Integer> chosen = new LinkedHashMap<>();
        for (SeriesModel s : trained) {
            s.candidates().forEach((name, mase) -> {
                if (Double.isFinite(mase)) {
                    double[] sum = sums.computeIfAbsent(name, k -> new double[2]);
                    sum[0] += mase;
                    sum[1]++;
                }
            });
            chosen.merge(s.candidate(), 1, Integer::sum);
        }
        List<ModelVersion.CandidateScore> scores = new ArrayList<>();
        sums.forEach((name, sum) -> scores.add(new ModelVersion.CandidateScore(name, SeriesModel.method(name), "per series",
                List.of(), 0, sum[0] / sum[1], chosen.getOrDefault(name, 0) > 0)));
        return scores;
    }

    /** Where the version's data came from: the dataset, the columns, and the series' points and time span. */
    static ModelVersion.Data data(Trainer.Prepared prepared, Panel panel) {
        DatasetInfo dataset = prepared.dataset();
        List<String> columns = prepared.columns();
        int points = 0;
        int missing = 0;
        LocalDateTime start = null;
        LocalDateTime end = null;
        TimeSeries any = panel.series().get(0).data();
        KnownFuture known = prepared.known();
        for (Panel.Member member : panel.series()) {
            TimeSeries series = throughLastValue(member.data(), columns.get(0));
            if (series == null) {
                continue; // no target value: a failed series, no part of the data trained on
            }
            points += series.size();
            for (String column : columns) {
                missing += series.column(column).missingValues();
            }
            LocalDateTime first = series.timestamps().get(0);
            LocalDateTime last = series.timestamps().get(series.size() - 1);
            start = start == null || first.isBefore(start) ? first : start;
            end = end == null || last.isAfter(end) ? last : end;
        }
        return new ModelVersion.Data(dataset.id(), dataset.name(), dataset.sha256(), columns.get(0),
                columns.subList(1, columns.size()), any.frequency().code(), any.dateOnly(), points, missing,
                TimestampFormat.format(start, any.dateOnly()), TimestampFormat.format(end, any.dateOnly()),
                known.columns().isEmpty() ? null : known.columns(), known.calendar().isEmpty() ? null : known.calendar(),
                known.holidays());
    }

    /** A series through its target's last value (the rows after it are its plan, or not trained on); null without one. */
    static TimeSeries throughLastValue(TimeSeries series, String target) {
        return series.column(target).missingValues() == series.size() ? null : series.throughLastValueOf(target);
    }
}
