package io.foresight.training;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import io.foresight.model.Architecture;
import io.foresight.model.Method;
import io.foresight.registry.ModelVersion;
import io.foresight.window.WindowPlan;

/**
 * The choice among a job's candidates, made in one place: the best network candidate, replaced by the ensemble of
 * the best three when that validates at least as well and (AUTO) by COMBINED when that validates better; AUTO then
 * keeps it only when it beats the statistical choice by more than one standard error
 * ({@link #clearlyBetter}), else the statistical choice wins. The statistical choice ({@link StatisticalChoice}) is
 * made on rolling origins over at least five horizons ({@link HeldBackWindows#rolling}), combining the best when none
 * is clearly better than the next; without rolling scores it is the lowest held-back MASE. The manifest gets every candidate's score, the reason and the
 * winner's scores against the naive baselines.
 *
 * @param winner     the chosen candidate
 * @param reason     why it won, in words (the manifest's {@code selection})
 * @param scores     every candidate's score in the order they were tried, the winner marked
 * @param validation the winner and the naive baselines on the held-back windows (the manifest's {@code backtest})
 */
record Selection(Candidate winner, String reason, List<ModelVersion.CandidateScore> scores, ModelVersion.Validation validation) {

    /** Networks in an ensemble when several candidates were trained. */
    static final int ENSEMBLE_SIZE = 3;

    /** Independent held-back windows (windows / horizon) needed before the one-standard-error rule applies. */
    static final int MIN_INDEPENDENT_WINDOWS = 2;

    /**
     * @param networks    the fitted network candidates (none when the series is too short for network windows)
     * @param parent      a warm start's parent, scored for the record (never chosen), or null
     * @param statistical the statistical methods, in {@code Baselines.statistical} order
     */
    static Selection choose(Architecture architecture, HeldBackWindows windows, List<Candidate> networks, Candidate parent,
            List<Candidate> statistical) {
        return choose(architecture, windows, networks, parent, statistical, null);
    }

    /** How AUTO combines statistical methods when none validates clearly better than the next on the rolling origins. */
    enum Combining {
        /** Never: the best on the rolling origins. */
        NONE(0, false),
        /** The mean of the best two. */
        MEAN_OF_2(2, false),
        /** The mean of the best three. */
        MEAN_OF_3(3, false),
        /** The median of the best three. */
        MEDIAN_OF_3(3, true);

        final int members;
        final boolean median;

        Combining(int members, boolean median) {
            this.members = members;
            this.median = median;
        }
    }

    /**
     * The rule AUTO combines by: the mean of the best two, which measured best of the four on the development sets'
     * rolling origins (lowest mean MASE, fewest series-origins worse than naive; all four within noise of each other on
     * the geometric mean: docs/BACKTEST.md, "Selection on rolling origins").
     */
    static final Combining COMBINING = Combining.MEAN_OF_2;

    /**
     * The statistical choice on the rolling origins {@code origins} (statistical candidates with {@link Candidate#rolling}
     * scores): the lowest MASE over them, unless it is not better than the next by more than one standard error of the
     * per-origin difference ({@link #clearlyBetter}, origins one step apart counting as about {@code origins / horizon}
     * independent): then the {@link #COMBINING} of the best few. Candidates without rolling scores (a regression on the
     * known future) replace it when they validate better on the held-back windows by more than one standard error
     * ({@link #clearlyBetter}).
     *
     * @param combine whether a combination may be chosen (a many-series version forecasts each series by one method)
     */
    record StatisticalChoice(Candidate winner, Candidate combination, String reason) {

        static StatisticalChoice of(HeldBackWindows windows, HeldBackWindows origins, List<Candidate> statistical,
                boolean combine) {
            List<Candidate> ranked = statistical.stream().filter(c -> c.rolling() != null)
                    .sorted(Comparator.comparingDouble(c -> c.rolling().mase())).toList();
            Candidate best = ranked.get(0);
            Candidate next = ranked.get(1);
            String scores = ranked.stream().map(c -> String.format(Locale.ROOT, "%s %.4f", c.name(), c.rolling().mase()))
                    .toList().toString();
            String over = String.format(Locale.ROOT, "%d rolling origins (about %.1f independent)", origins.ends().length,
                    independent(origins.ends().length, origins.horizon()));
            boolean clearly = clearlyBetter(origins.actual(), best.rolling().forecasts(), next.rolling().forecasts(),
                    origins.horizon());
            Candidate winner = best;
            Candidate combination = null;
            String reason;
            if (clearly || !combine || COMBINING == Combining.NONE) {
                reason = String.format(Locale.ROOT, "%s: the lowest MASE over %s %s%s", best.name(), over, scores,
                        clearly ? ", better than the next by more than one standard error"
                                : ", not clearly better than the next (within one standard error)");
            } else {
                combination = Candidate.combination(ranked.subList(0, Math.min(COMBINING.members, ranked.size())),
                        COMBINING.median, windows, origins);
                winner = combination;
                reason = String.format(Locale.ROOT, "%s: no statistical method was better than the next by more than one "
                        + "standard error over %s %s, so the %s of the best %d", combination.name(), over, scores,
                        COMBINING.median ? "median" : "mean", COMBINING.members);
            }
            Candidate regression = statistical.stream().filter(c -> c.rolling() == null)
                    .min(Comparator.comparingDouble(Candidate::mase)).orElse(null);
            // the drivers are kept only when they help clearly: the rule a network must meet against the statistical choice
            if (regression != null && clearlyBetter(windows.actual(), regression.forecasts(), winner.forecasts(),
                    windows.horizon())) {
                reason = String.format(Locale.ROOT, "%s: held-back MASE %.4f against %.4f of the statistical choice, better by more than one standard error (%s)",
                        regression.name(), regression.mase(), winner.mase(), reason);
                winner = regression;
            }
            return new StatisticalChoice(winner, combination, reason);
        }
    }

    /**
     * {@link #choose}; with {@code origins} (null: none) the best statistical method is {@link StatisticalChoice}'s,
     * made on those rolling origins, else the lowest held-back MASE.
     */
    static Selection choose(Architecture architecture, HeldBackWindows windows, List<Candidate> networks, Candidate parent,
            List<Candidate> statistical, HeldBackWindows origins) {
        return choose(architecture, windows, networks, parent, statistical, origins, true);
    }

    static Selection choose(Architecture architecture, HeldBackWindows windows, List<Candidate> networks, Candidate parent,
            List<Candidate> statistical, HeldBackWindows origins, boolean combine) {
        boolean auto = architecture == Architecture.AUTO;
        List<Candidate> tried = new ArrayList<>(networks);
        List<Candidate> ranked = networks.stream().sorted(Comparator.comparingDouble(Candidate::mase)).toList();
        Candidate best = ranked.isEmpty() ? null : ranked.get(0);
        if (ranked.size() > 1) {
            Candidate ensemble = Candidate.ensemble(ranked.subList(0, Math.min(ENSEMBLE_SIZE, ranked.size())), windows);
            tried.add(ensemble);
            if (ensemble.mase() <= best.mase()) {
                best = ensemble;
            }
        }
        if (auto && best != null) {
            // the mean of the networks and the statistical methods: combining learned and statistical forecasts
            // is the field's most reliable gain; it replaces the networks alone when it validates better.
            // (Choosing it whenever the held-back part is short was measured and is worse: docs/BACKTEST.md.)
            Candidate combined = Candidate.combined(best, statistical, windows);
            tried.add(combined);
            if (combined.mase() < best.mase()) {
                best = combined;
            }
        }
        if (parent != null) {
            tried.add(parent);
        }
        tried.addAll(statistical);
        StatisticalChoice choice = origins == null || statistical.stream().noneMatch(c -> c.rolling() != null) ? null
                : StatisticalChoice.of(windows, origins, statistical, combine);
        if (choice != null && choice.combination() != null) {
            tried.add(choice.combination());
        }
        Candidate bestStatistical = choice != null ? choice.winner()
                : statistical.stream().min(Comparator.comparingDouble(Candidate::mase)).orElseThrow();
        Candidate winner;
        String reason;
        if (auto && !(best != null && clearlyBetter(windows.actual(), best.forecasts(), bestStatistical.forecasts(),
                windows.horizon()))) {
            winner = bestStatistical;
            if (choice != null) {
                reason = best == null
                        ? String.format(Locale.ROOT, "%s chosen. Statistical choice: %s. The series (%d points) is too short "
                                + "for a network at horizon %d, which needs %d", winner.name(), choice.reason(),
                                windows.plan().size(), windows.horizon(), WindowPlan.minimumSize(2, windows.horizon()))
                        : String.format(Locale.ROOT, "%s chosen. Statistical choice: %s. Held-back MASE %.4f against the best "
                                + "network's (%s) %.4f; a network is chosen only when it beats the statistical choice by "
                                + "more than one standard error of the per-window difference", winner.name(), choice.reason(),
                                winner.mase(), best.name(), best.mase());
            } else {
                reason = best == null
                    ? String.format(Locale.ROOT, "%s chosen: lowest validation MASE (%.4f) of the statistical methods; the "
                            + "series (%d points) is too short for a network at horizon %d, which needs %d", winner.name(),
                            winner.mase(), windows.plan().size(), windows.horizon(), WindowPlan.minimumSize(2, windows.horizon()))
                    : String.format(Locale.ROOT, "%s chosen: validation MASE %.4f against the best network's (%s) %.4f; "
                            + "a network is chosen only when it beats the best statistical method by more than one standard "
                            + "error of the per-window difference", winner.name(), winner.mase(), best.name(), best.mase());
            }
        } else if (choice != null && auto) {
            winner = best;
            reason = String.format(Locale.ROOT, "%s chosen: held-back MASE %.4f, better than the statistical choice (%s, "
                    + "%.4f) by more than one standard error of the per-window difference. Statistical choice: %s",
                    winner.name(), winner.mase(), bestStatistical.name(), bestStatistical.mase(), choice.reason());
        } else {
            winner = best;
            reason = auto
                    ? String.format(Locale.ROOT, "%s chosen: lowest validation MASE (%.4f) of %d candidates", winner.name(),
                            winner.mase(), tried.size())
                    : String.format(Locale.ROOT, "%s requested explicitly; validation MASE %.4f", winner.name(), winner.mase());
        }
        List<ModelVersion.CandidateScore> scores = tried.stream().map(c -> c.score(c.name().equals(winner.name()))).toList();
        return new Selection(winner, reason, scores, validation(windows, winner, statistical));
    }

    /**
     * This choice, made without the known future, against {@code reading}: candidates that read it, each with its
     * counterpart without it ({@code without}, in the same order: the same method or network plan). One replaces this
     * choice's winner only when it is better by more than one standard error of the per-window difference
     * ({@link #clearlyBetter}, the rule a network meets against the statistical choice) than both this winner and its
     * counterpart, so that what it gains comes from the known future; against its counterpart on at least
     * {@link #MIN_INDEPENDENT_WINDOWS} independent windows (below that {@link #clearlyBetter} takes any margin, and that
     * the known future helps is not shown). Each comparison is made on the rolling
     * {@code origins} when both sides were scored there (statistical methods), else on the held-back {@code windows};
     * a candidate scored on some origins only ({@link Candidate.Rolling#on}: the regression, on the rolling origins one
     * horizon apart, {@link Candidate#spreadRegressions}) is compared on those (against a side scored on the held-back
     * windows only, on the held-back windows spread likewise). Of those that pass, the lowest held-back MASE wins and
     * is the version as {@code everyOrigin} scores it on every origin (for a candidate scored on some only); when none
     * does, the winner stays what it is without the known future. Every candidate's score stays in the record, the new
     * ones last. {@code acrossSeries}: for a series of a many-series model whose windows are too few to compare a
     * candidate with its counterpart, whether the panel's series together show it better than its counterpart by the
     * same rule ({@code PanelTraining}); a single series passes {@code c -> false}.
     */
    Selection withDrivers(List<Candidate> reading, List<Candidate> without, HeldBackWindows windows,
            HeldBackWindows origins, List<Candidate> statistical, UnaryOperator<Candidate> everyOrigin,
            Predicate<Candidate> acrossSeries) {
        Candidate replacing = null;
        List<String> compared = new ArrayList<>();
        for (int i = 0; i < reading.size(); i++) {
            Candidate candidate = reading.get(i);
            Candidate counterpart = without.get(i);
            boolean overWinner = clearlyBetter(candidate, winner, windows, origins);
            // that the known future helps the method is shown on enough evidence only, not on any margin
            boolean own = enoughEvidence(candidate, counterpart, windows, origins);
            boolean overCounterpart = own ? clearlyBetter(candidate, counterpart, windows, origins)
                    : acrossSeries.test(candidate);
            compared.add(String.format(Locale.ROOT, "%s %s against %s %s, %s against %s %s", candidate.name(),
                    mase(candidate, winner, windows, origins), winner.name(), mase(winner, candidate, windows, origins),
                    mase(candidate, counterpart, windows, origins), counterpart.name(),
                    mase(counterpart, candidate, windows, origins))
                    + (overWinner && overCounterpart ? ", better than both" : overWinner ? ", better than the choice only"
                            : overCounterpart ? ", better than its counterpart only" : "")
                    + (overCounterpart && !own ? " (than its counterpart on the panel's series together)" : ""));
            if (overWinner && overCounterpart && (replacing == null || candidate.mase() < replacing.mase())) {
                replacing = candidate;
            }
        }
        if (replacing != null && replacing.someOrigins() != null) {
            Candidate scored = replacing;
            replacing = everyOrigin.apply(scored);
            Candidate full = replacing;
            reading = reading.stream().map(c -> c == scored ? full : c).toList();
        }
        Candidate chosen = replacing == null ? winner : replacing;
        List<ModelVersion.CandidateScore> all = new ArrayList<>();
        scores.forEach(c -> all.add(c.marked(c.name().equals(chosen.name()))));
        reading.forEach(c -> all.add(c.score(c.name().equals(chosen.name()))));
        if (replacing == null) {
            return new Selection(winner, String.format(Locale.ROOT, "%s. Compared with the candidates reading the known "
                    + "future (MASE %s), none was better than both the choice without it and the same method without it "
                    + "by more than one standard error of the per-window difference (against the same method on at "
                    + "least %d independent windows), so the version is the one trained without it", reason, compared,
                    MIN_INDEPENDENT_WINDOWS), all, validation);
        }
        return new Selection(replacing, String.format(Locale.ROOT, "%s chosen: it reads the known future and was better "
                + "than both the choice without it (%s) and the same method without it by more than one standard error of "
                + "the per-window difference (MASE %s). Without the known future: %s", replacing.name(), winner.name(),
                compared, reason), all, validation(windows, replacing, statistical));
    }

    /**
     * The windows {@code candidate} and {@code other} are compared on: the origins one of them was scored on when not
     * all ({@link Candidate.Rolling#on}; against a side without rolling scores, the held-back {@code windows} spread
     * likewise), else the rolling {@code origins} when both were scored there, else the held-back windows.
     */
    private static HeldBackWindows evidence(Candidate candidate, Candidate other, HeldBackWindows windows,
            HeldBackWindows origins) {
        HeldBackWindows on = candidate.someOrigins() != null ? candidate.someOrigins() : other.someOrigins();
        if (on != null) {
            return candidate.rolling() != null && other.rolling() != null ? on : windows.spread();
        }
        return origins != null && candidate.rolling() != null && other.rolling() != null ? origins : windows;
    }

    /** {@code candidate}'s forecasts from the origins of {@code evidence} ({@link #evidence}). */
    private static double[][] forecasts(Candidate candidate, HeldBackWindows evidence, HeldBackWindows windows,
            HeldBackWindows origins) {
        if (candidate.someOrigins() != null) {
            return candidate.someOrigins().rowsAt(candidate.rolling().forecasts(), evidence);
        }
        if (evidence == windows) {
            return candidate.forecasts();
        }
        return windows.covers(evidence) ? windows.rowsAt(candidate.forecasts(), evidence)
                : origins.rowsAt(candidate.rolling().forecasts(), evidence);
    }

    /** The windows two candidates are compared on ({@link #evidence}) and each one's forecasts from them. */
    record Compared(HeldBackWindows windows, double[][] candidate, double[][] other) {
    }

    /** {@code candidate} and {@code other} on the windows they are compared on, as {@link #clearlyBetter} reads them. */
    static Compared compared(Candidate candidate, Candidate other, HeldBackWindows windows, HeldBackWindows origins) {
        HeldBackWindows evidence = evidence(candidate, other, windows, origins);
        return new Compared(evidence, forecasts(candidate, evidence, windows, origins),
                forecasts(other, evidence, windows, origins));
    }

    /** {@link #clearlyBetter} of two candidates, on the windows they are compared on ({@link #evidence}). */
    private static boolean clearlyBetter(Candidate candidate, Candidate other, HeldBackWindows windows,
            HeldBackWindows origins) {
        HeldBackWindows evidence = evidence(candidate, other, windows, origins);
        return clearlyBetter(evidence.actual(), forecasts(candidate, evidence, windows, origins),
                forecasts(other, evidence, windows, origins), evidence.overlap());
    }

    /**
     * Whether the windows {@code candidate} and {@code other} are compared on ({@link #evidence}) hold
     * {@link #MIN_INDEPENDENT_WINDOWS} independent ones, below which {@link #clearlyBetter} takes any margin.
     */
    private static boolean enoughEvidence(Candidate candidate, Candidate other, HeldBackWindows windows,
            HeldBackWindows origins) {
        HeldBackWindows evidence = evidence(candidate, other, windows, origins);
        return independent(evidence.ends().length, evidence.overlap()) >= MIN_INDEPENDENT_WINDOWS;
    }

    /** {@code candidate}'s MASE where it is compared with {@code other} ({@link #evidence}), and where. */
    private static String mase(Candidate candidate, Candidate other, HeldBackWindows windows, HeldBackWindows origins) {
        HeldBackWindows evidence = evidence(candidate, other, windows, origins);
        String where = evidence == origins ? "rolling origins" : evidence == windows ? "held back"
                : evidence.ends().length + " origins a horizon apart";
        return String.format(Locale.ROOT, "%.4f (%s)", evidence.score(forecasts(candidate, evidence, windows, origins))
                .mase(), where);
    }

    /**
     * Whether the held-back windows hold enough independent evidence ({@link #MIN_INDEPENDENT_WINDOWS}: windows one
     * step apart overlap, about {@code windows / horizon} are independent) for a series to choose its own method.
     */
    static boolean enoughEvidence(HeldBackWindows windows) {
        return independent(windows.ends().length, windows.horizon()) >= MIN_INDEPENDENT_WINDOWS;
    }

    /** About how many of {@code windows} held-back windows one step apart are independent at {@code horizon}. */
    private static double independent(int windows, int horizon) {
        return (double) windows / horizon;
    }

    /**
     * For a series of a many-series model whose held-back windows are too few to choose by ({@link #enoughEvidence}):
     * {@code pooled}, the candidate (a statistical method or a global network) the panel's series validate best on (the
     * lowest median held-back MASE), wins instead of this choice; every candidate's score stays in the record. Measured on the development panel
     * (docs/BACKTEST.md, "Many series").
     */
    Selection pooled(Candidate pooled, HeldBackWindows windows, List<Candidate> statistical) {
        List<ModelVersion.CandidateScore> marked = scores.stream().map(c -> c.marked(c.name().equals(pooled.name())))
                .toList();
        return new Selection(pooled, String.format(Locale.ROOT, "%s chosen: the candidate with the lowest median validation"
                + " MASE over the panel's series; this series' %d held-back windows (about %.1f independent) are too few"
                + " to choose by its own (it would have chosen %s, %.4f against %.4f)", pooled.name(), windows.ends().length,
                independent(windows.ends().length, windows.horizon()), winner.name(), winner.mase(), pooled.mase()), marked,
                validation(windows, pooled, statistical));
    }

    private static ModelVersion.Validation validation(HeldBackWindows windows, Candidate winner, List<Candidate> statistical) {
        Candidate naive = find(statistical, Method.NAIVE);
        Candidate seasonal = find(statistical, Method.SEASONAL_NAIVE);
        return new ModelVersion.Validation(windows.ends().length, windows.plan().trainWindows(), windows.period(),
                windows.maseScale(), winner.accuracy(), naive.accuracy(), seasonal.accuracy(),
                winner.mase() < naive.mase(), winner.mase() < seasonal.mase());
    }

    private static Candidate find(List<Candidate> candidates, Method method) {
        return candidates.stream().filter(c -> c.method() == method).findFirst().orElseThrow();
    }

    /**
     * The one-standard-error rule for choosing a network over a simpler method: the network's mean absolute
     * error per held-back window must be lower by more than the standard error of the per-window difference.
     * Windows one step apart overlap, so about {@code windows / horizon} of them count as independent.
     */
    static boolean clearlyBetter(double[][] actual, double[][] model, double[][] baseline, int horizon) {
        return clearlyBetter(actual, model, baseline, horizon, false);
    }

    /**
     * {@link #clearlyBetter}, shown on at least {@link #MIN_INDEPENDENT_WINDOWS} independent windows: with fewer, where
     * that rule takes any margin, false.
     */
    static boolean shownBetter(double[][] actual, double[][] model, double[][] baseline, int horizon) {
        return clearlyBetter(actual, model, baseline, horizon, true);
    }

    private static boolean clearlyBetter(double[][] actual, double[][] model, double[][] baseline, int horizon,
            boolean shown) {
        int n = actual.length;
        double[] d = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            double m = 0;
            double b = 0;
            for (int k = 0; k < actual[i].length; k++) {
                m += Math.abs(actual[i][k] - model[i][k]);
                b += Math.abs(actual[i][k] - baseline[i][k]);
            }
            d[i] = (b - m) / actual[i].length;
            mean += d[i];
        }
        mean /= n;
        double var = 0;
        for (double x : d) {
            var += (x - mean) * (x - mean);
        }
        double effective = independent(n, horizon);
        if (effective < MIN_INDEPENDENT_WINDOWS) {
            return !shown && mean > 0;
        }
        double standardError = Math.sqrt(var / (n - 1)) / Math.sqrt(effective);
        return mean > standardError;
    }
}
