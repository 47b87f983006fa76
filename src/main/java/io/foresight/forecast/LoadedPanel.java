package io.foresight.forecast;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.foresight.model.Forecaster;
import io.foresight.model.NetworkForecaster;
import io.foresight.registry.IntervalCalibration;
import io.foresight.registry.ModelVersion;
import io.foresight.registry.SeriesModel;
import io.foresight.registry.VersionLoader;

/**
 * A many-series version loaded for serving: its series by id, its global networks restored once, and each series'
 * forecaster and interval calibration built the first time that series is asked for (a request for every series
 * builds them all; later requests reuse them).
 */
final class LoadedPanel {

    private final ModelVersion version;
    private final List<SeriesModel> series;
    private final Map<String, Integer> positions;
    private final List<NetworkForecaster> networks;
    private final AtomicReferenceArray<Forecaster> forecasters;
    private final AtomicReferenceArray<IntervalCalibration> calibrations;

    LoadedPanel(ModelVersion version, VersionLoader loader) {
        this.version = version;
        this.series = loader.series(version);
        this.networks = version.members().isEmpty() ? List.of() : loader.networks(version);
        this.positions = new HashMap<>(series.size() * 2);
        for (int i = 0; i < series.size(); i++) {
            positions.put(series.get(i).id(), i);
        }
        this.forecasters = new AtomicReferenceArray<>(series.size());
        this.calibrations = new AtomicReferenceArray<>(series.size());
    }

    ModelVersion version() {
        return version;
    }

    List<SeriesModel> series() {
        return series;
    }

    /** The position of the series with this id, or -1. */
    int position(String id) {
        return positions.getOrDefault(id, -1);
    }

    Forecaster forecaster(int position) {
        Forecaster forecaster = forecasters.get(position);
        if (forecaster == null) {
            forecaster = VersionLoader.forecaster(version, series.get(position), networks);
            forecasters.compareAndSet(position, null, forecaster);
        }
        return forecaster;
    }

    IntervalCalibration calibration(int position) {
        IntervalCalibration calibration = calibrations.get(position);
        if (calibration == null) {
            calibration = IntervalCalibration.of(series.get(position).absResiduals());
            calibrations.compareAndSet(position, null, calibration);
        }
        return calibration;
    }
}
