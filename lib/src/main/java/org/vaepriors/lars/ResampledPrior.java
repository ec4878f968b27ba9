package org.vaepriors.lars;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.engine.GraphEngine;
import org.vaepriors.math.Estimate;
import org.vaepriors.nn.Layers;
import org.vaepriors.nn.Noise;
import org.vaepriors.nn.SdMath;
import org.vaepriors.prior.AbstractPrior;
import org.vaepriors.prior.EvaluationInputs;
import org.vaepriors.prior.LogDensity;
import org.vaepriors.prior.Prior;
import org.vaepriors.prior.PriorContext;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.prior.PriorStatistics;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.prior.Stateful;
import org.vaepriors.prior.StepHooks;
import org.vaepriors.prior.TrainingBatch;

/**
 * The LARS resampled prior: a proposal pi(z) (by default N(0, I)) reweighted by a learned acceptance
 * function a(z) = sigmoid(MLP(z)), as the distribution of a rejection sampler that accepts a proposal draw
 * with probability a(z) and, truncated, accepts the T-th draw regardless.
 *
 * <pre>
 * Bauer &amp; Mnih, Resampled Priors for Variational Autoencoders, AISTATS 2019 (Eq. 3, 4; Algorithm 1).
 * </pre>
 *
 * With Z = E_pi[a(z)] (the mean acceptance) and alpha = (1 - Z)^(T-1), the truncated density is
 * log p_T(z) = log pi(z) + log( a(z) (1 - alpha) / Z + alpha ); T = 1 gives pi, T = infinity gives
 * pi a / Z.
 *
 * <p>Two forms ({@link #logDensity}). The exact one uses Z estimated by Monte Carlo with many proposal draws
 * ({@link #normalizer()}, antithetic pairs for a standard Gaussian proposal), fed as placeholders and
 * recomputed whenever the parameters change. The training form follows Algorithm 1: S
 * proposal draws per step plus the posterior sample's importance-weighted term, Z_cur,r = (sum_s a(z_s) +
 * sg(pi(z_r) / q(z_r|x_r)) a(z_r)) / (S + 1); the forward pass uses Z_smooth,r = (1 - eps) &lt;Z&gt; +
 * eps Z_cur,r while the gradient flows through Z_cur,r; after each step &lt;Z&gt; becomes the batch mean of
 * Z_smooth,r (it starts at 0.5 and is saved in checkpoints).
 */
public final class ResampledPrior extends AbstractPrior<ResampledPrior.Spec>
        implements StepHooks, EvaluationInputs, Stateful<ResampledPrior.State>, PriorStatistics {
    /** T = infinity: resample until a draw is accepted. */
    public static final int UNTRUNCATED = Integer.MAX_VALUE;
    static final String PROPOSAL_SAMPLES = "prior/lars/proposalSamples";
    static final String PROPOSAL_LOGITS = "prior/lars/proposalLogits";
    static final String MOVING_Z = "prior/lars/movingZ";
    static final String Z_SMOOTH = "prior/lars/zSmooth";
    static final String LOG_SCALE = "prior/lars/logScale";
    static final String LOG_ALPHA = "prior/lars/logAlpha";
    /** log 0 that stays finite: exp(-1e4) is exactly 0 in float and double, and max-shifts by it stay accurate in float. */
    static final double LOG_ZERO = -1e4;
    /** The moving average's start (Algorithm 1). */
    static final double INITIAL_Z = 0.5;
    /**
     * Rows per forward pass of the acceptance network (the Monte Carlo estimate of Z, logits of many points).
     * A pass of 4,096 rows keeps its [4096, 100] activations (1.6 MB) in the core's caches: the bias adds and
     * tanh then run from cache, and 65,536 rows take 19 ms in 16 passes against 25 ms in one (BENCHMARKS.md).
     * Each row's value does not depend on the pass it is in (oneDNN's sgemm, measured bit for bit).
     */
    public static final int ROWS_PER_PASS = 1 << 12;
    /** The Monte Carlo estimate of Z uses a fixed stream: the same parameters give the same Z. */
    private static final long EVALUATION_SEED = 0x5A4D_4C41_5253L;
    /** Truncated-free sampling gives up after this many rounds (a draw is accepted w.p. Z per round). */
    private static final int MAX_ROUNDS = 1_000_000;

    /**
     * @param proposal          the proposal pi (any prior but a resampled one)
     * @param hidden            the acceptance network's hidden layer sizes (tanh), e.g. [100, 100]
     * @param truncation        T >= 1, or {@link #UNTRUNCATED}
     * @param trainingSamples   S >= 1, proposal draws per training step
     * @param smoothing         eps in (0, 1], the moving average's weight of the current estimate
     * @param evaluationSamples proposal draws of the Monte Carlo estimate of Z for evaluation (>= 2; the paper: 10^10,
     *                          hence a long; written to JSON as the same number an int was, so run ids are unchanged)
     */
    public record Spec(PriorSpec<?> proposal, List<Integer> hidden, int truncation, int trainingSamples, double smoothing,
                       long evaluationSamples) implements PriorSpec<ResampledPrior> {
        /** Validates the fields. */
        public Spec {
            Objects.requireNonNull(proposal, "proposal");
            if (proposal instanceof Spec) {
                throw new IllegalArgumentException("the proposal of a resampled prior cannot itself be resampled: "
                        + "use a larger acceptance network instead");
            }
            Objects.requireNonNull(hidden, "hidden");
            if (hidden.isEmpty()) {
                throw new IllegalArgumentException("hidden must list at least one layer size, e.g. [100, 100], got []");
            }
            for (Integer h : hidden) {
                if (h == null || h < 1) {
                    throw new IllegalArgumentException("hidden layer sizes must be >= 1, got " + hidden);
                }
            }
            hidden = List.copyOf(hidden);
            if (truncation < 1) {
                throw new IllegalArgumentException("truncation T must be >= 1 (T = 1 is the proposal itself; "
                        + "ResampledPrior.UNTRUNCATED for T = infinity), got " + truncation);
            }
            if (trainingSamples < 1) {
                throw new IllegalArgumentException("trainingSamples S must be >= 1 (the paper: 1024), got " + trainingSamples);
            }
            if (!(smoothing > 0 && smoothing <= 1)) {
                throw new IllegalArgumentException("smoothing eps must be in (0, 1] (the paper: 0.01 or 0.1), got " + smoothing);
            }
            if (evaluationSamples < 2) {
                throw new IllegalArgumentException("evaluationSamples must be >= 2 (a standard error needs two), got "
                        + evaluationSamples);
            }
        }

        /** @return the paper's setting: N(0, I) proposal, a = MLP[100-100], T = 100, S = 1024, eps = 0.01, 2^20 draws for Z */
        public static Spec paperDefaults() {
            return new Spec(new StandardGaussianPrior.Spec(), List.of(100, 100), 100, 1024, 0.01, 1 << 20);
        }

        /** @param sizes hidden layer sizes @return a copy with that acceptance network */
        public Spec withHidden(Integer... sizes) {
            return withHidden(List.of(sizes));
        }

        /** @param sizes hidden layer sizes @return a copy with that acceptance network */
        public Spec withHidden(List<Integer> sizes) {
            return new Spec(proposal, sizes, truncation, trainingSamples, smoothing, evaluationSamples);
        }

        /** @param t T, or {@link #UNTRUNCATED} @return a copy with that truncation */
        public Spec withTruncation(int t) {
            return new Spec(proposal, hidden, t, trainingSamples, smoothing, evaluationSamples);
        }

        /** @param s S @return a copy with that many proposal draws per training step */
        public Spec withTrainingSamples(int s) {
            return new Spec(proposal, hidden, truncation, s, smoothing, evaluationSamples);
        }

        /** @param eps the moving average's weight @return a copy with it */
        public Spec withSmoothing(double eps) {
            return new Spec(proposal, hidden, truncation, trainingSamples, eps, evaluationSamples);
        }

        /** @param n draws for the evaluation Z @return a copy with that many */
        public Spec withEvaluationSamples(long n) {
            return new Spec(proposal, hidden, truncation, trainingSamples, smoothing, n);
        }

        /** @param p the proposal @return a copy with it */
        public Spec withProposal(PriorSpec<?> p) {
            return new Spec(p, hidden, truncation, trainingSamples, smoothing, evaluationSamples);
        }

        /** @return false for T = infinity */
        public boolean truncated() {
            return truncation != UNTRUNCATED;
        }

        /** @return e.g. "[100-100]" */
        public String network() {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < hidden.size(); i++) {
                sb.append(i == 0 ? "" : "-").append(hidden.get(i));
            }
            return sb.append(']').toString();
        }

        @Override
        public ResampledPrior create(PriorContext ctx) {
            return new ResampledPrior(this, ctx);
        }

        @Override
        public String label() {
            String prop = proposal instanceof StandardGaussianPrior.Spec ? "" : ", proposal " + proposal.label();
            return "LARS (MLP" + network() + ", T=" + (truncated() ? String.valueOf(truncation) : "inf") + prop + ")";
        }
    }

    private final Spec spec;
    private final Prior proposal;
    private final SameDiff sd;
    private final DataType dtype;
    private final Layers.Layer logit;
    /** Runs the acceptance network on proposal draws (the Monte Carlo Z: chunks of one shape). */
    private final GraphEngine engine;
    private double movingZ = INITIAL_Z;
    private Estimate normalizer;

    private ResampledPrior(Spec spec, PriorContext ctx) {
        super(spec, ctx.latentDim());
        this.spec = spec;
        this.proposal = spec.proposal().create(ctx);
        this.sd = ctx.layers().sd();
        this.dtype = ctx.layers().dtype();
        this.engine = new GraphEngine(sd);
        List<Layers.Layer> layers = new ArrayList<>();
        int in = ctx.latentDim();
        for (int i = 0; i < spec.hidden().size(); i++) {
            layers.add(ctx.layers().dense("prior/lars/a" + i, in, spec.hidden().get(i)));
            in = spec.hidden().get(i);
        }
        Layers.Layer out = ctx.layers().dense("prior/lars/aOut", in, 1);
        this.logit = x -> {
            SDVariable h = x;
            for (Layers.Layer l : layers) {
                h = sd.math().tanh(l.apply(h));
            }
            return sd.reshape(out.apply(h), -1);
        };
        SDVariable zs = sd.placeHolder(PROPOSAL_SAMPLES, dtype, -1, ctx.latentDim());
        logit.apply(zs).rename(PROPOSAL_LOGITS);
    }

    /**
     * A resampled prior outside a VAE, for fitting a density to samples (the 2-D illustration): its
     * proposal must need neither an encoder nor training images (a standard Gaussian or a mixture).
     *
     * @param spec      the spec
     * @param latentDim the dimension
     * @param layers    the graph, data type and parameter generator
     * @return the prior, its parameters added to {@code layers.sd()}
     */
    public static ResampledPrior standalone(Spec spec, int latentDim, Layers.Builder layers) {
        return new ResampledPrior(spec, PriorContext.standalone(latentDim, layers));
    }

    /** @return the proposal pi */
    public Prior proposal() {
        return proposal;
    }

    /**
     * Both forms: the exact density with the evaluation estimate of Z fed as placeholders, and Algorithm 1's
     * training form, which needs log q(z|x) at the sample for its importance-weighted term.
     *
     * @throws IllegalArgumentException if {@code logQ} is null (there is no posterior to weight by)
     */
    @Override
    public LogDensity logDensity(SameDiff sd, SDVariable z, SDVariable logQ) {
        if (logQ == null) {
            throw new IllegalArgumentException("LARS's training estimate of Z weights the posterior sample by "
                    + "pi(z)/q(z|x): give log q(z|x) (a fitted density passes the target's log-density)");
        }
        SDVariable logPi = proposal.logDensity(sd, z, logQ).exact();
        SDVariable logA = logSigmoid(sd, logit.apply(z));
        SDVariable scale = sd.placeHolder(LOG_SCALE, dtype);
        SDVariable logAlpha = sd.placeHolder(LOG_ALPHA, dtype);
        SDVariable exact = logPi.add(logAddExp(sd, logA.add(scale), logAlpha));
        return new LogDensity(exact, training(sd, logQ, logPi, logA));
    }

    /** Algorithm 1: the truncated density with the step's estimate of Z (straight-through moving average). */
    private SDVariable training(SameDiff sd, SDVariable logQ, SDVariable logPi, SDVariable logA) {
        int s = spec.trainingSamples();
        SDVariable aS = sd.nn().sigmoid(sd.getVariable(PROPOSAL_LOGITS));                    // [S]
        // SameDiff M2.1 throws reducing along a dimension of size 1 (STACK.md)
        SDVariable sumA = s == 1 ? aS : aS.sum(0);
        SDVariable weight = stopGradient(sd, sd.math().exp(logPi.sub(logQ)));               // sg(pi(z_r) / q(z_r|x_r))
        SDVariable zCur = sumA.add(weight.mul(sd.math().exp(logA))).div(s + 1.0);           // [B]
        SDVariable moving = sd.placeHolder(MOVING_Z, dtype);
        SDVariable zSmooth = zCur.mul(spec.smoothing()).add(Z_SMOOTH, moving.mul(1 - spec.smoothing()));
        // straight-through: the value of Z_smooth, the gradient of Z_cur
        SDVariable logZ = sd.math().log(zCur.add(stopGradient(sd, zSmooth.sub(zCur))));
        if (spec.truncation() == 1) {
            return logPi;
        }
        if (!spec.truncated()) {
            return logPi.add(logA).sub(logZ);
        }
        SDVariable zr = sd.math().exp(logZ);
        SDVariable logAlpha = sd.math().log1p(zr.neg()).mul(spec.truncation() - 1.0);
        SDVariable log1mAlpha = sd.math().log(sd.math().expm1(logAlpha).neg());
        return logPi.add(logAddExp(sd, logA.add(log1mAlpha).sub(logZ), logAlpha));
    }

    @Override
    public Map<String, INDArray> trainingFeed(TrainingBatch batch) {
        Map<String, INDArray> f = new HashMap<>(proposal instanceof StepHooks h ? h.trainingFeed(batch) : Map.of());
        f.put(PROPOSAL_SAMPLES, proposal.sample(spec.trainingSamples(), batch.rng()).castTo(dtype));
        f.put(MOVING_Z, Nd4j.scalar(dtype, movingZ));
        // the evaluation branch is not part of the loss; it is fed the moving average to stay computable
        f.putAll(evaluationPlaceholders(movingZ));
        return f;
    }

    @Override
    public List<String> stepOutputs() {
        List<String> out = new ArrayList<>(proposal instanceof StepHooks h ? h.stepOutputs() : List.of());
        out.add(Z_SMOOTH);
        return out;
    }

    @Override
    public void afterStep(Map<String, INDArray> outputs) {
        movingZ = outputs.get(Z_SMOOTH).meanNumber().doubleValue();
        if (proposal instanceof StepHooks h) {
            h.afterStep(outputs);
        }
    }

    @Override
    public void beginEpoch(int epoch) {
        if (proposal instanceof StepHooks h) {
            h.beginEpoch(epoch);
        }
    }

    @Override
    public void parametersChanged() {
        normalizer = null;
        if (proposal instanceof EvaluationInputs e) {
            e.parametersChanged();
        }
    }

    @Override
    public Map<String, INDArray> evaluationFeed() {
        Map<String, INDArray> f = new HashMap<>(proposal instanceof EvaluationInputs e ? e.evaluationFeed() : Map.of());
        f.putAll(evaluationPlaceholders(normalizer().mean()));
        return f;
    }

    /**
     * The training state beside the graph parameters.
     *
     * @param movingZ the moving average &lt;Z&gt; of Algorithm 1
     */
    public record State(double movingZ) {
    }

    @Override
    public Class<State> stateType() {
        return State.class;
    }

    @Override
    public State state() {
        return new State(movingZ);
    }

    @Override
    public void restore(State state) {
        movingZ = state.movingZ();
        normalizer = null;
    }

    /** @return "Z", the Monte Carlo estimate evaluation uses, and "moving Z", Algorithm 1's moving average */
    @Override
    public Map<String, Estimate> statistics() {
        return Map.of("Z", normalizer(), "moving Z", new Estimate(movingZ, 0, 0));
    }

    /** @return the moving average &lt;Z&gt; of the training estimate */
    public double movingAverage() {
        return movingZ;
    }

    /**
     * Z = E_pi[a(z)] by plain Monte Carlo with {@link Spec#evaluationSamples()} proposal draws from a fixed
     * stream, in large batches; for a standard Gaussian proposal in antithetic pairs (z, -z), whose means
     * are the independent samples of the standard error. Cached until the parameters change.
     *
     * @return Z and its standard error
     */
    public Estimate normalizer() {
        if (normalizer == null) {
            normalizer = estimateNormalizer(spec.evaluationSamples(), new SplittableRandom(EVALUATION_SEED));
        }
        return normalizer;
    }

    /**
     * @param n   proposal draws (rounded up to an even number for antithetic pairs)
     * @param rng the generator
     * @return a Monte Carlo estimate of Z with its standard error
     */
    public Estimate estimateNormalizer(long n, RandomGenerator rng) {
        boolean antithetic = spec.proposal() instanceof StandardGaussianPrior.Spec;
        long count = 0;
        double mean = 0;
        double m2 = 0;
        long remaining = antithetic ? (n + 1) / 2 : n;
        while (remaining > 0) {
            int b = (int) Math.min(antithetic ? ROWS_PER_PASS / 2 : ROWS_PER_PASS, remaining);
            // the standard Gaussian's antithetic pairs as one array: the draws proposal.sample(b) makes, then -z
            INDArray z = antithetic ? Noise.antitheticGaussian(b, latentDim(), rng, dtype) : proposal.sample(b, rng);
            double[] a = acceptance(z);
            for (int i = 0; i < b; i++) {
                double v = antithetic ? (a[i] + a[i + b]) / 2 : a[i];
                count++;
                double d = v - mean;
                mean += d / count;
                m2 += d * (v - mean);
            }
            remaining -= b;
        }
        long draws = antithetic ? 2 * count : count;
        return new Estimate(mean, Math.sqrt(m2 / (count - 1) / count), draws);
    }

    /**
     * @param z {@code [n, latentDim]} points
     * @return a(z) for every row, in [0, 1]
     */
    public double[] acceptance(INDArray z) {
        double[] l = logits(z);
        for (int i = 0; i < l.length; i++) {
            l[i] = 1 / (1 + Math.exp(-l[i]));
        }
        return l;
    }

    /**
     * @param z {@code [n, latentDim]} points
     * @return log a(z) for every row, computed stably as -softplus(-logit)
     */
    public double[] logAcceptance(INDArray z) {
        double[] l = logits(z);
        for (int i = 0; i < l.length; i++) {
            l[i] = -softplus(-l[i]);
        }
        return l;
    }

    /**
     * log p_T(z) = log pi(z) + log( a(z) (1 - alpha) / Z + alpha ), alpha = (1 - Z)^(T-1), for given log pi and
     * log a, at any value of Z: how the density moves with the estimate of Z (the normaliser checks).
     *
     * @param logPi log pi(z)
     * @param logA  log a(z)
     * @param z     a value of Z in (0, 1]
     * @param t     T, or {@link #UNTRUNCATED}
     * @return log p_T(z)
     */
    public static double logDensity(double logPi, double logA, double z, int t) {
        double logAlpha = logAlpha(z, t);
        // the graph's order of operations: its exact form adds a fed scale log(1 - alpha) - log Z to log a
        double scale = log1mExp(logAlpha) - Math.log(z);
        return logPi + logAddExp(logA + scale, logAlpha);
    }

    /**
     * log p_T(z) with the evaluation estimate of Z, for plots of a standard Gaussian proposal's prior.
     *
     * @param z {@code [n, latentDim]} points
     * @return log p_T per row
     * @throws UnsupportedOperationException if the proposal is not the standard Gaussian
     */
    public double[] logDensity(INDArray z) {
        if (!(spec.proposal() instanceof StandardGaussianPrior.Spec)) {
            throw new UnsupportedOperationException("logDensity(z) evaluates a standard Gaussian proposal; this one is "
                    + spec.proposal().label() + ": use the model's graph output instead");
        }
        double[] l = logits(z);
        double[][] zz = z.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] out = new double[l.length];
        for (int i = 0; i < l.length; i++) {
            double sq = 0;
            for (double v : zz[i]) {
                sq += v * v;
            }
            out[i] = logDensity(-0.5 * sq - 0.5 * SdMath.LOG_2PI * latentDim(), -softplus(-l[i]), normalizer().mean(),
                    spec.truncation());
        }
        return out;
    }

    /**
     * Draws from p_T by truncated rejection sampling: each draw takes proposal candidates until one is
     * accepted with probability a(z), and accepts the T-th candidate regardless.
     */
    @Override
    public INDArray sample(int n, RandomGenerator rng) {
        double[][] out = new double[n][];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pending.add(i);
        }
        for (long round = 1; !pending.isEmpty(); round++) {
            if (!spec.truncated() && round > MAX_ROUNDS) {
                throw new IllegalStateException(pending.size() + " of " + n + " draws were still rejected after " + MAX_ROUNDS
                        + " rounds (Z = " + normalizer() + "): use a finite truncation T");
            }
            INDArray z = proposal.sample(pending.size(), rng);
            double[] a = acceptance(z);
            double[][] zz = z.castTo(DataType.DOUBLE).toDoubleMatrix();
            boolean last = round == spec.truncation();
            List<Integer> rejected = new ArrayList<>();
            for (int j = 0; j < a.length; j++) {
                if (last || rng.nextDouble() < a[j]) {
                    out[pending.get(j)] = zz[j];
                } else {
                    rejected.add(pending.get(j));
                }
            }
            pending = rejected;
        }
        return Nd4j.create(out).castTo(dtype);
    }

    /**
     * log alpha = (T - 1) log(1 - Z), the probability that T - 1 candidates are all rejected.
     *
     * @param z the mean acceptance Z in (0, 1]
     * @param t T, or {@link #UNTRUNCATED}
     * @return log alpha; {@link #LOG_ZERO} for T = infinity or Z = 1 with T > 1
     */
    public static double logAlpha(double z, int t) {
        if (t == UNTRUNCATED) {
            return LOG_ZERO;
        }
        return t == 1 ? 0 : Math.max(LOG_ZERO, (t - 1) * Math.log1p(-z));
    }

    private Map<String, INDArray> evaluationPlaceholders(double z) {
        double logAlpha = logAlpha(z, spec.truncation());
        Map<String, INDArray> f = new HashMap<>();
        f.put(LOG_SCALE, Nd4j.scalar(dtype, log1mExp(logAlpha) - Math.log(z)));
        f.put(LOG_ALPHA, Nd4j.scalar(dtype, logAlpha));
        return f;
    }

    private double[] logits(INDArray z) {
        int n = (int) z.size(0);
        double[] out = new double[n];
        for (int from = 0; from < n; from += ROWS_PER_PASS) {
            int b = Math.min(ROWS_PER_PASS, n - from);
            INDArray part = b == n ? z : z.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + b),
                    org.nd4j.linalg.indexing.NDArrayIndex.all());
            INDArray l = engine.output(Map.of(PROPOSAL_SAMPLES, part.castTo(dtype)), PROPOSAL_LOGITS).get(PROPOSAL_LOGITS);
            System.arraycopy(l.castTo(DataType.DOUBLE).toDoubleVector(), 0, out, from, b);
        }
        return out;
    }

    /** log(1 - exp(x)) for x &lt;= 0; {@link #LOG_ZERO} at x = 0. */
    private static double log1mExp(double x) {
        return x >= 0 ? LOG_ZERO : Math.log(-Math.expm1(x));
    }

    private static double logAddExp(double u, double v) {
        double m = Math.max(u, v);
        return m + Math.log(Math.exp(u - m) + Math.exp(v - m));
    }

    private static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** log sigmoid(l) = -softplus(-l), with the exp never seeing a positive argument. */
    private static SDVariable logSigmoid(SameDiff sd, SDVariable l) {
        SDVariable neg = l.neg();
        return sd.nn().relu(neg, 0).add(sd.nn().softplus(sd.math().abs(l).neg())).neg();
    }

    /** log(exp(u) + exp(v)) elementwise (v may be a scalar), shifted by max(u, v) = v + relu(u - v). */
    private static SDVariable logAddExp(SameDiff sd, SDVariable u, SDVariable v) {
        SDVariable m = sd.nn().relu(u.sub(v), 0).add(v);
        return sd.math().log(sd.math().exp(u.sub(m)).add(sd.math().exp(v.sub(m)))).add(m);
    }

    /** Identity in the forward pass, zero gradient: SameDiff's StopGradient op (it has no builder method). */
    private static SDVariable stopGradient(SameDiff sd, SDVariable x) {
        return new StopGradient(sd, x).outputVariable();
    }
}
