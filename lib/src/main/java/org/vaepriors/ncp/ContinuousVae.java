package org.vaepriors.ncp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.engine.GraphEngine;
import org.vaepriors.nn.Gaussian;
import org.vaepriors.nn.Layers;
import org.vaepriors.nn.Noise;
import org.vaepriors.nn.Quiet;
import org.vaepriors.nn.SdMath;
import org.vaepriors.prior.EvaluationInputs;
import org.vaepriors.prior.LatentSampler;
import org.vaepriors.prior.LogDensity;
import org.vaepriors.prior.Prior;
import org.vaepriors.prior.PriorContext;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.prior.StepHooks;
import org.vaepriors.prior.TrainingBatch;

/**
 * A VAE for continuous low-dimensional data, the model of the NCP-VAE synthetic experiment: encoder and
 * decoder are MLPs with ReLU hidden layers, and the likelihood is a Gaussian with a learned variance per
 * data dimension (not a function of z), as MATH.md fixes it for the 25-Gaussians:
 * <pre>
 * q(z|x) = N(z; mu(x), diag exp(logVar(x))),   p(x|z) = N(x; m(z), diag s^2),   log s^2 learned
 * loss   = -E[ log p(x|z) - beta (log q(z|x) - log p(z)) ]   (one reparameterised sample)
 * </pre>
 * One SameDiff graph, built once; the reparameterisation noise is a placeholder fed from a seeded
 * generator. Training lives in the train package ({@code ContinuousVaeTrainer}).
 */
public final class ContinuousVae {
    /** Placeholder: data points {@code [B, P]}. */
    public static final String X = "x";
    /** Placeholder: standard normal noise {@code [B, d]}. */
    public static final String EPS = "eps";
    /** Placeholder: the KL weight, a scalar. */
    public static final String BETA = "beta";
    /** Placeholder: latents to decode {@code [n, d]}. */
    public static final String Z_GEN = "zGen";
    /** Output: mean over the batch of -(log p(x|z) - beta KL), a scalar. */
    public static final String LOSS = "loss";
    /** Output: log p(x|z) + log p(z) - log q(z|x) under the model's own prior, {@code [B]}. */
    public static final String ELBO = "elbo";
    /** Output: the posterior mean, {@code [B, d]}. */
    public static final String MU = "mu";
    /** Output: the posterior log-variance, {@code [B, d]}. */
    public static final String LOG_VAR = "logVar";
    /** Output: the decoder mean m(z) of {@link #Z_GEN}, {@code [n, P]}. */
    public static final String MEAN_GEN = "meanGen";
    /** The log-variance of the likelihood, a parameter {@code [1, P]}. */
    public static final String LIKELIHOOD_LOG_VAR = "p_x/logVar";
    private static final int ROWS_PER_PASS = 10_000;

    /**
     * The architecture.
     *
     * @param dataDim   P, the dimension of x
     * @param latentDim d, the dimension of z
     * @param hidden    units per hidden layer
     * @param layers    hidden layers of the encoder, and of the decoder
     */
    public record Spec(int dataDim, int latentDim, int hidden, int layers) {
        /** Validates the fields. */
        public Spec {
            if (dataDim < 1 || latentDim < 1 || hidden < 1 || layers < 1) {
                throw new IllegalArgumentException("dataDim, latentDim, hidden and layers must be >= 1, got "
                        + dataDim + ", " + latentDim + ", " + hidden + ", " + layers);
            }
        }

        /** @return the NCP-VAE supplement's 25-Gaussians VAE: 2-D data, 4 layers of 256 units, d = 20 */
        public static Spec twentyFiveGaussians() {
            return new Spec(2, 20, 256, 4);
        }
    }

    private final Spec spec;
    private final Prior prior;
    private final SameDiff sd;
    private final DataType dtype;
    private final List<String> parameters;
    private final SDVariable logPx;
    private final SDVariable logQ;
    private final SDVariable z;
    private final Map<Prior, String> logWeightOutputs = new IdentityHashMap<>();
    private final GraphEngine engine;

    private ContinuousVae(Spec spec, Prior prior, SameDiff sd, DataType dtype, SDVariable logPx, SDVariable logQ,
                          SDVariable z) {
        this.spec = spec;
        this.prior = prior;
        this.sd = sd;
        this.engine = new GraphEngine(sd);
        this.dtype = dtype;
        this.logPx = logPx;
        this.logQ = logQ;
        this.z = z;
        List<String> p = new ArrayList<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                p.add(v.name());
            }
        }
        this.parameters = List.copyOf(p);
        logWeightOutputs.put(prior, ELBO);
    }

    /**
     * Builds the graph with He-normal weights from {@code seed}.
     *
     * @param spec      the architecture
     * @param priorSpec the prior on z, one that needs nothing of the data (standard Gaussian, mixture of
     *                  Gaussians)
     * @param dtype     FLOAT for training, DOUBLE for gradient checks
     * @param seed      the parameter seed
     * @return the model
     */
    public static ContinuousVae build(Spec spec, PriorSpec<?> priorSpec, DataType dtype, long seed) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(priorSpec, "priorSpec");
        SameDiff sd = SameDiff.create();
        Layers.Builder b = new Layers.Builder(sd, dtype, new SplittableRandom(seed));
        int p = spec.dataDim();
        int d = spec.latentDim();
        Layers.Layer encoder = mlp(b, "q_z", p, spec);
        Layers.Layer mu = b.dense("q_z/mu", spec.hidden(), d);
        Layers.Layer logVar = b.dense("q_z/logVar", spec.hidden(), d);
        Layers.Layer decoder = Layers.chain(mlp(b, "p_x", d, spec), b.dense("p_x/mean", spec.hidden(), p));
        SDVariable likelihoodLogVar = sd.var(LIKELIHOOD_LOG_VAR, Nd4j.zeros(dtype, 1, p));

        SDVariable x = sd.placeHolder(X, dtype, -1, p);
        SDVariable eps = sd.placeHolder(EPS, dtype, -1, d);
        SDVariable beta = sd.placeHolder(BETA, dtype);
        // no training images: priors that need them (VampPrior "data", exemplars) say so when created
        Prior prior = priorSpec.create(PriorContext.ofEncoder(d, b, in -> {
            SDVariable h = encoder.apply(in);
            return new Gaussian(mu.apply(h), logVar.apply(h));
        }));

        SDVariable h = encoder.apply(x);
        Gaussian q = new Gaussian(mu.apply(h), logVar.apply(h));
        SDVariable z = q.sample(sd, eps);
        SDVariable logQ = q.logProbAtSample(sd, eps, d);
        LogDensity logPz = prior.logDensity(sd, z, logQ);
        SDVariable logPx = SdMath.logNormalDiag(sd, x, decoder.apply(z), likelihoodLogVar);
        q.mean().rename(MU);
        q.logVar().rename(LOG_VAR);
        logPx.sub(logQ).add(ELBO, logPz.exact());
        logQ.sub(logPz.training()).mul(beta).sub(logPx).mean(LOSS);
        sd.setLossVariables(LOSS);
        decoder.apply(sd.placeHolder(Z_GEN, dtype, -1, d)).rename(MEAN_GEN);
        Quiet.run(sd::createGradFunction);
        return new ContinuousVae(spec, prior, sd, dtype, logPx, logQ, z);
    }

    private static Layers.Layer mlp(Layers.Builder b, String name, int in, Spec spec) {
        Layers.Layer[] layers = new Layers.Layer[spec.layers()];
        for (int i = 0; i < layers.length; i++) {
            Layers.Layer dense = b.dense(name + "/" + (i + 1), i == 0 ? in : spec.hidden(), spec.hidden());
            layers[i] = v -> b.sd().nn().relu(dense.apply(v), 0);
        }
        return Layers.chain(layers);
    }

    /** @return the architecture */
    public Spec spec() {
        return spec;
    }

    /** @return the prior the model is trained with */
    public Prior prior() {
        return prior;
    }

    /** @return the graph */
    public SameDiff graph() {
        return sd;
    }

    /** @return what runs the graph: forward passes and gradients, replayed once a call repeats */
    public GraphEngine engine() {
        return engine;
    }

    /** @return the data type of parameters and placeholders */
    public DataType dtype() {
        return dtype;
    }

    /** @return the names of the trainable parameters (the prior's included), in graph order */
    public List<String> parameterNames() {
        return parameters;
    }

    /** @return the likelihood's standard deviation per data dimension, exp(log s^2 / 2) */
    public double[] observationStd() {
        double[] lv = sd.getArrForVarName(LIKELIHOOD_LOG_VAR).castTo(DataType.DOUBLE).toDoubleVector();
        double[] s = new double[lv.length];
        for (int i = 0; i < lv.length; i++) {
            s[i] = Math.exp(lv[i] / 2);
        }
        return s;
    }

    /**
     * @param x    {@code [B, P]} data points
     * @param rng  the generator of the noise
     * @param beta the KL weight
     * @return the placeholders of one step, the prior's training feed included
     */
    public Map<String, INDArray> feed(INDArray x, RandomGenerator rng, double beta) {
        Map<String, INDArray> f = new HashMap<>(prior instanceof StepHooks h ? h.trainingFeed(new TrainingBatch(x, null, rng))
                : Map.of());
        f.put(X, x.castTo(dtype));
        f.put(EPS, Noise.gaussian((int) x.size(0), spec.latentDim(), rng, dtype));
        f.put(BETA, Nd4j.scalar(dtype, beta));
        return f;
    }

    /**
     * @param z {@code [n, d]} latents
     * @return {@code [n, P]} decoder means m(z)
     */
    public INDArray decode(INDArray z) {
        return engine.output(Map.of(Z_GEN, z.castTo(dtype)), MEAN_GEN).get(MEAN_GEN);
    }

    /**
     * The aggregate posterior q(z) = (1/N) sum_n q(z|x_n): a data point uniformly at random, then
     * z ~ q(z|x) (the NCP classifier's class 1).
     *
     * @param data {@code [N][P]} the training points
     * @return the sampler
     */
    public LatentSampler aggregatePosterior(double[][] data) {
        if (data.length == 0) {
            throw new IllegalArgumentException("the aggregate posterior needs at least one data point");
        }
        return (n, rng) -> {
            double[][] x = new double[n][];
            for (int i = 0; i < n; i++) {
                x[i] = data[rng.nextInt(data.length)];
            }
            INDArray eps = Noise.gaussian(n, spec.latentDim(), rng, dtype);
            Map<String, INDArray> out = engine.output(Map.of(X, rows(x, 0, n)), MU, LOG_VAR);
            return out.get(MU).add(org.nd4j.linalg.ops.transforms.Transforms.exp(out.get(LOG_VAR).mul(0.5), false).muli(eps));
        };
    }

    /**
     * Importance-weighted log-likelihoods (Burda et al.) under one or more priors, with the same posterior
     * samples for every prior: log p(x) ~ log (1/S) sum_s p(x|z_s) p(z_s) / q(z_s|x), z_s ~ q(z|x). Each
     * example is repeated S times in passes of about 10,000 rows; the log-sum-exp is taken in double.
     *
     * @param x       {@code [n][P]} points
     * @param priors  priors whose parameters live in this model's graph: its own, or one that wraps it
     *                (an NCP prior); each adds its log-density to the graph on first use
     * @param samples S (>= 1)
     * @param rng     the generator of the posterior samples
     * @return {@code [priors][n]} the estimates of log p(x)
     */
    public double[][] logLikelihoods(double[][] x, List<Prior> priors, int samples, RandomGenerator rng) {
        if (samples < 1) {
            throw new IllegalArgumentException("importance samples must be >= 1, got " + samples);
        }
        String[] outputs = new String[priors.size()];
        for (int k = 0; k < outputs.length; k++) {
            outputs[k] = logWeightOutput(priors.get(k));
        }
        double[][] ll = new double[priors.size()][x.length];
        int perPass = Math.max(1, ROWS_PER_PASS / samples);
        for (int from = 0; from < x.length; from += perPass) {
            int b = Math.min(perPass, x.length - from);
            double[][] rep = new double[b * samples][];
            for (int i = 0; i < b; i++) {
                for (int s = 0; s < samples; s++) {
                    rep[i * samples + s] = x[from + i];
                }
            }
            Map<String, INDArray> feed = new HashMap<>(prior instanceof EvaluationInputs e ? e.evaluationFeed() : Map.of());
            feed.put(X, rows(rep, 0, rep.length));
            feed.put(EPS, Noise.gaussian(rep.length, spec.latentDim(), rng, dtype));
            Map<String, INDArray> out = engine.output(feed, outputs);
            for (int k = 0; k < outputs.length; k++) {
                double[] w = out.get(outputs[k]).castTo(DataType.DOUBLE).toDoubleVector();
                for (int i = 0; i < b; i++) {
                    ll[k][from + i] = logMeanExp(w, i * samples, samples);
                }
            }
        }
        return ll;
    }

    /** The name of the log-weight output under {@code p}, added to the graph on first use. */
    private String logWeightOutput(Prior p) {
        Objects.requireNonNull(p, "prior");
        if (p.latentDim() != spec.latentDim()) {
            throw new IllegalArgumentException("the prior is over " + p.latentDim() + " dimensions, the model's z over "
                    + spec.latentDim());
        }
        return logWeightOutputs.computeIfAbsent(p, k -> {
            String name = ELBO + "/" + logWeightOutputs.size();
            logPx.sub(logQ).add(name, k.logDensity(sd, z, logQ).exact());
            return name;
        });
    }

    private static double logMeanExp(double[] w, int from, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < from + n; i++) {
            max = Math.max(max, w[i]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double s = 0;
        for (int i = from; i < from + n; i++) {
            s += Math.exp(w[i] - max);
        }
        return max + Math.log(s / n);
    }

    private INDArray rows(double[][] x, int from, int to) {
        int p = spec.dataDim();
        double[] v = new double[(to - from) * p];
        for (int i = from; i < to; i++) {
            if (x[i].length != p) {
                throw new IllegalArgumentException("point " + i + " has " + x[i].length + " coordinates, the model expects " + p);
            }
            System.arraycopy(x[i], 0, v, (i - from) * p, p);
        }
        return Nd4j.create(v, new long[]{to - from, p}, DataType.DOUBLE).castTo(dtype);
    }
}
