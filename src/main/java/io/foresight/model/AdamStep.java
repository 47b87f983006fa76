package io.foresight.model;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Element-wise gradient clipping and DL4J's Adam update with bias correction over every parameter row of a
 * {@link RecurrentTraining}, with the rows' gradients and moments registered in the same order.
 */
final class AdamStep {

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    /** Element-wise gradient clipping threshold, or infinity for none. */
    private final float clip;
    /** Every parameter row with its gradient and Adam moments, in the same order. */
    private final List<float[]> params = new ArrayList<>();
    private final List<float[]> grads = new ArrayList<>();
    private final List<float[]> firstMoments = new ArrayList<>();
    private final List<float[]> secondMoments = new ArrayList<>();
    private int iteration;

    AdamStep(Adam adam, float clip) {
        this.learningRate = adam.getLearningRate();
        this.beta1 = adam.getBeta1();
        this.beta2 = adam.getBeta2();
        this.epsilon = adam.getEpsilon();
        this.clip = clip;
    }

    /**
     * The Adam update and element-wise clipping of a DL4J network of {@link Networks#build}'s shape.
     *
     * @throws IllegalArgumentException when its layers differ in updater, or use another updater, regularisation or
     *                                  gradient normalisation
     */
    static AdamStep of(MultiLayerNetwork network) {
        Adam adam = null;
        float clip = Float.POSITIVE_INFINITY;
        for (int i = 0; i < network.getnLayers(); i++) {
            Layer layer = network.getLayerWiseConfigurations().getConf(i).getLayer();
            BaseLayer base = (BaseLayer) (layer instanceof LastTimeStep wrapper ? wrapper.getUnderlying() : layer);
            if (!(base.getIUpdater() instanceof Adam a) || adam != null && !a.equals(adam)) {
                throw new IllegalArgumentException("every layer must use the same Adam updater");
            }
            adam = a;
            if (base.getRegularization() != null && !base.getRegularization().isEmpty()
                    || base.getRegularizationBias() != null && !base.getRegularizationBias().isEmpty()) {
                throw new IllegalArgumentException("regularisation is not supported");
            }
            GradientNormalization normalization = base.getGradientNormalization();
            if (normalization == GradientNormalization.ClipElementWiseAbsoluteValue) {
                clip = (float) base.getGradientNormalizationThreshold();
            } else if (normalization != null && normalization != GradientNormalization.None) {
                throw new IllegalArgumentException("gradient normalisation " + normalization + " is not supported");
            }
        }
        if (adam.getLearningRateSchedule() != null) {
            throw new IllegalArgumentException("learning-rate schedules are not supported");
        }
        return new AdamStep(adam, clip);
    }

    /** A flat parameter array and its gradient. */
    void register(float[] param, float[] grad) {
        register(new float[][] {param}, new float[][] {grad});
    }

    void register(float[][] rows, float[][] gradRows) {
        for (int i = 0; i < rows.length; i++) {
            params.add(rows[i]);
            grads.add(gradRows[i]);
            firstMoments.add(new float[rows[i].length]);
            secondMoments.add(new float[rows[i].length]);
        }
    }

    /** A copy of every parameter, to come back to with {@link #restore}. */
    float[][] snapshot() {
        float[][] copy = new float[params.size()][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = params.get(i).clone();
        }
        return copy;
    }

    void restore(float[][] snapshot) {
        for (int i = 0; i < snapshot.length; i++) {
            System.arraycopy(snapshot[i], 0, params.get(i), 0, snapshot[i].length);
        }
    }

    /** Element-wise clipping, then Adam with bias correction, as DL4J's AdamUpdater does. */
    void update() {
        iteration++;
        double beta1t = 1.0 - Math.pow(beta1, iteration);
        double beta2t = 1.0 - Math.pow(beta2, iteration);
        float alpha = (float) (learningRate * Math.sqrt(beta2t) / beta1t);
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float eps = (float) epsilon;
        for (int p = 0; p < params.size(); p++) {
            float[] param = params.get(p);
            float[] grad = grads.get(p);
            float[] m = firstMoments.get(p);
            float[] v = secondMoments.get(p);
            for (int k = 0; k < param.length; k++) {
                float g = Math.max(-clip, Math.min(clip, grad[k]));
                m[k] = b1 * m[k] + (1f - b1) * g;
                v[k] = b2 * v[k] + (1f - b2) * g * g;
                param[k] -= alpha * m[k] / ((float) Math.sqrt(v[k]) + eps);
            }
        }
    }
}
