package io.foresight.window;

/**
 * Encoded sliding windows, ready for a network.
 *
 * @param inputs  [window][channel][step]
 * @param targets [window][horizon step]
 * @param ends    each window's end index (exclusive) in the series
 */
public record Windows(float[][][] inputs, float[][] targets, int[] ends) {

    public int count() {
        return ends.length;
    }
}
