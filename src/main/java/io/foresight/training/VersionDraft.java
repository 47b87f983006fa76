package io.foresight.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.foresight.dataset.DatasetInfo;
import io.foresight.dataset.KnownFuture;
import io.foresight.model.Method;
import io.foresight.model.Networks;
import io.foresight.model.ThetaForecaster;
import io.foresight.registry.ModelVersion;

/**
 * A trained version before the registry numbers it: its manifest and the files of its networks
 * ({@code network-<i>.json}, {@code params-<i>.bin}, one pair per network of the chosen candidate).
 */
record VersionDraft(ModelVersion manifest, Map<String, byte[]> files) {

    static VersionDraft of(Trainer.Prepared prepared, TrainingData data, Selection selection,
            IntervalCalibrator.Calibrated intervals, ModelVersion.HeldBack heldBack, ModelVersion.Provenance provenance) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<ModelVersion.Member> members = members(selection.winner().networks(), files);
        ModelVersion manifest = new ModelVersion(ModelVersion.SCHEMA_VERSION, prepared.model(), 0, provenance.finishedAt(),
                selection.winner().method(), prepared.settings(), intervals.scale(), members, data(prepared, data),
                selection.validation(), selection.scores(), selection.reason(), intervals.calibration(), heldBack,
                tail(data, selection.winner(), prepared.settings().seasonalPeriod()), provenance, null, Map.of(), null,
                drivers(prepared.known(), selection));
        return new VersionDraft(manifest, files);
    }

    /**
     * What the known future did (null without one): the best candidate reading it (networks read it; so do the
     * regressions on it) against the best candidate without it (the statistical methods, networks fitted without it),
     * on the same held-back windows; the selection's reason says how the choice with it was compared with the choice
     * without it ({@link Selection#withDrivers}).
     */
    static ModelVersion.Drivers drivers(KnownFuture known, Selection selection) {
        if (known.isEmpty()) {
            return null;
        }
        Candidate winner = selection.winner();
        boolean used = ModelVersion.readsKnownFuture(winner.method(),
                winner.networks().stream().map(Candidate.FittedNetwork::scaler));
        return ModelVersion.Drivers.of(known.channelNames(), selection.scores(), used,
                winner.remainder(), winner.method() == Method.REGRESSION ? winner.multiplicative() : null);
    }

    /** Whether a candidate forecasts with networks that read the known future. */
    static boolean networksRead(Candidate candidate) {
        return candidate.networks().stream().map(Candidate.FittedNetwork::scaler).anyMatch(ModelVersion::readsKnownFuture);
    }

    /** The version's members, one per network, whose configuration and parameters go into {@code files}. */
    static List<ModelVersion.Member> members(List<Candidate.FittedNetwork> networks, Map<String, byte[]> files) {
        List<ModelVersion.Member> members = new ArrayList<>();
        for (Candidate.FittedNetwork network : networks) {
            String config = "network-" + members.size() + ".json";
            String params = "params-" + members.size() + ".bin";
            files.put(config, Networks.configBytes(network.forecaster().network()));
            files.put(params, Networks.paramBytes(network.forecaster().network()));
            members.add(new ModelVersion.Member(network.method(), network.scaler(), network.seed(), config, params,
                    network.forecaster().inputWindow()));
        }
        return members;
    }

    private static ModelVersion.Data data(Trainer.Prepared prepared, TrainingData data) {
        DatasetInfo dataset = prepared.dataset();
        List<String> columns = prepared.columns();
        KnownFuture known = prepared.known();
        return new ModelVersion.Data(dataset.id(), dataset.name(), dataset.sha256(), columns.get(0),
                columns.subList(1, columns.size()), data.series().frequency().code(), data.series().dateOnly(), data.size(),
                data.filled(), data.timestamp(0), data.timestamp(data.size() - 1),
                known.columns().isEmpty() ? null : known.columns(), known.calendar().isEmpty() ? null : known.calendar(),
                known.holidays());
    }

    /** Points of a series of {@code size} that a forecast of {@code winner} without history starts from: at least a season. */
    static int tailLength(int size, Candidate winner, int period) {
        int history = winner.method() == Method.COMBINED || winner.method().refitsHistory() ? ThetaForecaster.MAX_HISTORY
                : winner.forecaster().window();
        return Math.min(size, Math.max(history, period));
    }

    /** The end of the series that a forecast without history starts from: what the winner needs, at least a season. */
    private static ModelVersion.Tail tail(TrainingData data, Candidate winner, int period) {
        int size = data.size();
        int length = tailLength(size, winner, period);
        List<String> timestamps = new ArrayList<>(length);
        for (int t = size - length; t < size; t++) {
            timestamps.add(data.timestamp(t));
        }
        double[][] values = new double[data.channels().length][];
        for (int c = 0; c < values.length; c++) {
            values[c] = Arrays.copyOfRange(data.channels()[c], size - length, size);
        }
        return new ModelVersion.Tail(timestamps, values, data.known().columns().isEmpty() ? null : data.future());
    }
}
