package io.foresight.window;

import java.util.Arrays;

/**
 * The one place where raw values become model values and back. Fitted on the training part only, one
 * centre and scale per channel (channel 0 is the target, the others are feature columns). A window that
 * ends at index {@code end} (exclusive) uses channels[.][end - window .. end - 1] as input and predicts
 * target[end .. end + horizon - 1]; seasonal representations also look {@code period} points further back.
 *
 * @param representation how the target is encoded
 * @param period         season length used by the seasonal representations (1 otherwise)
 * @param center         per channel: the training mean ({@code LEVEL}) or 0
 * @param scale          per channel: the training standard deviation ({@code LEVEL}), mean absolute seasonal
 *                       difference (seasonal target) or mean absolute step
 * @param knownFuture    how many of the last channels are known-future inputs (calendar, holidays, planned drivers):
 *                       each is read {@code lead} steps ahead, so that the last {@code lead} positions of a window
 *                       hold its values at the steps the window predicts, and standardised with the training part's
 *                       mean and standard deviation whatever the representation (a driver's level, not its change,
 *                       is what it says about a step)
 * @param lead           how far ahead the known-future channels are read: the trained horizon (0 without them)
 */
public record Scaler(Representation representation, int period, double[] center, double[] scale, Integer knownFuture,
        Integer lead) {

    /** The scale of a known-future channel constant over the training part: any value it takes encodes as 0. */
    static final double CONSTANT = Double.MAX_VALUE;

    /** A scaler stored before known-future channels has neither field: none. */
    public Scaler {
        knownFuture = knownFuture == null ? 0 : knownFuture;
        lead = lead == null ? 0 : lead;
    }

    /** A scaler without known-future channels (as every version stored before them). */
    public Scaler(Representation representation, int period, double[] center, double[] scale) {
        this(representation, period, center, scale, 0, 0);
    }

    /** Fits on {@code channels[c][0 .. trainEnd-1]}; values must be finite (interpolate first). */
    public static Scaler fit(Representation representation, int period, double[][] channels, int trainEnd) {
        return fit(representation, period, channels, trainEnd, 0, 0);
    }

    /**
     * Fits on {@code channels[c][0 .. trainEnd-1]}, the last {@code knownFuture} channels being known-future inputs read
     * {@code lead} steps ahead; values must be finite (interpolate first).
     */
    public static Scaler fit(Representation representation, int period, double[][] channels, int trainEnd,
            int knownFuture, int lead) {
        if (representation.log() && !positive(channels[0], trainEnd)) {
            throw new IllegalArgumentException(representation + " needs a strictly positive target");
        }
        int lag = representation.seasonal() ? period : 1;
        if (representation.seasonal() && (period < 2 || trainEnd <= 2 * period)) {
            throw new IllegalArgumentException(representation + " needs a period > 1 and two seasons of training data");
        }
        int n = channels.length;
        double[] center = new double[n];
        double[] scale = new double[n];
        for (int c = 0; c < n; c++) {
            double[] u = new double[trainEnd];
            for (int i = 0; i < trainEnd; i++) {
                u[i] = forward(representation, c, channels[c][i]);
            }
            if (representation == Representation.LEVEL || c >= n - knownFuture) {
                double mean = Arrays.stream(u).average().orElse(0);
                double var = Arrays.stream(u).map(x -> (x - mean) * (x - mean)).average().orElse(0);
                center[c] = mean;
                // a known-future channel constant over the training part (no holiday in it, a promotion that never
                // ran) taught the networks nothing about its changes: it reads as its training value, 0, wherever it
                // goes later, rather than feed untrained weights with values they never saw
                scale[c] = c >= n - knownFuture && !(var > 0) ? CONSTANT : guard(Math.sqrt(var));
            } else {
                int l = c == 0 ? lag : 1;
                double sum = 0;
                for (int i = l; i < trainEnd; i++) {
                    sum += Math.abs(u[i] - u[i - l]);
                }
                scale[c] = guard(trainEnd > l ? sum / (trainEnd - l) : 0);
            }
        }
        return new Scaler(representation, representation.seasonal() ? period : 1, center, scale, knownFuture,
                knownFuture == 0 ? 0 : lead);
    }

    public static Scaler fit(Representation representation, double[][] channels, int trainEnd) {
        return fit(representation, 1, channels, trainEnd);
    }

    /** Whether every value of the first {@code length} is strictly positive (the log needs it). */
    public static boolean positive(double[] values, int length) {
        for (int i = 0; i < length; i++) {
            if (!(values[i] > 0)) {
                return false;
            }
        }
        return true;
    }

    /** Points of history a window of {@code window} inputs needs. */
    public int lookback(int window) {
        return representation.seasonal() ? window + period : window;
    }

    /**
     * Network input for the window ending at {@code end}: [channel][step], of the first {@code center.length}
     * channels (those it was fitted on; {@code channels} may carry more after them). A known-future channel is read
     * {@link #lead} steps ahead: its values must reach {@code end + lead - 1}.
     */
    public float[][] encodeInput(double[][] channels, int end, int window) {
        // the channels it was fitted on: a network fitted without the known-future channels (AUTO's comparison
        // without the drivers) reads the first ones of a series that carries them, and no more
        int n = center.length;
        float[][] input = new float[n][window];
        int firstKnown = n - knownFuture;
        for (int c = 0; c < n; c++) {
            double[] values = channels[c];
            if (c >= firstKnown) {
                for (int i = 0; i < window; i++) {
                    input[c][i] = (float) ((values[end - window + i + lead] - center[c]) / scale[c]);
                }
                continue;
            }
            for (int i = 0; i < window; i++) {
                int t = end - window + i;
                double u = forward(representation, c, values[t]);
                double reference = c == 0 && representation.seasonal() ? forward(representation, 0, values[t - period])
                        : anchor(c, values, end);
                input[c][i] = (float) ((u - reference) / scale[c]);
            }
        }
        return input;
    }

    /** Training target for the window ending at {@code end}. */
    public float[] encodeTarget(double[] target, int end, int horizon) {
        float[] out = new float[horizon];
        double anchor = anchor(0, target, end);
        for (int k = 0; k < horizon; k++) {
            double u = forward(representation, 0, target[end + k]);
            double reference = representation.seasonal() ? forward(representation, 0, target[end + k - period]) : anchor;
            out[k] = (float) ((u - reference) / scale[0]);
        }
        return out;
    }

    /** Network output for the window ending at {@code end}, back in the target's original units. */
    public double[] decode(double[] target, int end, float[] output) {
        double[] u = new double[output.length];
        double anchor = anchor(0, target, end);
        double[] values = new double[output.length];
        for (int k = 0; k < output.length; k++) {
            double reference = anchor;
            if (representation.seasonal()) {
                int back = k - period;
                reference = back < 0 ? forward(representation, 0, target[end + back]) : u[back];
            }
            u[k] = reference + output[k] * scale[0];
            values[k] = representation.log() ? Math.exp(u[k]) : u[k];
        }
        return values;
    }

    /**
     * A forecast error in scale-free units: what interval widths are calibrated in, so that the same
     * width serves a series at any level (multiplicatively for the log representations).
     */
    public double residual(double actual, double predicted) {
        if (representation.log()) {
            return (safeLog(actual) - safeLog(predicted)) / scale[0];
        }
        return (actual - predicted) / scale[0];
    }

    /** {@code predicted} moved by {@code residual} scale-free units: the inverse of {@link #residual}. */
    public double shift(double predicted, double residual) {
        if (representation.log()) {
            return Math.exp(safeLog(predicted) + residual * scale[0]);
        }
        return predicted + residual * scale[0];
    }

    private double anchor(int channel, double[] values, int end) {
        return representation == Representation.LEVEL ? center[channel] : forward(representation, channel, values[end - 1]);
    }

    private static double forward(Representation representation, int channel, double x) {
        return representation.log() && channel == 0 ? safeLog(x) : x;
    }

    private static double safeLog(double x) {
        return Math.log(Math.max(x, Double.MIN_NORMAL));
    }

    private static double guard(double scale) {
        return scale > 1e-12 && Double.isFinite(scale) ? scale : 1.0;
    }
}
