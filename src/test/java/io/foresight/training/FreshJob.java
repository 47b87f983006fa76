package io.foresight.training;

import java.util.List;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;

import io.foresight.ForesightProperties;
import io.foresight.dataset.TimeSeries;

/**
 * A fresh single-series job's steps up to its choice, as {@link Trainer#draft} takes them (the request's settings, the
 * training data with its known future, the held-back windows, the network plans), for tests of what is fitted and
 * chosen without a service or a registry.
 */
record FreshJob(Trainer.Prepared prepared, TrainingData data, HeldBackWindows windows, NetworkFitting fitting,
        List<NetworkPlan> plans) {

    /** The job of {@code request} on {@code series}, AUTO's network layers of {@code autoLayerSizes}; quiet. */
    static FreshJob of(TimeSeries series, TrainingRequest request, List<Integer> autoLayerSizes) {
        return of(series, request, autoLayerSizes, QuietMonitor.QUIET);
    }

    /** {@link #of(TimeSeries, TrainingRequest, List)} reporting its progress to {@code monitor}. */
    static FreshJob of(TimeSeries series, TrainingRequest request, List<Integer> autoLayerSizes, Trainer.Monitor monitor) {
        ForesightProperties properties = Binder.get(new StandardEnvironment()).bindOrCreate("foresight",
                ForesightProperties.class);
        Trainer.Prepared prepared = Trainer.fresh("m", null, request, series, new SettingsResolver(properties.limits()),
                autoLayerSizes);
        TrainingData data = TrainingData.of(series, prepared.columns(), prepared.known());
        HeldBackWindows windows = HeldBackWindows.of(data.channels(), prepared.settings(), prepared.known().channels());
        NetworkFitting fitting = new NetworkFitting(prepared.settings(), windows, monitor);
        return new FreshJob(prepared, data, windows, fitting,
                NetworkPlan.plans(prepared.settings(), windows.plan(), prepared.networkLayers()));
    }

    /** The candidates fitted and chosen among ({@link Trainer#fitAndChoose}, as the job does). */
    Selection choose() {
        return Trainer.fitAndChoose(prepared.settings(), windows, fitting, plans, i -> null, null).selection();
    }
}
