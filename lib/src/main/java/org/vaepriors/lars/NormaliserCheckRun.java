package org.vaepriors.lars;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.data.Datasets;
import org.vaepriors.data.ImageDataset;
import org.vaepriors.data.ImageSet;
import org.vaepriors.experiment.ExperimentRunner;
import org.vaepriors.experiment.Knobs;
import org.vaepriors.experiment.Profile;
import org.vaepriors.experiment.Provenance;
import org.vaepriors.experiment.RunConfig;
import org.vaepriors.experiment.RunContext;
import org.vaepriors.experiment.RunResult;
import org.vaepriors.experiment.VaeResult;
import org.vaepriors.experiment.VaeRun;
import org.vaepriors.math.Estimate;
import org.vaepriors.model.GraphNames;
import org.vaepriors.model.VaeModel;
import org.vaepriors.nn.HostArrays;
import org.vaepriors.nn.SdMath;
import org.vaepriors.train.Outcome;
import org.vaepriors.train.Seeds;

/**
 * How much a LARS run's test NLL owes to the Monte Carlo estimate of its normaliser Z. The evaluation
 * estimates Z = E_pi[a(z)] once, from a fixed number of proposal draws, and computes every log p(x) with it;
 * the NLL is then a function f(Z) of that estimate. This run measures, on the same importance samples,
 * <ul>
 * <li>the NLL's standard error from Z: |f(Z + se) - f(Z - se)| / 2, se the standard error of Z (the error a
 *     finding carries into a difference of NLLs);</li>
 * <li>its bias: E[f(Z_hat)] - f(Z) = f''(Z) Var(Z_hat) / 2 to second order, measured as
 *     (f(Z + se) + f(Z - se) - 2 f(Z)) / 2. For T = infinity, f = c + log Z, so the bias is -se^2 / (2 Z^2): the
 *     log of a Monte Carlo mean is biased low, and so is the NLL (it flatters the model);</li>
 * <li>a stability check: Z from {@code factor} times the draws, on independent streams, and the NLL shift
 *     f(Z_check) - f(Z); and the bias of log Z_hat itself, measured directly as the mean of log Z over the
 *     {@code factor} independent batches of the evaluation's size minus the log of their pooled mean.</li>
 * </ul>
 * The log importance weights are recomputed exactly for each value of Z from the graph's
 * log p(x|z) - log q(z|x) at each sample and log p_T(z) evaluated outside the graph
 * ({@link ResampledPrior#logDensity(double, double, double, int)}).
 *
 * @param model  a VAE run with a resampled prior (trained jointly or post hoc) and a standard Gaussian proposal
 * @param factor the check uses this many times the evaluation's proposal draws (>= 2; the 10)
 * @param images the first this-many test images the NLL is recomputed on, 0 for the run's own test images
 */
public record NormaliserCheckRun(VaeRun<ResampledPrior> model, int factor, int images)
        implements RunConfig<NormaliserCheckRun.Result, VaeModel<ResampledPrior>> {

    /** Validates the fields. */
    public NormaliserCheckRun {
        Objects.requireNonNull(model, "model");
        if (factor < 2) {
            throw new IllegalArgumentException("the stability check needs at least twice the draws (factor >= 2), got " + factor);
        }
        if (images < 0) {
            throw new IllegalArgumentException("images must be >= 0 (0 = the run's own test images), got " + images);
        }
    }

    /**
     * The check's numbers.
     *
     * @param config         the config
     * @param z              Z as the run's evaluation estimated it (its draws and standard error)
     * @param zCheck         Z from {@code factor} times the draws, independent streams
     * @param logZBias       the measured bias of log Z_hat at the evaluation's draws: the mean of log Z over
     *                       {@code factor} independent batches minus log of the pooled estimate, with the batches'
     *                       standard error
     * @param images         test images the NLL was recomputed on
     * @param nll            their mean NLL at Z (these importance samples; the run's own NLL uses others)
     * @param nllAtPlusSe    f(Z + h) - f(Z), nats, h = min(se, Z / 2)
     * @param nllAtMinusSe   f(Z - h) - f(Z), nats
     * @param nllAtCheck     f(Z_check) - f(Z), nats
     * @param step           h, the step in Z the two differences used
     * @param outcome        the model's training outcome
     * @param provenance     where it came from
     */
    public record Result(NormaliserCheckRun config, Estimate z, Estimate zCheck, Estimate logZBias, int images, double nll,
                         double nllAtPlusSe, double nllAtMinusSe, double nllAtCheck, double step, Outcome outcome,
                         Provenance provenance) implements RunResult {

        /** @return the standard error of the NLL that comes from the Monte Carlo error of Z (nats) */
        public double nllError() {
            return Math.abs(nllAtPlusSe - nllAtMinusSe) / 2 * (z.standardError() / step);
        }

        /** @return the second-order bias of the NLL computed with an estimated Z, f''(Z) se^2 / 2 (nats; negative flatters) */
        public double nllBias() {
            double scale = z.standardError() / step;
            return (nllAtPlusSe + nllAtMinusSe) / 2 * scale * scale;
        }

        @Override
        public String summary() {
            return String.format(Locale.ROOT, "Z %s, with %dx the draws %s; NLL error from Z %.4f nats, bias %.2g nats, "
                    + "shift at the check's Z %+.4f nats", z, config.factor(), zCheck, nllError(), nllBias(), nllAtCheck);
        }
    }

    @Override
    public Profile profile() {
        return model.profile();
    }

    @Override
    public long seed() {
        return model.seed();
    }

    @Override
    public String label() {
        return model.label() + "-z-check";
    }

    @Override
    public Class<Result> resultType() {
        return Result.class;
    }

    @Override
    public NormaliserCheckRun scaled(Knobs knobs) {
        return new NormaliserCheckRun(model.scaled(knobs), factor, images);
    }

    @Override
    public List<RunConfig<?, ?>> dependencies() {
        return List.of(model);
    }

    @Override
    public Result execute(RunContext ctx) {
        ExperimentRunner.Run<VaeResult, VaeModel<ResampledPrior>> run = ctx.dependency(model);
        long t0 = System.nanoTime();
        VaeModel<ResampledPrior> m = run.model();
        ResampledPrior prior = m.prior();
        if (!(prior.spec().proposal() instanceof org.vaepriors.prior.StandardGaussianPrior.Spec)) {
            throw new IllegalArgumentException("the check evaluates log pi for a standard Gaussian proposal; this one is "
                    + prior.spec().proposal().label());
        }
        Estimate z = prior.normalizer();
        long n = prior.spec().evaluationSamples();
        double[] batchZ = new double[factor];
        double[] batchLogZ = new double[factor];
        for (int b = 0; b < factor; b++) {
            batchZ[b] = prior.estimateNormalizer(n, Seeds.stream(seed(), "z-check", b)).mean();
            batchLogZ[b] = Math.log(batchZ[b]);
        }
        Estimate pooled = Estimate.of(batchZ);
        Estimate zCheck = new Estimate(pooled.mean(), pooled.standardError(), n * factor);
        Estimate logs = Estimate.of(batchLogZ);
        Estimate logZBias = new Estimate(logs.mean() - Math.log(zCheck.mean()), logs.standardError(), factor);

        ImageDataset data = Datasets.load(model.dataset().id());
        ImageSet test = data.testBinary();
        int limit = images > 0 ? images : model.eval().testLimit();
        test = limit > 0 ? test.limit(Math.min(limit, test.size())) : test;
        double h = Math.min(z.standardError(), z.mean() / 2);
        if (!(h > 0)) {
            h = z.mean() * 1e-3; // an exact Z (no spread among the draws): the derivative still needs a step
        }
        double[] values = {z.mean(), z.mean() + h, z.mean() - h, zCheck.mean()};
        double[][] ll = logLikelihoods(m, test, model.eval().iwSamples(), values, Seeds.stream(seed(), "z-check-iw", 0));
        double nllAt = -mean(ll[0]);
        Result r = new Result(this, z, zCheck, logZBias, test.size(), nllAt, -mean(ll[1]) - nllAt, -mean(ll[2]) - nllAt,
                -mean(ll[3]) - nllAt, h, run.result().outcome(),
                ctx.provenance(this, data.provenance(), 0, (System.nanoTime() - t0) / 1e9));
        return r;
    }

    @Override
    public VaeModel<ResampledPrior> load(Path dir, Result result) {
        return model.load(ExperimentRunner.runDir(model), null);
    }

    /**
     * Importance-weighted log-likelihoods of each image at several values of Z, from the same samples: per
     * sample, the graph's log p(x|z) + log p_T(z) - log q(z|x) at the evaluation's Z minus its log p_T(z), plus
     * log p_T(z) at each value.
     *
     * @param m       the model
     * @param test    binarised images
     * @param samples importance samples per image
     * @param values  values of Z
     * @param rng     the generator
     * @return {@code [values][images]} log p(x)
     */
    static double[][] logLikelihoods(VaeModel<ResampledPrior> m, ImageSet test, int samples, double[] values,
                                     RandomGenerator rng) {
        ResampledPrior prior = m.prior();
        int t = prior.spec().truncation();
        int d = m.architecture().latentDim();
        int p = test.dim();
        int perPass = Math.max(1, Math.min(samples, m.evaluationRows(500)));
        double[][] out = new double[values.length][test.size()];
        for (int i = 0; i < test.size(); i++) {
            double[][] w = new double[values.length][samples];
            float[] x = test.image(i);
            for (int done = 0; done < samples; done += perPass) {
                int b = Math.min(perPass, samples - done);
                float[] rep = new float[b * p];
                for (int r = 0; r < b; r++) {
                    System.arraycopy(x, 0, rep, r * p, p);
                }
                Map<String, INDArray> feed = m.feed(HostArrays.floats(rep, b, p), rng, 1.0);
                Map<String, INDArray> o = m.output(feed, GraphNames.ELBO, GraphNames.LOG_PZ, GraphNames.MU, GraphNames.LOG_VAR);
                double[] elbo = o.get(GraphNames.ELBO).castTo(DataType.DOUBLE).toDoubleVector();
                double[] logPz = o.get(GraphNames.LOG_PZ).castTo(DataType.DOUBLE).toDoubleVector();
                double[][] mu = o.get(GraphNames.MU).castTo(DataType.DOUBLE).toDoubleMatrix();
                double[][] lv = o.get(GraphNames.LOG_VAR).castTo(DataType.DOUBLE).toDoubleMatrix();
                double[][] eps = feed.get(GraphNames.EPS).castTo(DataType.DOUBLE).toDoubleMatrix();
                double[][] z = new double[b][d];
                double[] logPi = new double[b];
                for (int r = 0; r < b; r++) {
                    double sq = 0;
                    for (int k = 0; k < d; k++) {
                        z[r][k] = mu[r][k] + Math.exp(lv[r][k] / 2) * eps[r][k];
                        sq += z[r][k] * z[r][k];
                    }
                    logPi[r] = -0.5 * sq - 0.5 * d * SdMath.LOG_2PI;
                }
                double[] logA = prior.logAcceptance(Nd4j.create(z).castTo(m.dtype()));
                for (int r = 0; r < b; r++) {
                    double base = elbo[r] - logPz[r];
                    for (int v = 0; v < values.length; v++) {
                        w[v][done + r] = base + ResampledPrior.logDensity(logPi[r], logA[r], values[v], t);
                    }
                }
            }
            for (int v = 0; v < values.length; v++) {
                out[v][i] = logMeanExp(w[v]);
            }
        }
        return out;
    }

    /** log (1/n) sum exp(w), max-shifted. */
    static double logMeanExp(double[] w) {
        double max = Arrays.stream(w).max().orElse(Double.NEGATIVE_INFINITY);
        double s = 0;
        for (double v : w) {
            s += Math.exp(v - max);
        }
        return max + Math.log(s / w.length);
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }
}
