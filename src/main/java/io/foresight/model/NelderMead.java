package io.foresight.model;

import java.util.function.ToDoubleFunction;

/**
 * The Nelder-Mead simplex minimiser in the variant of Nash's Compact Numerical Methods (algorithm 19), which R's
 * {@code optim(method = "Nelder-Mead")} and {@code forecast::ets} use: the initial simplex steps one coordinate at a
 * time by a tenth of the largest coordinate, an infeasible point counts as {@link #BIG}, and the search stops when
 * the simplex's values lie within a relative tolerance of each other, when a shrink no longer shrinks it, or after a
 * budget of function evaluations. Following the same steps matters: on the flat likelihoods of exponential
 * smoothing the optimum reached depends on the path, and {@link Ets} is pinned against R's results.
 */
final class NelderMead {

    /** The value an infeasible (non-finite) point is given. */
    static final double BIG = 1.0e35;

    private static final double REFLECTION = 1.0;
    private static final double CONTRACTION = 0.5;
    private static final double EXPANSION = 2.0;

    /** The minimum found and its value; {@code evaluations} function evaluations were made. */
    record Result(double[] point, double value, int evaluations) {
    }

    private NelderMead() {
    }

    /**
     * Minimises {@code f} from {@code start}; {@code relativeTolerance} as {@code optim}'s {@code reltol},
     * {@code maxEvaluations} as its {@code maxit}. {@code f} at the start must be finite.
     */
    static Result minimise(ToDoubleFunction<double[]> f, double[] start, double relativeTolerance, int maxEvaluations) {
        int n = start.length;
        double[] b = start.clone();
        double f0 = f.applyAsDouble(b.clone());
        if (!Double.isFinite(f0)) {
            throw new IllegalArgumentException("the function is not finite at the starting point");
        }
        double tolerance = relativeTolerance * (Math.abs(f0) + relativeTolerance);
        // vertices [vertex][coordinate] and their values
        double[][] p = new double[n + 1][];
        double[] values = new double[n + 1];
        p[0] = b.clone();
        values[0] = f0;
        double step = 0;
        for (double v : b) {
            step = Math.max(step, 0.1 * Math.abs(v));
        }
        if (step == 0) {
            step = 0.1;
        }
        double size = 0;
        for (int j = 1; j <= n; j++) {
            p[j] = b.clone();
            double tryStep = step;
            while (p[j][j - 1] == b[j - 1]) {
                p[j][j - 1] = b[j - 1] + tryStep;
                tryStep *= 10;
            }
            size += tryStep;
        }
        double oldSize = size;
        int evaluations = 1;
        int lowest = 0;
        boolean evaluateVertices = true;
        double[] centroid = new double[n];
        double[] trial = new double[n];
        while (true) {
            if (evaluateVertices) {
                for (int j = 0; j <= n; j++) {
                    if (j != lowest) {
                        values[j] = value(f, p[j]);
                        evaluations++;
                    }
                }
                evaluateVertices = false;
            }
            double low = values[lowest];
            double high = low;
            int highest = lowest;
            for (int j = 0; j <= n; j++) {
                if (j != lowest) {
                    double v = values[j];
                    if (v < low) {
                        lowest = j;
                        low = v;
                    }
                    if (v > high) {
                        highest = j;
                        high = v;
                    }
                }
            }
            if (high <= low + tolerance) {
                break;
            }
            for (int i = 0; i < n; i++) {
                double sum = -p[highest][i];
                for (int j = 0; j <= n; j++) {
                    sum += p[j][i];
                }
                centroid[i] = sum / n;
            }
            for (int i = 0; i < n; i++) {
                trial[i] = (1 + REFLECTION) * centroid[i] - REFLECTION * p[highest][i];
            }
            double reflected = value(f, trial);
            evaluations++;
            if (reflected < low) {
                // try expanding further along the same direction; the centroid's slot keeps the reflected point
                double[] reflectedPoint = trial.clone();
                for (int i = 0; i < n; i++) {
                    trial[i] = EXPANSION * reflectedPoint[i] + (1 - EXPANSION) * centroid[i];
                }
                double expanded = value(f, trial);
                evaluations++;
                if (expanded < reflected) {
                    p[highest] = trial.clone();
                    values[highest] = expanded;
                } else {
                    p[highest] = reflectedPoint;
                    values[highest] = reflected;
                }
            } else {
                if (reflected < high) {
                    p[highest] = trial.clone();
                    values[highest] = reflected;
                }
                for (int i = 0; i < n; i++) {
                    trial[i] = (1 - CONTRACTION) * p[highest][i] + CONTRACTION * centroid[i];
                }
                double contracted = value(f, trial);
                evaluations++;
                if (contracted < values[highest]) {
                    p[highest] = trial.clone();
                    values[highest] = contracted;
                } else if (reflected >= high) {
                    // shrink towards the lowest vertex
                    evaluateVertices = true;
                    size = 0;
                    for (int j = 0; j <= n; j++) {
                        if (j != lowest) {
                            for (int i = 0; i < n; i++) {
                                p[j][i] = CONTRACTION * (p[j][i] - p[lowest][i]) + p[lowest][i];
                                size += Math.abs(p[j][i] - p[lowest][i]);
                            }
                        }
                    }
                    if (size < oldSize) {
                        oldSize = size;
                    } else {
                        break;
                    }
                }
            }
            if (evaluations > maxEvaluations) {
                break;
            }
        }
        return new Result(p[lowest].clone(), values[lowest], evaluations);
    }

    private static double value(ToDoubleFunction<double[]> f, double[] x) {
        double v = f.applyAsDouble(x);
        return Double.isFinite(v) ? v : BIG;
    }
}
