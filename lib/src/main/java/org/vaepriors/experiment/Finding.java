package org.vaepriors.experiment;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.vaepriors.math.Estimate;

/**
 * A paper's claim judged on this run's numbers by the project's one rule: a difference counts when it exceeds
 * {@value #STANDARD_ERRORS} standard errors. The claim <em>held</em> when the difference lies beyond that in
 * the claimed direction, was <em>contradicted</em> when it lies beyond it in the other direction, and is
 * <em>not shown</em> otherwise (too small for the noise, or no standard error to judge it by).
 *
 * <p>The standard error is the one {@link #difference} computes: that of the paired per-image difference
 * (both models evaluated on the same test images), combined with the seed spread when there are several seeds,
 * and with the Monte Carlo error of any normaliser the numbers depend on (LARS's Z, NCP's log Z), all in
 * quadrature.
 *
 * @param claim    the claim, as the paper states it
 * @param source   where the paper states it, e.g. "Exemplar VAE supplement, Table 1"
 * @param outcome  the verdict
 * @param evidence the numbers that decided it
 */
public record Finding(String claim, String source, Outcome outcome, String evidence) {
    /** How many standard errors a difference must exceed to count. */
    public static final double STANDARD_ERRORS = 2;

    /** A verdict. */
    public enum Outcome {
        /** the difference lies beyond the rule's threshold in the claimed direction */
        HELD,
        /** it does not exceed the threshold (or there is no standard error) */
        NOT_SHOWN,
        /** it lies beyond the threshold against the claim */
        CONTRADICTED;

        /** @return "held", "not shown" or "contradicted" */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /** Validates the fields. */
    public Finding {
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(evidence, "evidence");
    }

    /**
     * Judges a claim that a quantity is positive (write the difference so that the claim says "greater than
     * zero": for "A has lower NLL than B", pass NLL(B) - NLL(A)).
     *
     * @param claim      the claim as the paper states it
     * @param source     where it stands
     * @param difference the difference with its standard error ({@link #difference})
     * @param unit       the unit for the evidence, e.g. "nats"
     * @return the finding
     */
    public static Finding of(String claim, String source, Estimate difference, String unit) {
        double d = difference.mean();
        double se = difference.standardError();
        Outcome outcome;
        if (!(se > 0) || !Double.isFinite(d)) {
            outcome = Outcome.NOT_SHOWN;
        } else if (d > STANDARD_ERRORS * se) {
            outcome = Outcome.HELD;
        } else if (d < -STANDARD_ERRORS * se) {
            outcome = Outcome.CONTRADICTED;
        } else {
            outcome = Outcome.NOT_SHOWN;
        }
        String evidence = se > 0
                ? String.format(Locale.ROOT, "%+.3g ± %.2g %s (threshold %.2g)", d, se, unit, STANDARD_ERRORS * se)
                : String.format(Locale.ROOT, "%+.3g %s, no standard error (one run, no per-image pairing)", d, unit);
        return new Finding(claim, source, outcome, evidence);
    }

    /**
     * The same finding with more of the numbers behind it.
     *
     * @param more what to append to the evidence
     * @return the finding
     */
    public Finding withEvidence(String more) {
        return new Finding(claim, source, outcome, evidence + "; " + more);
    }

    /**
     * The difference a finding judges, over seeds: the mean of the per-seed differences, with the standard
     * error sqrt(sum se_s^2 / n^2 + sd_s^2 / n) that combines each seed's paired per-image standard error with
     * the spread between seeds (sd_s, zero for one seed), and the normalisers' Monte Carlo errors in quadrature.
     *
     * @param perSeed         one paired difference per seed (e.g. {@code EvalResult.nllMinus})
     * @param normaliserErrors standard errors of normalisers the difference depends on (each enters once)
     * @return the combined estimate
     * @throws IllegalArgumentException if there is no seed
     */
    public static Estimate difference(List<Estimate> perSeed, double... normaliserErrors) {
        int n = perSeed.size();
        if (n == 0) {
            throw new IllegalArgumentException("a difference needs at least one seed");
        }
        double mean = 0;
        double paired = 0;
        long images = 0;
        for (Estimate e : perSeed) {
            mean += e.mean() / n;
            paired += e.standardError() * e.standardError();
            images += e.n();
        }
        double spread = 0;
        for (Estimate e : perSeed) {
            spread += (e.mean() - mean) * (e.mean() - mean);
        }
        double var = paired / ((double) n * n) + (n > 1 ? spread / (n - 1) / n : 0);
        for (double se : normaliserErrors) {
            var += se * se;
        }
        return new Estimate(mean, Math.sqrt(var), images);
    }
}
