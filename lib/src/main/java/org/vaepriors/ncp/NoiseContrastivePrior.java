package org.vaepriors.ncp;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.math.Estimate;
import org.vaepriors.prior.AbstractPrior;
import org.vaepriors.prior.LogDensity;
import org.vaepriors.prior.Prior;
import org.vaepriors.prior.PriorContext;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.prior.PriorStatistics;
import org.vaepriors.prior.StandardGaussianPrior;

/**
 * The noise-contrastive prior: a base prior p(z) reweighted by a density ratio r(z) that a classifier
 * learned to tell the aggregate posterior q(z) from p(z), so that the prior moves towards q(z) and away
 * from the regions of p(z) that no data point is encoded to.
 *
 * <pre>
 * Aneja, Schwing, Kautz &amp; Vahdat, A Contrastive Learning Approach for Training Variational
 * Autoencoder Priors, NeurIPS 2021.
 *
 * p_NCP(z) = p(z) r(z) / Z,   r(z) = D(z) / (1 - D(z)) = exp(logit D(z)),   Z = E_p[r(z)]
 * </pre>
 *
 * Z is estimated once, by Monte Carlo over base samples (the paper: 20,000), and enters log p_NCP(z) as a
 * constant; its standard error is kept ({@link #logZ()}) because every log-likelihood computed with this
 * prior inherits it. Samples come from sampling-importance-resampling: many proposals z ~ p(z), resampled
 * with weights r(z). The prior wraps any trained model's prior: the classifier and Z are fixed after
 * fitting ({@link NoiseContrastiveTrainer}).
 */
public final class NoiseContrastivePrior extends AbstractPrior<NoiseContrastivePrior.Spec> implements PriorStatistics {
    private static final int ROWS_PER_PASS = 8192;

    /**
     * How an NCP prior is fitted to a trained VAE.
     *
     * @param base               the prior the VAE was trained with, reweighted here
     * @param hidden             units per hidden layer of the classifier (the paper: 256)
     * @param layers             hidden layers of the classifier (the paper: 4)
     * @param steps              classifier training steps (Adam)
     * @param batchSize          samples of each class per step
     * @param learningRate       Adam's learning rate
     * @param logZSamples        base samples for the Monte Carlo estimate of Z (the paper: 20,000)
     * @param proposalsPerSample base proposals per sample drawn by sampling-importance-resampling
     */
    public record Spec(PriorSpec<?> base, int hidden, int layers, int steps, int batchSize, double learningRate,
                       int logZSamples, int proposalsPerSample) implements PriorSpec<NoiseContrastivePrior> {

        /** Validates the fields. */
        public Spec {
            Objects.requireNonNull(base, "base");
            if (base instanceof Spec) {
                throw new IllegalArgumentException("an NCP prior's base must not itself be an NCP prior");
            }
            positive("hidden", hidden);
            positive("layers", layers);
            positive("steps", steps);
            if (batchSize < 2) {
                throw new IllegalArgumentException("batchSize must be >= 2, got " + batchSize);
            }
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learningRate must be a positive number, got " + learningRate);
            }
            if (logZSamples < 2) {
                throw new IllegalArgumentException("logZSamples must be >= 2 (a standard error needs two), got " + logZSamples);
            }
            positive("proposalsPerSample", proposalsPerSample);
        }

        /**
         * The paper's synthetic experiment (section J): a 4 x 256 classifier on a standard Gaussian base,
         * Z from 20,000 samples. Steps, batch and learning rate are ours (the paper gives Adam at 1e-3 for
         * its image classifiers).
         *
         * @return the spec
         */
        public static Spec paper() {
            return new Spec(new StandardGaussianPrior.Spec(), 256, 4, 20_000, 256, 1e-3, 20_000, 100);
        }

        /**
         * @param n base samples for the estimate of Z
         * @return this spec with {@code n} samples
         */
        public Spec withLogZSamples(int n) {
            return new Spec(base, hidden, layers, steps, batchSize, learningRate, n, proposalsPerSample);
        }

        /**
         * Not supported: an NCP prior is fitted after its VAE has been trained with the base prior.
         *
         * @throws IllegalArgumentException always, naming the way to fit one
         */
        @Override
        public NoiseContrastivePrior create(PriorContext ctx) {
            throw new IllegalArgumentException("an NCP prior is fitted to a VAE already trained with its base prior ("
                    + base.label() + "): run an NcpRun, whose first stage trains the VAE with the base prior");
        }

        @Override
        public String label() {
            return "NCP (" + base.label() + ")";
        }

        private static void positive(String name, int v) {
            if (v < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, got " + v);
            }
        }
    }

    private final Prior base;
    private final LogDensityRatio ratio;
    private final Estimate logZ;

    /**
     * @param spec  the spec
     * @param base  the base prior p(z)
     * @param ratio log r(z), fixed from now on
     * @param logZ  the estimate of log Z = log E_p[r(z)] ({@link #estimateLogZ})
     * @throws IllegalArgumentException if the ratio's dimension is not the base prior's, or log Z is not finite
     */
    public NoiseContrastivePrior(Spec spec, Prior base, LogDensityRatio ratio, Estimate logZ) {
        super(spec, Objects.requireNonNull(base, "base").latentDim());
        this.base = base;
        this.ratio = Objects.requireNonNull(ratio, "ratio");
        this.logZ = Objects.requireNonNull(logZ, "logZ");
        if (ratio.latentDim() != base.latentDim()) {
            throw new IllegalArgumentException("the density ratio is over " + ratio.latentDim()
                    + " dimensions, the base prior over " + base.latentDim());
        }
        if (!Double.isFinite(logZ.mean())) {
            throw new IllegalArgumentException("log Z must be finite, got " + logZ.mean()
                    + ": the classifier's logits overflow; train it with a lower learning rate");
        }
    }

    /**
     * log Z = log E_p[r(z)] by plain Monte Carlo, with the standard error by the delta method,
     * se(log Z) = se(Z) / Z. The mean of r is taken in a max-shifted form, so large logits do not overflow.
     *
     * @param base      the base prior
     * @param ratio     log r(z)
     * @param samples   base samples (>= 2)
     * @param rng       the generator
     * @return the estimate of log Z, its standard error and the sample size
     */
    public static Estimate estimateLogZ(Prior base, LogDensityRatio ratio, int samples, RandomGenerator rng) {
        if (samples < 2) {
            throw new IllegalArgumentException("the estimate of log Z needs >= 2 samples, got " + samples);
        }
        double[] l = new double[samples];
        for (int from = 0; from < samples; from += ROWS_PER_PASS) {
            int n = Math.min(ROWS_PER_PASS, samples - from);
            System.arraycopy(ratio.logRatio(base.sample(n, rng)), 0, l, from, n);
        }
        double max = Arrays.stream(l).max().getAsDouble();
        double[] w = new double[samples];
        for (int i = 0; i < samples; i++) {
            w[i] = Math.exp(l[i] - max);
        }
        Estimate z = Estimate.of(w); // of Z exp(-max)
        return new Estimate(max + Math.log(z.mean()), z.standardError() / z.mean(), samples);
    }

    /** @return the base prior p(z) */
    public Prior base() {
        return base;
    }

    /** @return log r(z) */
    public LogDensityRatio ratio() {
        return ratio;
    }

    /** @return the Monte Carlo estimate of log Z with its standard error */
    public Estimate logZ() {
        return logZ;
    }

    /**
     * log p_NCP(z) = log p(z) + log r(z) - log Z, with r's weights and log Z as constants of the graph. The
     * base prior's parameters must be in {@code sd} (the graph of the model it was trained in).
     */
    @Override
    public LogDensity logDensity(SameDiff sd, SDVariable z, SDVariable logQ) {
        String prefix = "ncp";
        for (int i = 2; sd.hasVariable(prefix + "/logZ"); i++) {
            prefix = "ncp" + i;
        }
        SDVariable lz = sd.constant(prefix + "/logZ", Nd4j.scalar(z.dataType(), logZ.mean()));
        return LogDensity.of(base.logDensity(sd, z, logQ).exact().add(ratio.logRatio(sd, z, prefix)).sub(lz));
    }

    /** @return "log Z" with its Monte Carlo standard error */
    @Override
    public Map<String, Estimate> statistics() {
        return Map.of("log Z", logZ);
    }

    /**
     * Sampling-importance-resampling: n x {@code proposalsPerSample} proposals from the base prior, of which
     * n are drawn with replacement with probabilities proportional to r(z). Exact as the proposals per
     * sample grow; with few, the samples lean towards the base prior.
     */
    @Override
    public INDArray sample(int n, RandomGenerator rng) {
        int m = spec().proposalsPerSample();
        long total = (long) n * m;
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(n + " samples x " + m + " proposals is too many; draw in batches");
        }
        INDArray proposals = base.sample((int) total, rng);
        double[] l = ratio.logRatio(proposals);
        double max = Arrays.stream(l).max().getAsDouble();
        double[] cumulative = new double[l.length];
        double s = 0;
        for (int i = 0; i < l.length; i++) {
            s += Math.exp(l[i] - max);
            cumulative[i] = s;
        }
        int[] picked = new int[n];
        for (int i = 0; i < n; i++) {
            int k = Arrays.binarySearch(cumulative, rng.nextDouble() * s);
            picked[i] = Math.min(l.length - 1, k >= 0 ? k : -k - 1);
        }
        return Nd4j.pullRows(proposals, 1, picked);
    }
}
