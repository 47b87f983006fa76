package io.foresight.window;

import java.util.Arrays;

/**
 * The one place where raw values become model values and back. Fitted on the training part only, one
 * centre and scale per channel (channel 0 is the target, the others are feature columns). A window that
 * ends at index {@code end} (exclusive) uses channels[.][end - window .. end - 1] as input and predicts
 * target[end .. end + horizon - 1].
 *
 * @param representation how values are encoded
 * @param center         per channel: the training mean ({@code LEVEL}) or 0
 * @param scale          per channel: the training standard deviation ({@code LEVEL}) or mean absolute step
 */
public record Scaler(Representation representation, double[] center, double[] scale) {

    /** Fits on {@code channels[c][0 .. trainEnd-1]}; values must be finite (interpolate first). */
    public static Scaler fit(Representation representation, double[][] channels, int trainEnd) {
        if (representation == Representation.LOG_RELATIVE && !positive(channels[0], trainEnd)) {
            throw new IllegalArgumentException("LOG_RELATIVE needs a strictly positive target");
        }
        int n = channels.length;
        double[] center = new double[n];
        double[] scale = new double[n];
        for (int c = 0; c < n; c++) {
            double[] u = new double[trainEnd];
            for (int i = 0; i < trainEnd; i++) {
                u[i] = forward(representation, c, channels[c][i]);
            }
            if (representation == Representation.LEVEL) {
                double mean = Arrays.stream(u).average().orElse(0);
                double var = Arrays.stream(u).map(x -> (x - mean) * (x - mean)).average().orElse(0);
                center[c] = mean;
                scale[c] = guard(Math.sqrt(var));
            } else {
                double sum = 0;
                for (int i = 1; i < trainEnd; i++) {
                    sum += Math.abs(u[i] - u[i - 1]);
                }
                scale[c] = guard(trainEnd > 1 ? sum / (trainEnd - 1) : 0);
            }
        }
        return new Scaler(representation, center, scale);
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

    public int channels() {
        return scale.length;
    }

    /** Network input for the window ending at {@code end}: [channel][step]. */
    public float[][] encodeInput(double[][] channels, int end, int window) {
        float[][] input = new float[channels.length][window];
        for (int c = 0; c < channels.length; c++) {
            double anchor = anchor(c, channels[c], end);
            for (int i = 0; i < window; i++) {
                input[c][i] = (float) ((forward(representation, c, channels[c][end - window + i]) - anchor) / scale[c]);
            }
        }
        return input;
    }

    /** Training target for the window ending at {@code end}. */
    public float[] encodeTarget(double[] target, int end, int horizon) {
        double anchor = anchor(0, target, end);
        float[] out = new float[horizon];
        for (int k = 0; k < horizon; k++) {
            out[k] = (float) ((forward(representation, 0, target[end + k]) - anchor) / scale[0]);
        }
        return out;
    }

    /** Network output for the window ending at {@code end}, back in the target's original units. */
    public double[] decode(double[] target, int end, float[] output) {
        double anchor = anchor(0, target, end);
        double[] values = new double[output.length];
        for (int k = 0; k < output.length; k++) {
            values[k] = inverse(anchor + output[k] * scale[0]);
        }
        return values;
    }

    /**
     * A forecast error in scale-free units: what interval widths are calibrated in, so that the same
     * width serves a series at any level (multiplicatively for {@code LOG_RELATIVE}).
     */
    public double residual(double actual, double predicted) {
        if (representation == Representation.LOG_RELATIVE) {
            return (safeLog(actual) - safeLog(predicted)) / scale[0];
        }
        return (actual - predicted) / scale[0];
    }

    /** {@code predicted} moved by {@code residual} scale-free units: the inverse of {@link #residual}. */
    public double shift(double predicted, double residual) {
        if (representation == Representation.LOG_RELATIVE) {
            return Math.exp(safeLog(predicted) + residual * scale[0]);
        }
        return predicted + residual * scale[0];
    }

    private double anchor(int channel, double[] values, int end) {
        return representation == Representation.LEVEL ? center[channel] : forward(representation, channel, values[end - 1]);
    }

    private static double forward(Representation representation, int channel, double x) {
        return representation == Representation.LOG_RELATIVE && channel == 0 ? safeLog(x) : x;
    }

    private double inverse(double u) {
        return representation == Representation.LOG_RELATIVE ? Math.exp(u) : u;
    }

    private static double safeLog(double x) {
        return Math.log(Math.max(x, Double.MIN_NORMAL));
    }

    private static double guard(double scale) {
        return scale > 1e-12 && Double.isFinite(scale) ? scale : 1.0;
    }
}
