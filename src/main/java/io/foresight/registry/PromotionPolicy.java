package io.foresight.registry;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a new version becomes {@code production} by itself ({@code foresight.registry.auto-promote}) and why; the
 * reason lands in the version's manifest ({@code promotion}).
 */
final class PromotionPolicy {

    /** The outcome and the reason, in words a person reads in the manifest. */
    record Decision(boolean promote, String note) {
    }

    /** When a new version becomes {@code production} by itself ({@code foresight.registry.auto-promote}). */
    public enum AutoPromote {
        BETTER, ALWAYS, NEVER;

        static AutoPromote parse(String value) {
            String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
            for (AutoPromote policy : values()) {
                if (policy.name().equals(v)) {
                    return policy;
                }
            }
            throw new IllegalArgumentException("foresight.registry.auto-promote is '" + value
                    + "'; use better, always or never.");
        }
    }

    private final AutoPromote autoPromote;

    PromotionPolicy(AutoPromote autoPromote) {
        this.autoPromote = autoPromote;
    }

    /**
     * @param current    the version number the {@code production} alias points to, or null
     * @param production that version when it is listed, else null
     */
    Decision decide(ModelVersion draft, Integer current, ModelVersion production) {
        double mase = draft.validation().model().mase();
        if (autoPromote == AutoPromote.NEVER) {
            return new Decision(false, "not promoted: foresight.registry.auto-promote is never; point the production alias "
                    + "at it to serve it");
        }
        if (production == null) {
            return new Decision(true, current == null ? "promoted to production: the model had no production version"
                    : "promoted to production: production version " + current + " is unavailable");
        }
        double currentMase = production.validation().model().mase();
        String comparison = String.format(Locale.ROOT, "validation MASE %.4f vs %.4f of production version %d", mase,
                currentMase, current);
        // A warm start scored its parent on its own held-back windows: when the parent is production, compare those.
        Optional<ModelVersion.CandidateScore> parent = draft.candidates() == null ? Optional.empty() : draft.candidates().stream()
                .filter(c -> c.name().equals(ModelVersion.PARENT_CANDIDATE_PREFIX + current)).findFirst();
        if (parent.isPresent()) {
            currentMase = parent.get().validationMase();
            comparison = String.format(Locale.ROOT, "validation MASE %.4f vs %.4f of its parent, production version %d, "
                    + "on the same held-back windows", mase, currentMase, current);
        } else if (!Objects.equals(draft.data() == null ? null : draft.data().sha256(),
                production.data() == null ? null : production.data().sha256())) {
            comparison += " (validated on different data)";
        }
        if (autoPromote == AutoPromote.ALWAYS) {
            return new Decision(true, "promoted to production: auto-promote is always; " + comparison);
        }
        boolean better = Double.isFinite(mase) && (!Double.isFinite(currentMase) || mase < currentMase);
        return better ? new Decision(true, "promoted to production: validates better, " + comparison)
                : new Decision(false, "kept as a candidate: does not validate better, " + comparison);
    }
}
