package io.foresight.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.foresight.model.Method;
import io.foresight.window.Representation;
import io.foresight.window.Scaler;

/**
 * One series of a many-series version: how it forecasts, how it validated and what a forecast starts from. All
 * series of a version are stored together in one file ({@link SeriesModelFile}), not one directory each.
 *
 * @param id             the series' id (its id columns' values joined with {@code /})
 * @param failure        why the series has no model (too short, training failed), or null; then only {@code id} and
 *                       {@code points} are set
 * @param method         the chosen method
 * @param candidate      the chosen candidate's name, e.g. {@code GLOBAL LSTM/RELATIVE/seeds [42, 43, 44]} or
 *                       {@code THETA}
 * @param reason         why it was chosen
 * @param members        the version's networks (indices into its {@code members}) whose mean the chosen candidate
 *                       forecasts with, empty for a statistical method
 * @param networkScale   how this series' values are encoded for those networks (null without members)
 * @param representation the series' own representation (decides the floor of its lower bounds)
 * @param validation     the chosen method and the naive baselines on the series' held-back windows
 * @param candidates     every candidate's validation MASE, by name, in the order they were tried
 * @param intervalScale  the scale of {@code absResiduals}
 * @param absResiduals   per horizon step, the chosen candidate's absolute held-back residuals in window order
 *                       ({@link IntervalCalibration#of})
 * @param points         points of the series' training data
 * @param end            the last timestamp of the training data
 * @param tail           the end of the training data (channels; target first) that a forecast starts from
 * @param forecast       the chosen candidate's forecast of the trained horizon from the end of the training data (empty
 *                       for a version with a known future: its forecast reads the future values of each request)
 * @param remainder      for a {@code REGRESSION} series, the statistical method forecasting the regression's remainder;
 *                       null otherwise
 * @param multiplicative for a {@code REGRESSION} series, whether the drivers' effects multiply its target (false: they
 *                       add, as in versions stored before that choice existed)
 * @param future         per future feature of the version, its values stored with the series' data at the steps after
 *                       {@code end} (null without future features)
 */
public record SeriesModel(String id, String failure, Method method, String candidate, String reason, List<Integer> members,
        Scaler networkScale, Representation representation, ModelVersion.Validation validation, Map<String, Double> candidates,
        Scaler intervalScale, double[][] absResiduals, int points, String end, double[][] tail, double[] forecast, Method remainder,
        boolean multiplicative, double[][] future) {

    /** What the name of a global network candidate starts with. */
    public static final String GLOBAL = "GLOBAL ";

    public SeriesModel {
        members = members == null ? List.of() : List.copyOf(members);
        candidates = candidates == null ? Map.of() : candidates;
    }

    /** Its candidates' held-back scores, the one it chose marked (for a trained series). */
    public List<ModelVersion.CandidateScore> scores() {
        List<ModelVersion.CandidateScore> scores = new ArrayList<>();
        candidates.forEach((name, mase) -> scores.add(new ModelVersion.CandidateScore(name, method(name), "per series",
                List.of(), 0, mase, name.equals(candidate))));
        return scores;
    }

    /**
     * Whether its forecast reads the known future: a regression on it, or networks fitted with it (among the version's
     * {@code versionMembers}; also when they are combined with a statistical method).
     */
    public boolean readsKnownFuture(List<ModelVersion.Member> versionMembers) {
        return ModelVersion.readsKnownFuture(method, members.stream().filter(m -> m >= 0 && m < versionMembers.size())
                .map(m -> versionMembers.get(m).scaler()));
    }

    /** The method a candidate's name starts with (after {@link #GLOBAL}), or null. */
    public static Method method(String candidate) {
        String name = candidate.startsWith(GLOBAL) ? candidate.substring(GLOBAL.length()) : candidate;
        int end = 0;
        while (end < name.length() && (Character.isUpperCase(name.charAt(end)) || name.charAt(end) == '_')) {
            end++;
        }
        try {
            return Method.valueOf(name.substring(0, end));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A series without a model, and why. */
    public static SeriesModel failed(String id, int points, String failure) {
        return new SeriesModel(id, failure, null, null, null, List.of(), null, null, null, Map.of(), null, null, points, null,
                null, null, null, false, null);
    }

    /** The same series forecasting with the version's networks {@code members} (indices into its members). */
    public SeriesModel withMembers(List<Integer> members) {
        return new SeriesModel(id, failure, method, candidate, reason, members, networkScale, representation, validation,
                candidates, intervalScale, absResiduals, points, end, tail, forecast, remainder, multiplicative, future);
    }

    public boolean trained() {
        return failure == null;
    }

    /** The held-back MASE of the chosen method, NaN for a failed series. */
    public double mase() {
        return trained() ? validation.model().mase() : Double.NaN;
    }
}
