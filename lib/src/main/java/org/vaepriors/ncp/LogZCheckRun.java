package org.vaepriors.ncp;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.vaepriors.experiment.ExperimentRunner;
import org.vaepriors.experiment.Knobs;
import org.vaepriors.experiment.Profile;
import org.vaepriors.experiment.Provenance;
import org.vaepriors.experiment.RunConfig;
import org.vaepriors.experiment.RunContext;
import org.vaepriors.experiment.RunResult;
import org.vaepriors.io.Json;
import org.vaepriors.math.Estimate;
import org.vaepriors.train.Outcome;
import org.vaepriors.train.Seeds;

/**
 * How far an NCP run's log-likelihoods can be trusted to its log Z. NCP's log p(x) carries -log Z, with Z = E_p[r(z)]
 * estimated once by Monte Carlo (the paper: 20,000 samples). The log of a Monte Carlo mean is biased low
 * (Jensen), E[log Z_hat] ~ log Z - Var(Z_hat) / (2 Z^2), so the reported log-likelihood is biased high, the more so
 * the heavier the tail of r(z) under p(z): in 20 dimensions a few draws near the aggregate posterior can carry
 * most of the mean. This run draws {@code factor} independent batches of the run's size and reports
 * <ul>
 * <li>log Z from all of them pooled (the stability check, {@code factor} times the samples) and the shift it
 *     makes to the mean log-likelihood, -(log Z_check - log Z);</li>
 * <li>the bias of log Z_hat at the run's sample size, measured: the mean over the batches of log Z_b minus the
 *     pooled log Z, with the batches' standard error; and the delta method's -se(log Z)^2 / 2 for comparison;</li>
 * <li>the effective sample size (sum w)^2 / sum w^2 of the weights w = r(z) per batch: far below the batch size,
 *     the estimate rests on a few draws.</li>
 * </ul>
 *
 * @param run    the NCP run
 * @param factor batches of the run's log Z sample size (>= 2)
 */
public record LogZCheckRun(NcpRun run, int factor) implements RunConfig<LogZCheckRun.Result, NcpRun.Model> {

    /** Validates the fields. */
    public LogZCheckRun {
        Objects.requireNonNull(run, "run");
        if (factor < 2) {
            throw new IllegalArgumentException("the check needs at least two batches, got " + factor);
        }
    }

    /**
     * The check's numbers.
     *
     * @param config     the config
     * @param logZ       log Z as the run estimated it
     * @param logZCheck  log Z from {@code factor} times the samples, with the batches' standard error
     * @param bias       the measured bias of log Z_hat at the run's sample size: mean of log Z_b minus the pooled log Z
     * @param deltaBias  the delta method's bias, -se(log Z)^2 / 2
     * @param ess        the mean effective sample size of a batch's weights r(z)
     * @param samples    samples per batch (the run's)
     * @param outcome    the run's outcome
     * @param provenance where it came from
     */
    public record Result(LogZCheckRun config, Estimate logZ, Estimate logZCheck, Estimate bias, double deltaBias, double ess,
                         int samples, Outcome outcome, Provenance provenance) implements RunResult {

        /** @return the change of the mean log-likelihood with the check's log Z instead of the run's, nats */
        public double logLikelihoodShift() {
            return -(logZCheck.mean() - logZ.mean());
        }

        @Override
        public String summary() {
            return String.format(Locale.ROOT, "log Z %s; with %dx the samples %s; measured bias of log Z %s; ESS %.0f of %d",
                    logZ, config.factor(), logZCheck, bias, ess, samples);
        }
    }

    @Override
    public Profile profile() {
        return run.profile();
    }

    @Override
    public long seed() {
        return run.seed();
    }

    @Override
    public String label() {
        return run.label() + "-log-z-check";
    }

    @Override
    public Class<Result> resultType() {
        return Result.class;
    }

    @Override
    public LogZCheckRun scaled(Knobs knobs) {
        return new LogZCheckRun(run.scaled(knobs), factor);
    }

    @Override
    public List<RunConfig<?, ?>> dependencies() {
        return List.of(run);
    }

    @Override
    public Result execute(RunContext ctx) {
        ExperimentRunner.Run<NcpRun.Result, NcpRun.Model> done = ctx.dependency(run);
        long t0 = System.nanoTime();
        NoiseContrastivePrior prior = done.model().prior();
        int n = run.ncp().logZSamples();
        double[] logZb = new double[factor];
        double[] ess = new double[factor];
        double[] logSum = new double[factor]; // log sum_i r(z_i) per batch, for the pooled estimate
        for (int b = 0; b < factor; b++) {
            double[] w = weights(prior.ratio().logRatio(prior.base().sample(n, Seeds.stream(seed(), "log-z-check", b))));
            logSum[b] = w[0];
            logZb[b] = w[0] - Math.log(n);
            ess[b] = w[1];
        }
        double maxSum = Arrays.stream(logSum).max().getAsDouble();
        double pooled = 0;
        for (double v : logSum) {
            pooled += Math.exp(v - maxSum);
        }
        double logPooled = maxSum + Math.log(pooled) - Math.log((double) n * factor);
        Estimate batches = Estimate.of(logZb);
        // the pooled estimate's standard error: the batches' spread of Z_b / Z over sqrt(factor), on the log scale
        double[] rel = new double[factor];
        for (int b = 0; b < factor; b++) {
            rel[b] = Math.exp(logZb[b] - logPooled);
        }
        Estimate relative = Estimate.of(rel);
        Estimate logZ = done.result().numbers().logZ();
        return new Result(this, logZ, new Estimate(logPooled, relative.standardError(), (long) n * factor),
                new Estimate(batches.mean() - logPooled, batches.standardError(), factor),
                -logZ.standardError() * logZ.standardError() / 2, Arrays.stream(ess).average().orElse(Double.NaN), n,
                done.result().outcome(), ctx.provenance(this, null, 0, (System.nanoTime() - t0) / 1e9));
    }

    /**
     * @param logR log r(z) of a batch of draws z ~ p(z)
     * @return {log sum_i r(z_i), the effective sample size (sum r)^2 / sum r^2}, max-shifted
     */
    static double[] weights(double[] logR) {
        double max = Arrays.stream(logR).max().getAsDouble();
        double s = 0;
        double s2 = 0;
        for (double v : logR) {
            double w = Math.exp(v - max);
            s += w;
            s2 += w * w;
        }
        return new double[]{max + Math.log(s), s * s / s2};
    }

    @Override
    public NcpRun.Model load(Path dir, Result result) {
        Path runDir = ExperimentRunner.runDir(run);
        return run.load(runDir, Json.read(runDir.resolve("result.json"), NcpRun.Result.class));
    }
}
