package io.foresight.backtest;

import java.util.List;

import io.foresight.dataset.TimeSeries;
import io.foresight.model.Architecture;

/**
 * How the backtest obtains the forecasts it scores: given the training parts of one origin, one forecast per part, in
 * the same order. {@link PerSeriesForecaster} (the default, and the only one today) trains one model per part through
 * the service, as a user uploading that one series would. The seam for a many-series mode ({@code --many}): an
 * implementation that writes every part into one long-format CSV ({@code series,timestamp,value}, the part's
 * {@link TrainingPart#id()} as series id), uploads it as one many-series dataset, trains one model over all of them and
 * forecasts each series by id; it returns {@link #wholePanel()} true so that the command hands it every part of an
 * origin at once instead of one at a time. Scoring, the protocol's split and the report stay as they are.
 */
interface PanelForecaster {

    /**
     * One series' training part at one origin.
     *
     * @param id           the series' id in the panel (its label in the report)
     * @param name         a dataset and model name, unique within the run
     * @param data         the whole series (its timestamps give the training part's)
     * @param train        the training values, {@code data}'s first {@code train.length} points (NaN = missing)
     * @param h            how many steps to forecast
     * @param architecture what training asks for
     * @param epochs       epochs override, or null
     * @param target       the column forecast ({@code data}'s column of {@code train})
     * @param drivers      what is known about the future, handed to the model (the future features' values over
     *                     the test horizon as a plan), or null
     * @param group        with {@code --drivers}, the file it comes from (a many-series model is trained over each
     *                     file's series, with its drivers and without them), else null
     */
    record TrainingPart(String id, String name, TimeSeries data, double[] train, int h, Architecture architecture,
            Integer epochs, String target, Drivers drivers, String group) {

        TrainingPart(String id, String name, TimeSeries data, double[] train, int h, Architecture architecture,
                Integer epochs) {
            this(id, name, data, train, h, architecture, epochs, null, null, null);
        }
    }

    /**
     * The forecast of one part, or why there is none.
     *
     * @param method       the forecast's method, null when it failed
     * @param point        h point forecasts, null when it failed
     * @param lower        lower bounds of the 80 % ([0]) and 95 % ([1]) intervals (NaN where absent), null without intervals
     * @param upper        upper bounds, likewise
     * @param trainSeconds the training job's duration (for a many-series model: its share, or the whole)
     * @param error        why it failed, or null
     */
    record Outcome(String method, double[] point, double[][] lower, double[][] upper, double trainSeconds, String error) {

        static Outcome failed(double trainSeconds, String error) {
            return new Outcome(null, null, null, null, trainSeconds, error);
        }
    }

    /** True when it must see every part of an origin in one call (one model over all series). */
    default boolean wholePanel() {
        return false;
    }

    /** One outcome per part, in order; a part that failed gets {@link Outcome#failed}, the others go on. */
    List<Outcome> forecast(List<TrainingPart> parts) throws InterruptedException;
}
