package io.foresight.registry;

import java.util.ArrayList;
import java.util.List;

import io.foresight.model.Baselines;
import io.foresight.model.EnsembleForecaster;
import io.foresight.model.Forecaster;
import io.foresight.model.Method;
import io.foresight.model.NetworkForecaster;
import io.foresight.model.RegressionForecaster;
import io.foresight.model.RememberingForecaster;

/**
 * Rebuilds the forecaster of a stored version, the one way to do it: for serving ({@code forecast}) and for a
 * warm start, which trains its parent's networks further and scores the parent ({@code training}). Every network
 * file is checked against the manifest's checksum as it is read ({@link ModelRegistry#read}).
 */
public final class VersionLoader {

    private final ModelRegistry registry;

    public VersionLoader(ModelRegistry registry) {
        this.registry = registry;
    }

    /** The version's forecaster as it serves: its networks (their mean), COMBINED with statistical methods, or a statistical method. */
    public Forecaster forecaster(ModelVersion version) {
        Forecaster statistical = statistical(version, null, version.settings().horizon());
        return statistical != null ? statistical
                : forecaster(version.method(), version.validation().seasonalPeriod(), version.settings().horizon(),
                        networks(version));
    }

    /**
     * The forecaster of a version ({@code series} null) or of one series of a many-series version, as it serves, when
     * it reads no network: a statistical method, AUTO's combination of them, or a regression on the known future with
     * one; made for {@code horizon} steps, which such a method forecasts from one fit (a network forecasts its trained
     * horizon, and further only by forecasting again from its own forecasts). Null when it reads networks.
     */
    public static Forecaster statistical(ModelVersion version, SeriesModel series, int horizon) {
        Method method = series == null ? version.method() : series.method();
        int period = (series == null ? version.validation() : series.validation()).seasonalPeriod();
        if (method == Method.REGRESSION) {
            return regression(series == null ? version.drivers().remainder() : series.remainder(), period, horizon,
                    version.data().knownFuture().channels(),
                    series == null ? Boolean.TRUE.equals(version.drivers().multiplicative()) : series.multiplicative());
        }
        ModelVersion.CandidateScore chosen = version.chosen();
        if (series == null && method == Method.COMBINATION && chosen != null && chosen.members() != null) {
            // AUTO's combination of the statistical methods that validated best, as its manifest lists them
            return new RememberingForecaster(Baselines.combination(chosen.members(), "median".equals(chosen.combiner()),
                    period, horizon));
        }
        boolean networks = series == null ? !version.members().isEmpty() : !series.members().isEmpty();
        return networks ? null : forecaster(method, period, horizon, List.of());
    }

    /**
     * The forecaster of {@code method}: a statistical method, the mean of {@code networks}, or (COMBINED) that mean
     * with the statistical methods it combines. A single-series version's, and each series' of a many-series version.
     */
    public static Forecaster forecaster(Method method, int period, int horizon, List<NetworkForecaster> networks) {
        if (networks.isEmpty()) {
            Forecaster statistical = Baselines.of(method, period, horizon);
            return method.refitsHistory() ? new RememberingForecaster(statistical) : statistical;
        }
        Forecaster mean = EnsembleForecaster.of(networks);
        return method == Method.COMBINED ? Baselines.combined(mean, period, horizon) : mean;
    }

    /**
     * A regression on the last {@code knownFuture} channels whose remainder {@code remainder} forecasts, as a
     * {@code REGRESSION} version (or series) serves; {@code multiplicative}: its effects multiply the target
     * (versions stored before that choice existed add them).
     */
    public static Forecaster regression(Method remainder, int period, int horizon, int knownFuture, boolean multiplicative) {
        return new RegressionForecaster(Baselines.of(remainder, period, horizon), knownFuture, multiplicative);
    }

    /**
     * The series of a many-series version, read from its series file (checked against the manifest's checksum).
     *
     * @throws IllegalStateException when the version covers one series
     */
    public List<SeriesModel> series(ModelVersion version) {
        if (!version.manySeries()) {
            throw new IllegalStateException("version " + version.version() + " of '" + version.model() + "' has one series");
        }
        return SeriesModelFile.read(registry.read(version, version.series().file()));
    }

    /**
     * The forecaster of one series of a many-series version: its statistical method, or its networks among the
     * version's ({@code networks}, restored once per version): global ones (stored without a scaler) with the series'
     * scaler, its own with theirs; or (REGRESSION) a regression on the version's known-future channels whose remainder
     * the series' {@code remainder} method forecasts.
     */
    public static Forecaster forecaster(ModelVersion version, SeriesModel series, List<NetworkForecaster> networks) {
        Forecaster statistical = statistical(version, series, version.settings().horizon());
        if (statistical != null) {
            return statistical;
        }
        List<NetworkForecaster> own = new ArrayList<>(series.members().size());
        for (int member : series.members()) {
            // a network of the series' own was stored with its scaler; a global one takes the series'
            own.add(version.members().get(member).scaler() != null ? networks.get(member)
                    : networks.get(member).withScaler(series.networkScale()));
        }
        return forecaster(series.method(), series.validation().seasonalPeriod(), version.settings().horizon(), own);
    }

    /** The version's networks, one per member and in the members' order, each restored afresh from its files. */
    public List<NetworkForecaster> networks(ModelVersion version) {
        List<NetworkForecaster> networks = new ArrayList<>(version.members().size());
        for (ModelVersion.Member member : version.members()) {
            networks.add(network(version, member));
        }
        return networks;
    }

    /** One member's network, restored afresh from its files with the scaler it was trained with. */
    public NetworkForecaster network(ModelVersion version, ModelVersion.Member member) {
        return NetworkForecaster.restore(registry.read(version, member.configFile()), registry.read(version, member.paramsFile()),
                member.scaler(), member.window(version.settings()), version.settings().horizon());
    }
}
