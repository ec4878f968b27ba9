package org.vaepriors.ncp;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.data.synthetic.GaussianMixture2D;
import org.vaepriors.experiment.ExperimentRunner;
import org.vaepriors.experiment.Knobs;
import org.vaepriors.experiment.Profile;
import org.vaepriors.experiment.Provenance;
import org.vaepriors.experiment.RunConfig;
import org.vaepriors.experiment.RunContext;
import org.vaepriors.experiment.RunResult;
import org.vaepriors.math.Estimate;
import org.vaepriors.math.PrincipalAxes;
import org.vaepriors.prior.Prior;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.train.Checkpoint;
import org.vaepriors.train.Outcome;
import org.vaepriors.train.Seeds;

/**
 * Stage 2 of the NCP-VAE supplement's synthetic experiment (section J) as a run, with the evaluation: the
 * noise-contrastive prior fitted to the frozen VAE of stage 1 ({@link NcpVaeRun}), then both priors evaluated
 * on the same model: the mean importance-weighted log-likelihood of fresh samples of the true mixture, and
 * the share of generated points that fall in low-density regions (farther than a number of standard
 * deviations from every mode). Every number the notebook's table shows is in its result.
 *
 * @param vae              stage 1
 * @param ncp              the classifier, its training and the Monte Carlo sizes
 * @param testPoints       fresh points whose mean log-likelihood is reported (the paper: 50,000)
 * @param iwSamples        importance samples per test point
 * @param generated        points generated from each prior for the low-density share
 * @param lowDensitySigmas a generated point farther than this many standard deviations from every mode lies
 *                         in a low-density region
 */
public record NcpRun(NcpVaeRun vae, NoiseContrastivePrior.Spec ncp, int testPoints, int iwSamples, int generated,
                     double lowDensitySigmas) implements RunConfig<NcpRun.Result, NcpRun.Model> {

    /** Validates the fields. */
    public NcpRun {
        Objects.requireNonNull(vae, "vae");
        Objects.requireNonNull(ncp, "ncp");
        if (!(ncp.base() instanceof StandardGaussianPrior.Spec)) {
            throw new IllegalArgumentException("stage 1 trains its VAE with a standard Gaussian prior; the NCP spec's base is "
                    + ncp.base().label());
        }
        for (int v : new int[]{testPoints, iwSamples, generated}) {
            if (v < 2) {
                throw new IllegalArgumentException("testPoints, iwSamples and generated must be >= 2, got " + testPoints
                        + ", " + iwSamples + ", " + generated);
            }
        }
        if (!(lowDensitySigmas > 0)) {
            throw new IllegalArgumentException("lowDensitySigmas must be positive, got " + lowDensitySigmas);
        }
    }

    /**
     * The settings of a profile: its study's first run ({@link NcpStudy#of}).
     *
     * @param profile the profile
     * @return the config
     */
    public static NcpRun of(Profile profile) {
        return NcpStudy.of(profile).run(1);
    }

    /**
     * The numbers of a run.
     *
     * @param entropy                 the true mixture's entropy H by Monte Carlo on the test points: -H is the
     *                                best mean log-likelihood any model can reach
     * @param vaeLogLikelihood        mean log p(x) of the test points under the VAE's own prior
     * @param ncpLogLikelihood        the same under the NCP prior, log Z's standard error not included
     * @param gain                    the paired mean difference NCP - VAE, its standard error including log Z's
     * @param logZ                    log Z with its standard error
     * @param classifierLoss          the classifier's mean binary cross-entropy over its last 10% of steps
     *                                (log 4 = 1.386 is chance)
     * @param observationStd          the VAE's likelihood standard deviation per dimension
     * @param dataLowDensityShare     share of true samples beyond the threshold (the Rayleigh tail)
     * @param posteriorLowDensityShare share of points decoded from the aggregate posterior q(z) beyond it:
     *                                what a prior equal to q(z) would give with this decoder, NCP's floor
     * @param vaeLowDensityShare      share of points decoded from p(z) beyond it
     * @param ncpLowDensityShare      share of points decoded from the NCP prior beyond it
     * @param vaeTrainSeconds         wall time of stage 1
     * @param classifierTrainSeconds  wall time of stage 2 (log Z included)
     * @param evalSeconds             wall time of the evaluation
     */
    public record Numbers(Estimate entropy, Estimate vaeLogLikelihood, Estimate ncpLogLikelihood, Estimate gain,
                          Estimate logZ, double classifierLoss, double[] observationStd, double dataLowDensityShare,
                          double posteriorLowDensityShare, double vaeLowDensityShare, double ncpLowDensityShare, double vaeTrainSeconds,
                          double classifierTrainSeconds, double evalSeconds) {
    }

    /**
     * A finished run, as saved.
     *
     * @param config     the config
     * @param numbers    the numbers
     * @param outcome    how the classifier's training ended
     * @param provenance where the result came from
     */
    public record Result(NcpRun config, Numbers numbers, Outcome outcome, Provenance provenance) implements RunResult {

        /**
         * @return the paired mean difference NCP - VAE with only its per-point standard error (the gain's standard
         * error less log Z's, which {@link Numbers#gain()} combined in quadrature)
         */
        public Estimate pairedGain() {
            Estimate g = numbers.gain();
            double se = Math.sqrt(Math.max(0, g.standardError() * g.standardError()
                    - numbers.logZ().standardError() * numbers.logZ().standardError()));
            return new Estimate(g.mean(), se, g.n());
        }

        @Override
        public String summary() {
            return String.format(Locale.ROOT, "%s; mean log p(x): VAE %s, NCP-VAE %s, log Z %s", outcome,
                    numbers.vaeLogLikelihood(), numbers.ncpLogLikelihood(), numbers.logZ());
        }
    }

    /**
     * log r(z) on a square grid in the plane of the aggregate posterior's two leading principal axes, through
     * its mean, with samples of q(z) projected onto that plane.
     *
     * @param lo        lower grid bound of both coordinates
     * @param hi        upper grid bound
     * @param logRatio  {@code [n][n]} log r at (u_j, v_i): row i is the second coordinate
     * @param posterior {@code [m][2]} projected samples of the aggregate posterior
     */
    public record RatioMap(double lo, double hi, double[][] logRatio, double[][] posterior) {
        /**
         * @param u first coordinate, a grid value
         * @param v second coordinate, a grid value
         * @return log r at the nearest grid point
         */
        public double at(double u, double v) {
            int n = logRatio.length;
            int j = (int) Math.round((u - lo) / (hi - lo) * (n - 1));
            int i = (int) Math.round((v - lo) / (hi - lo) * (n - 1));
            return logRatio[Math.max(0, Math.min(n - 1, i))][Math.max(0, Math.min(n - 1, j))];
        }
    }

    /**
     * A trained NCP-VAE: the frozen VAE of stage 1, its fitted NCP prior, and the training points.
     *
     * @param vae   the VAE
     * @param prior the NCP prior (its base is the VAE's own)
     * @param train the training points
     * @param seed  the experiment's seed
     */
    public record Model(ContinuousVae vae, NoiseContrastivePrior prior, double[][] train, long seed) {
        /**
         * Points decoded (decoder means) from latents drawn from a prior.
         *
         * @param prior the VAE's prior or the NCP prior
         * @param n     how many
         * @param tag   a number naming the stream (the evaluation uses 1 for the VAE's prior, 2 for NCP)
         * @return {@code [n][2]}
         */
        public double[][] generate(Prior prior, int n, long tag) {
            INDArray z = prior.sample(n, Seeds.stream(seed, "generate", tag));
            return vae.decode(z).castTo(DataType.DOUBLE).toDoubleMatrix();
        }

        /**
         * The classifier's log r(z) over a 2-D projection of the latent space ({@link RatioMap}): only two of
         * the d directions, the ones along which the aggregate posterior varies most.
         *
         * @param n       grid points per axis
         * @param samples projected samples of q(z)
         * @return the map
         */
        public RatioMap ratioMap(int n, int samples) {
            double[][] q = vae.aggregatePosterior(train).sample(samples, Seeds.stream(seed, "ratio-map", 0))
                    .castTo(DataType.DOUBLE).toDoubleMatrix();
            PrincipalAxes axes = PrincipalAxes.of(q, 2);
            double[][] qp = new double[samples][];
            double extent = 0;
            for (int i = 0; i < samples; i++) {
                qp[i] = axes.project(q[i]);
                extent = Math.max(extent, Math.max(Math.abs(qp[i][0]), Math.abs(qp[i][1])));
            }
            double lo = -1.1 * extent;
            double hi = 1.1 * extent;
            double[][] grid = new double[n * n][];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    grid[i * n + j] = axes.point(lo + (hi - lo) * j / (n - 1), lo + (hi - lo) * i / (n - 1));
                }
            }
            double[] l = prior.ratio().logRatio(Nd4j.create(grid).castTo(DataType.FLOAT));
            double[][] map = new double[n][n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(l, i * n, map[i], 0, n);
            }
            return new RatioMap(lo, hi, map, qp);
        }
    }

    @Override
    public Profile profile() {
        return vae.profile();
    }

    @Override
    public long seed() {
        return vae.seed();
    }

    @Override
    public String label() {
        return (vae.profile() + "-ncp-25-gaussians").toLowerCase(Locale.ROOT);
    }

    @Override
    public Class<Result> resultType() {
        return Result.class;
    }

    /** VAEPRIORS_DATA_LIMIT caps stage 1's training points, VAEPRIORS_IW_SAMPLES sets S. */
    @Override
    public NcpRun scaled(Knobs knobs) {
        return new NcpRun(vae.scaled(knobs), ncp, testPoints, knobs.iwSamples().orElse(iwSamples), generated,
                lowDensitySigmas);
    }

    @Override
    public List<RunConfig<?, ?>> dependencies() {
        return List.of(vae);
    }

    @Override
    public Result execute(RunContext ctx) {
        ExperimentRunner.Run<NcpVaeRun.Result, ContinuousVae> stage1 = ctx.dependency(vae);
        ContinuousVae model = stage1.model();
        double[][] train = vae.trainingPoints();
        long seed = seed();
        long t0 = System.nanoTime();
        NoiseContrastiveTrainer.Fit fit = NoiseContrastiveTrainer.fit(ncp, model.prior(), model.aggregatePosterior(train),
                Seeds.derive(seed, "ncp", 0), ctx.listener());
        double classifierSeconds = (System.nanoTime() - t0) / 1e9;
        if (fit.loop().diverged()) {
            throw new IllegalStateException("the NCP classifier diverged: " + fit.loop().divergence().diagnosis());
        }
        LatentClassifier d = fit.classifier();
        Checkpoint.saveParameters(ctx.dir().resolve("classifier.ckpt"), d.graph(), d.parameterNames(), null);
        t0 = System.nanoTime();
        Model m = new Model(model, fit.prior(), train, seed);
        GaussianMixture2D mix = vae.data();
        double[][] test = mix.sample(testPoints, Seeds.stream(seed, "test-points", 0));
        double[] negLogP = new double[test.length];
        for (int i = 0; i < test.length; i++) {
            negLogP[i] = -mix.logDensity(test[i][0], test[i][1]);
        }
        double[][] ll = model.logLikelihoods(test, List.of(model.prior(), fit.prior()), iwSamples,
                Seeds.stream(seed, "importance-samples", 0));
        double[] diff = new double[test.length];
        for (int i = 0; i < test.length; i++) {
            diff[i] = ll[1][i] - ll[0][i];
        }
        Estimate paired = Estimate.of(diff);
        Estimate logZ = fit.prior().logZ();
        Estimate gain = new Estimate(paired.mean(), Math.hypot(paired.standardError(), logZ.standardError()), paired.n());
        double[] losses = fit.losses();
        double tail = 0;
        int from = losses.length - Math.max(1, losses.length / 10);
        for (int i = from; i < losses.length; i++) {
            tail += losses[i] / (losses.length - from);
        }
        Numbers numbers = new Numbers(Estimate.of(negLogP), Estimate.of(ll[0]), Estimate.of(ll[1]), gain, logZ, tail,
                model.observationStd(), lowDensityShare(mix.sample(generated, Seeds.stream(seed, "data-tail", 0))),
                lowDensityShare(model.decode(model.aggregatePosterior(train).sample(generated,
                        Seeds.stream(seed, "generate", 0))).castTo(DataType.DOUBLE).toDoubleMatrix()),
                lowDensityShare(m.generate(model.prior(), generated, 1)),
                lowDensityShare(m.generate(fit.prior(), generated, 2)),
                stage1.result().provenance().trainSeconds(), classifierSeconds, (System.nanoTime() - t0) / 1e9);
        return new Result(this, numbers, new Outcome.Completed(1, 1),
                ctx.provenance(this, null, classifierSeconds, numbers.evalSeconds()));
    }

    @Override
    public Model load(Path dir, Result result) {
        ContinuousVae model = vae.load(ExperimentRunner.runDir(vae), null);
        LatentClassifier d = NoiseContrastiveTrainer.classifier(ncp, model.prior().latentDim(), Seeds.derive(seed(), "ncp", 0));
        Checkpoint.loadParameters(dir.resolve("classifier.ckpt"), d.graph(), d.parameterNames(), null);
        return new Model(model, new NoiseContrastivePrior(ncp, model.prior(), d, result.numbers().logZ()),
                vae.trainingPoints(), seed());
    }

    /** The share of points farther than {@code lowDensitySigmas} standard deviations from every mode. */
    private double lowDensityShare(double[][] points) {
        int far = 0;
        for (double[] p : points) {
            far += vae.data().sigmasToNearestMode(p[0], p[1]) > lowDensitySigmas ? 1 : 0;
        }
        return (double) far / points.length;
    }
}
