package org.vaepriors.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import org.vaepriors.eval.EvalResult;
import org.vaepriors.io.Json;
import org.vaepriors.math.Estimate;
import org.vaepriors.prior.ResampledPrior;

/**
 * The numbers the LARS tables report for one finished run: test NLL, the ELBO split, and the mean
 * acceptance Z with its Monte Carlo standard error (1 exactly for a prior that is not resampled).
 *
 * @param label a row label
 * @param run   the run
 * @param z     Z, estimated as the run's evaluation estimated it (same draws, same parameters)
 */
public record LarsSummary(String label, ExperimentRunner.Run run, Estimate z) {
    private static final String Z_FILE = "normalizer.json";

    /** Validates the fields. */
    public LarsSummary {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(z, "z");
    }

    /**
     * Summarises a run; Z is read from {@code normalizer.json} in the run folder, or estimated with the
     * run's model and saved there (the estimate is deterministic: a fixed stream of proposal draws).
     *
     * @param label a row label
     * @param run   the run
     * @return the summary
     */
    public static LarsSummary of(String label, ExperimentRunner.Run run) {
        if (!(run.result().config().prior() instanceof ResampledPrior.Spec)) {
            return new LarsSummary(label, run, new Estimate(1, 0, 0));
        }
        Path file = run.dir().resolve(Z_FILE);
        if (!Files.isRegularFile(file)) {
            Json.write(file, ((ResampledPrior) run.model().prior()).normalizer());
        }
        return new LarsSummary(label, run, Json.read(file, Estimate.class));
    }

    /** @return the test metrics */
    public EvalResult metrics() {
        return run.result().metrics();
    }

    /**
     * The paired difference of test NLL over the same test images: this run's minus {@code other}'s.
     *
     * @param other a run evaluated on the same test images
     * @return the mean difference (negative: this run is better) and its standard error
     * @throws IllegalArgumentException if the runs were evaluated on different numbers of images
     */
    public Estimate nllMinus(LarsSummary other) {
        double[] a = metrics().logLikelihoods();
        double[] b = other.metrics().logLikelihoods();
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired differences need the same test images: " + a.length + " vs " + b.length);
        }
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = b[i] - a[i];
        }
        return Estimate.of(d);
    }
}
