package org.vaepriors.experiment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaepriors.LabPaths;
import org.vaepriors.data.Checksums;
import org.vaepriors.data.synthetic.GaussianMixture2D;
import org.vaepriors.io.Json;
import org.vaepriors.math.Estimate;
import org.vaepriors.math.PrincipalAxes;
import org.vaepriors.model.ContinuousVae;
import org.vaepriors.prior.NoiseContrastivePrior;
import org.vaepriors.prior.Prior;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.runtime.BackendInfo;
import org.vaepriors.runtime.LibraryVersion;
import org.vaepriors.train.ContinuousVaeTrainer;
import org.vaepriors.train.NoiseContrastiveTrainer;
import org.vaepriors.train.Seeds;
import org.vaepriors.train.StepListener;

/**
 * The NCP-VAE supplement's synthetic experiment (section J) in three stages: train a VAE with a standard
 * Gaussian prior on the 25-Gaussians, fit the noise-contrastive prior to it with the VAE frozen, then
 * evaluate both priors on the same model: the mean importance-weighted log-likelihood of fresh samples of
 * the true mixture, and the share of generated points that fall in low-density regions (farther than a
 * number of standard deviations from every mode). The result, with its config and provenance, is saved as
 * JSON under {@link LabPaths#results()}.
 */
public final class NcpExperiment {
    /** The paper's mean log-likelihood of the VAE with a standard Gaussian prior (nats), section J. */
    public static final double PAPER_VAE_LOG_LIKELIHOOD = -2.753;
    /** The paper's mean log-likelihood of NCP-VAE (nats), section J. */
    public static final double PAPER_NCP_LOG_LIKELIHOOD = -0.954;

    /**
     * Everything that changes the numbers.
     *
     * @param profile           the profile
     * @param data              the true mixture
     * @param vae               the VAE's architecture
     * @param schedule          the VAE's training (steps, not epochs: VAEPRIORS_MAX_EPOCHS does not apply)
     * @param ncp               the classifier, its training and the Monte Carlo sizes
     * @param trainPoints       training points drawn from the mixture once
     * @param testPoints        fresh points whose mean log-likelihood is reported (the paper: 50,000)
     * @param iwSamples         importance samples per test point
     * @param generated         points generated from each prior for the low-density share
     * @param lowDensitySigmas  a generated point farther than this many standard deviations from every mode
     *                          lies in a low-density region
     * @param seed              every random stream derives from it
     */
    public record Config(Profile profile, GaussianMixture2D data, ContinuousVae.Spec vae,
                         ContinuousVaeTrainer.Schedule schedule, NoiseContrastivePrior.Spec ncp, int trainPoints,
                         int testPoints, int iwSamples, int generated, double lowDensitySigmas, long seed) {

        /** Validates the fields. */
        public Config {
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(vae, "vae");
            Objects.requireNonNull(schedule, "schedule");
            Objects.requireNonNull(ncp, "ncp");
            if (!(ncp.base() instanceof StandardGaussianPrior.Spec)) {
                throw new IllegalArgumentException("the experiment trains its VAE with a standard Gaussian prior; the NCP "
                        + "spec's base is " + ncp.base().label());
            }
            if (vae.dataDim() != 2) {
                throw new IllegalArgumentException("the 25-Gaussians are 2-D; the VAE expects " + vae.dataDim() + "-D data");
            }
            for (int v : new int[]{trainPoints, testPoints, iwSamples, generated}) {
                if (v < 2) {
                    throw new IllegalArgumentException("trainPoints, testPoints, iwSamples and generated must be >= 2, got "
                            + trainPoints + ", " + testPoints + ", " + iwSamples + ", " + generated);
                }
            }
            if (!(lowDensitySigmas > 0)) {
                throw new IllegalArgumentException("lowDensitySigmas must be positive, got " + lowDensitySigmas);
            }
        }

        /**
         * The settings of a profile, with the environment's overrides (VAEPRIORS_DATA_LIMIT caps the training
         * points, VAEPRIORS_IW_SAMPLES sets S).
         *
         * @param knobs the knobs
         * @return the config
         */
        public static Config of(Knobs knobs) {
            NoiseContrastivePrior.Spec paper = NoiseContrastivePrior.Spec.paper();
            int train = knobs.pick(5_000, 50_000, 50_000);
            return new Config(knobs.profile(), GaussianMixture2D.twentyFiveGaussians(),
                    ContinuousVae.Spec.twentyFiveGaussians(),
                    knobs.pick(new ContinuousVaeTrainer.Schedule(150, 128, 1e-3, 50),
                            new ContinuousVaeTrainer.Schedule(12_000, 128, 1e-3, 3_000),
                            new ContinuousVaeTrainer.Schedule(100_000, 256, 1e-3, 10_000)),
                    knobs.pick(new NoiseContrastivePrior.Spec(paper.base(), 256, 4, 100, 128, 1e-3, 2_000, 20),
                            new NoiseContrastivePrior.Spec(paper.base(), 256, 4, 6_000, 256, 1e-3, 20_000, 100),
                            paper),
                    knobs.dataLimit().isPresent() ? Math.min(train, knobs.dataLimit().getAsInt()) : train,
                    knobs.pick(1_000, 50_000, 50_000),
                    knobs.iwSamples().orElse(knobs.pick(10, 50, 1_000)),
                    knobs.pick(1_000, 5_000, 5_000), 3.0, 1);
        }
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
     * A claim of the paper and whether this run showed it.
     *
     * @param claim    the paper's claim
     * @param held     whether this run showed it
     * @param evidence the numbers behind the verdict
     */
    public record Claim(String claim, boolean held, String evidence) {
    }

    /**
     * A finished run, as saved.
     *
     * @param config         the config
     * @param numbers        the numbers
     * @param libraryVersion this library's version
     * @param dl4jVersion    the DL4J/ND4J version
     * @param gitCommit      the project's commit
     * @param backend        the compute backend
     * @param java           the Java runtime
     * @param knobs          the knobs in force
     * @param scaledDown     true unless the paper profile ran with no override
     * @param startedAt      when the run started
     */
    public record Result(Config config, Numbers numbers, String libraryVersion, String dl4jVersion, String gitCommit,
                         BackendInfo backend, String java, String knobs, boolean scaledDown, String startedAt) {

        /**
         * The paper's two claims of section J, judged on this run's numbers: NCP removes the generated points in
         * low-density regions, and raises the log-likelihood by well over a nat (the paper: +1.80). A claim
         * holds only when the numbers show it beyond two standard errors.
         *
         * @return the verdicts
         */
        public List<Claim> claims() {
            Numbers n = numbers;
            List<Claim> out = new ArrayList<>();
            double g = n.gain().mean();
            double se = n.gain().standardError();
            out.add(new Claim("NCP raises the mean log-likelihood by well over a nat (the paper: +"
                    + fmt(PAPER_NCP_LOG_LIKELIHOOD - PAPER_VAE_LOG_LIKELIHOOD) + " nats; held if the gain less two "
                    + "standard errors exceeds 1 nat)", g - 2 * se > 1.0,
                    "gain " + fmt(g) + " ± " + fmt(se) + " nats (" + fmt(n.vaeLogLikelihood().mean()) + " to "
                            + fmt(n.ncpLogLikelihood().mean()) + ")"));
            int m = config.generated();
            double pv = n.vaeLowDensityShare();
            double pn = n.ncpLowDensityShare();
            double seDiff = Math.sqrt(pv * (1 - pv) / m + pn * (1 - pn) / m);
            out.add(new Claim(String.format(Locale.ROOT, "NCP removes the generated points in low-density regions "
                            + "(here: farther than %.1f standard deviations from every mode; held if their share at "
                            + "least halves)", config.lowDensitySigmas()),
                    pn < pv / 2 && pv - pn > 2 * seDiff,
                    String.format(Locale.ROOT, "%.1f%% of VAE samples, %.1f%% of NCP samples (decoded from q(z): %.1f%%; "
                            + "true data: %.1f%%)", 100 * pv, 100 * pn, 100 * n.posteriorLowDensityShare(),
                            100 * n.dataLowDensityShare())));
            return out;
        }

        /**
         * Saves the result as {@code results/05-ncp-25-gaussians-<profile>-<config hash>/result.json}.
         *
         * @return the file written
         */
        public Path save() {
            String hash = Checksums.sha256(Json.write(config).getBytes(StandardCharsets.UTF_8));
            Path file = LabPaths.results().resolve("05-ncp-25-gaussians-" + config.profile() + "-" + hash.substring(0, 16))
                    .resolve("result.json");
            Json.write(file, this);
            return file;
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

    private final Config config;
    private final Knobs knobs;
    private final Instant startedAt = Instant.now();
    private final double[][] train;
    private final ContinuousVae vae;
    private NoiseContrastiveTrainer.Fit fit;
    private double vaeSeconds;
    private double classifierSeconds;

    /**
     * Draws the training points and builds the VAE.
     *
     * @param config the config
     * @param knobs  the knobs in force (saved with the result)
     */
    public NcpExperiment(Config config, Knobs knobs) {
        this.config = Objects.requireNonNull(config, "config");
        this.knobs = Objects.requireNonNull(knobs, "knobs");
        this.train = config.data().sample(config.trainPoints(), Seeds.stream(config.seed(), "train-points", 0));
        this.vae = ContinuousVae.build(config.vae(), new StandardGaussianPrior.Spec(), DataType.FLOAT,
                Seeds.derive(config.seed(), "vae-weights", 0));
    }

    /** @return the VAE */
    public ContinuousVae vae() {
        return vae;
    }

    /**
     * Stage 1: trains the VAE with the standard Gaussian prior.
     *
     * @param listener hears every step
     * @return the loss of every step
     */
    public double[] trainVae(StepListener listener) {
        long t0 = System.nanoTime();
        double[] losses = ContinuousVaeTrainer.train(vae, train, config.schedule(), Seeds.derive(config.seed(), "vae", 0),
                listener);
        vaeSeconds = (System.nanoTime() - t0) / 1e9;
        return losses;
    }

    /**
     * Stage 2: with the VAE frozen, trains the classifier and estimates log Z.
     *
     * @param listener hears every classifier step
     * @return the NCP prior
     */
    public NoiseContrastivePrior fitPrior(StepListener listener) {
        long t0 = System.nanoTime();
        fit = NoiseContrastiveTrainer.fit(config.ncp(), vae.prior(), vae.graph(), vae.aggregatePosterior(train),
                Seeds.derive(config.seed(), "ncp", 0), listener);
        classifierSeconds = (System.nanoTime() - t0) / 1e9;
        return fit.prior();
    }

    /**
     * Points decoded (decoder means) from latents drawn from a prior.
     *
     * @param prior the VAE's prior or the NCP prior
     * @param n     how many
     * @param seed  the seed
     * @return {@code [n][2]}
     */
    public double[][] generate(Prior prior, int n, long seed) {
        INDArray z = prior.sample(vae.graph(), n, Seeds.stream(config.seed(), "generate", seed));
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
        requireFitted();
        double[][] q = vae.aggregatePosterior(train).sample(samples, Seeds.stream(config.seed(), "ratio-map", 0))
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
        double[] l = fit.prior().ratio().logRatio(org.nd4j.linalg.factory.Nd4j.create(grid).castTo(DataType.FLOAT));
        double[][] map = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(l, i * n, map[i], 0, n);
        }
        return new RatioMap(lo, hi, map, qp);
    }

    /**
     * Evaluates both priors on the same model and saves the result.
     *
     * @return the result
     */
    public Result evaluate() {
        requireFitted();
        long t0 = System.nanoTime();
        GaussianMixture2D mix = config.data();
        double[][] test = mix.sample(config.testPoints(), Seeds.stream(config.seed(), "test-points", 0));
        double[] negLogP = new double[test.length];
        for (int i = 0; i < test.length; i++) {
            negLogP[i] = -mix.logDensity(test[i][0], test[i][1]);
        }
        double[][] ll = vae.logLikelihoods(test, List.of(vae.prior(), fit.prior()), config.iwSamples(),
                Seeds.stream(config.seed(), "importance-samples", 0));
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
                vae.observationStd(), lowDensityShare(mix.sample(config.generated(), Seeds.stream(config.seed(), "data-tail", 0))),
                lowDensityShare(vae.decode(vae.aggregatePosterior(train).sample(config.generated(),
                        Seeds.stream(config.seed(), "generate", 0))).castTo(DataType.DOUBLE).toDoubleMatrix()),
                lowDensityShare(generate(vae.prior(), config.generated(), 1)),
                lowDensityShare(generate(fit.prior(), config.generated(), 2)),
                vaeSeconds, classifierSeconds, (System.nanoTime() - t0) / 1e9);
        Result r = new Result(config, numbers, LibraryVersion.version(), LibraryVersion.dl4jVersion(),
                Provenance.currentCommit(), BackendInfo.current(),
                System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")", knobs.toString(),
                knobs.scaledDown(), startedAt.toString());
        r.save();
        return r;
    }

    /** The share of points farther than {@code lowDensitySigmas} standard deviations from every mode. */
    private double lowDensityShare(double[][] points) {
        int far = 0;
        for (double[] p : points) {
            far += config.data().sigmasToNearestMode(p[0], p[1]) > config.lowDensitySigmas() ? 1 : 0;
        }
        return (double) far / points.length;
    }

    private void requireFitted() {
        if (fit == null) {
            throw new IllegalStateException("fit the NCP prior first: call fitPrior(...) after trainVae(...)");
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
