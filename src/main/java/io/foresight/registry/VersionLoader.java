package io.foresight.registry;

import java.util.ArrayList;
import java.util.List;

import io.foresight.model.Baselines;
import io.foresight.model.EnsembleForecaster;
import io.foresight.model.Forecaster;
import io.foresight.model.Method;
import io.foresight.model.NetworkForecaster;

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
        int horizon = version.settings().horizon();
        int period = version.validation().seasonalPeriod();
        if (version.members().isEmpty()) {
            return Baselines.of(version.method(), period, horizon);
        }
        Forecaster networks = EnsembleForecaster.of(networks(version));
        return version.method() == Method.COMBINED ? Baselines.combined(networks, period, horizon) : networks;
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
                member.scaler(), version.settings().window(), version.settings().horizon());
    }
}
