package org.vaepriors.model;

import java.util.ArrayList;
import java.util.HashMap;
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
import org.nd4j.linalg.ops.transforms.Transforms;
import org.vaepriors.data.ImageSet;
import org.vaepriors.engine.GraphEngine;
import org.vaepriors.nn.HostArrays;
import org.vaepriors.nn.Layers;
import org.vaepriors.nn.Noise;
import org.vaepriors.nn.Quiet;
import org.vaepriors.prior.EvaluationInputs;
import org.vaepriors.prior.Mixture;
import org.vaepriors.prior.Prior;
import org.vaepriors.prior.PriorContext;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.prior.StepHooks;
import org.vaepriors.prior.TrainingBatch;

/**
 * A VAE with a prior under study, as one SameDiff graph: placeholders for a batch of binarised images and
 * the reparameterisation noise (fed from a seeded generator, which also makes runs reproducible), and
 * outputs for the loss, the per-example ELBO terms, the posterior of the top latent, reconstructions and
 * generation. See {@link GraphNames}.
 *
 * <p>The graph is built once; training and evaluation only feed it.
 */
public final class VaeModel<P extends Prior> {
    /** Rows x mixture components of one evaluation pass: 8M floats, 32 MB per [rows, K] array. */
    static final long EVALUATION_CELLS = 1L << 23;
    private final ArchitectureSpec architecture;
    private final P prior;
    private final SameDiff sd;
    private final DataType dtype;
    private final List<String> parameters;
    private final GraphEngine engine;

    private VaeModel(ArchitectureSpec architecture, P prior, SameDiff sd, DataType dtype) {
        this.architecture = architecture;
        this.prior = prior;
        this.sd = sd;
        this.dtype = dtype;
        this.engine = new GraphEngine(sd);
        List<String> p = new ArrayList<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                p.add(v.name());
            }
        }
        this.parameters = List.copyOf(p);
    }

    /**
     * Builds the graph and initialises its parameters from {@code seed}.
     *
     * @param architecture the architecture
     * @param priorSpec    the prior on the top latent
     * @param training     grey training images (pseudo-inputs from data, exemplars); their size must match
     * @param dtype        FLOAT for training, DOUBLE for gradient checks
     * @param seed         the parameter seed
     * @param <P>          the prior's type
     * @return the model
     * @throws IllegalArgumentException if the images do not have the architecture's size
     */
    public static <P extends Prior> VaeModel<P> build(ArchitectureSpec architecture, PriorSpec<P> priorSpec,
                                                      ImageSet training, DataType dtype, long seed) {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(priorSpec, "priorSpec");
        if (training.rows() != architecture.rows() || training.cols() != architecture.cols()) {
            throw new IllegalArgumentException("the architecture expects " + architecture.rows() + "x"
                    + architecture.cols() + " images, the data has " + training.rows() + "x" + training.cols());
        }
        SameDiff sd = SameDiff.create();
        Layers.Builder b = new Layers.Builder(sd, dtype, new SplittableRandom(seed), architecture.init());
        int p = architecture.inputDim();
        int d = architecture.latentDim();
        SDVariable x = sd.placeHolder(GraphNames.X, dtype, -1, p);
        SDVariable eps = sd.placeHolder(GraphNames.EPS, dtype, -1, d);
        SDVariable eps1 = architecture.hierarchical() ? sd.placeHolder(GraphNames.EPS1, dtype, -1, d) : null;
        SDVariable beta = sd.placeHolder(GraphNames.BETA, dtype);
        Architecture arch = architecture.hierarchical() ? new Hvae(architecture, b)
                : architecture.kind() == ArchitectureSpec.Kind.TANH_VAE ? new TanhMlpVae(architecture, b) : new MlpVae(architecture, b);
        P prior = priorSpec.create(PriorContext.ofModel(d, b, arch::encodeTop, training));
        Architecture.Terms t = arch.elbo(sd, x, eps, eps1, prior);

        // outputs are the graph's own variables renamed, not identity ops: fewer ops per step
        t.logPx().rename(GraphNames.LOG_PX);
        t.kl().rename(GraphNames.KL);
        t.logPz().rename(GraphNames.LOG_PZ);
        t.logPx().sub(GraphNames.ELBO, t.kl());
        t.qTop().mean().rename(GraphNames.MU);
        t.qTop().logVar().rename(GraphNames.LOG_VAR);
        t.logits().rename(GraphNames.LOGITS);
        if (t.klTraining() != t.kl()) {
            t.klTraining().rename(GraphNames.KL_TRAINING);
        }
        t.klTraining().mul(beta).sub(t.logPx()).mean(GraphNames.LOSS);
        sd.setLossVariables(GraphNames.LOSS);

        SDVariable zGen = sd.placeHolder(GraphNames.Z_GEN, dtype, -1, d);
        SDVariable eps1Gen = architecture.hierarchical() ? sd.placeHolder(GraphNames.EPS1_GEN, dtype, -1, d) : null;
        arch.generate(sd, zGen, eps1Gen).rename(GraphNames.LOGITS_GEN);
        // SameDiff prints a line per op when it first builds the gradient graph: build it now, quietly.
        Quiet.run(sd::createGradFunction);
        return new VaeModel<>(architecture, prior, sd, dtype);
    }

    /** @return the name of the KL output the training loss uses: {@link GraphNames#KL_TRAINING} or {@link GraphNames#KL} */
    public String trainingKl() {
        return sd.hasVariable(GraphNames.KL_TRAINING) ? GraphNames.KL_TRAINING : GraphNames.KL;
    }

    /** @return the architecture */
    public ArchitectureSpec architecture() {
        return architecture;
    }

    /** @return the prior on the top latent */
    public P prior() {
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

    /** @return the names of the trainable parameters, in graph order */
    public List<String> parameterNames() {
        return parameters;
    }

    /** @return the number of scalar parameters */
    public long parameterCount() {
        long n = 0;
        for (String p : parameters) {
            n += sd.getArrForVarName(p).length();
        }
        return n;
    }

    /**
     * The placeholders for one evaluation batch: the images, fresh noise from {@code rng}, the KL weight and
     * the prior's evaluation placeholders (the exact prior).
     *
     * @param x    {@code [B, P]} binarised images
     * @param rng  the generator for the noise
     * @param beta the KL weight
     * @return the placeholder map
     */
    public Map<String, INDArray> feed(INDArray x, RandomGenerator rng, double beta) {
        Map<String, INDArray> f = common(x, rng, beta);
        if (prior instanceof EvaluationInputs inputs) {
            f.putAll(inputs.evaluationFeed());
        }
        return f;
    }

    /**
     * The placeholders for one training step: as {@link #feed(INDArray, RandomGenerator, double)}, with the
     * prior's training placeholders (a sub-sample, retrieved exemplars).
     *
     * @param x       {@code [B, P]} binarised images
     * @param indices the training-set index of every row, or null if the rows are not training images
     * @param rng     the generator for the noise and the prior's sub-sampling
     * @param beta    the KL weight
     * @return the placeholder map
     */
    public Map<String, INDArray> trainingFeed(INDArray x, int[] indices, RandomGenerator rng, double beta) {
        Map<String, INDArray> f = common(x, rng, beta);
        if (prior instanceof StepHooks hooks) {
            f.putAll(hooks.trainingFeed(new TrainingBatch(f.get(GraphNames.X), indices, rng)));
        }
        return f;
    }

    private Map<String, INDArray> common(INDArray x, RandomGenerator rng, double beta) {
        int b = (int) x.size(0);
        Map<String, INDArray> f = new HashMap<>();
        f.put(GraphNames.X, x.dataType() == dtype ? x : x.castTo(dtype));
        f.put(GraphNames.EPS, gaussian(b, architecture.latentDim(), rng));
        if (architecture.hierarchical()) {
            f.put(GraphNames.EPS1, gaussian(b, architecture.latentDim(), rng));
        }
        f.put(GraphNames.BETA, Nd4j.scalar(dtype, beta));
        return f;
    }

    /**
     * Rows per evaluation pass: a mixture prior holds a value per row and component, so rows x components
     * is bounded (an exemplar prior over N = 50,000 gets about 170 rows, a VampPrior with K = 500 all it asks).
     *
     * @param requested the rows the caller would like per forward pass
     * @return the rows to use, between 1 and {@code requested}
     */
    public int evaluationRows(int requested) {
        if (prior instanceof Mixture m) {
            return (int) Math.max(1, Math.min(requested, EVALUATION_CELLS / m.components()));
        }
        return requested;
    }

    /**
     * The forward pass on one evaluation batch at beta = 1 ({@link #feed}, then {@link #output}), freeing the
     * noise and scalars it made at once rather than when a garbage collection finds them (a run's evaluation
     * makes thousands of batches; their native memory counts in the process's peak).
     *
     * @param x       {@code [B, P]} binarised images (the caller's, not freed)
     * @param rng     the generator for the noise
     * @param outputs names from {@link GraphNames}
     * @return the outputs
     */
    public Map<String, INDArray> evaluate(INDArray x, RandomGenerator rng, String... outputs) {
        Map<String, INDArray> f = feed(x, rng, 1.0);
        try {
            return output(f, outputs);
        } finally {
            for (String made : List.of(GraphNames.EPS, GraphNames.EPS1, GraphNames.BETA, GraphNames.X)) {
                INDArray a = f.get(made);
                if (a != null && a != x) {
                    a.close();
                }
            }
        }
    }

    /**
     * Runs the graph forward.
     *
     * @param feed    placeholders from {@link #feed}
     * @param outputs names from {@link GraphNames}
     * @return the outputs
     */
    public Map<String, INDArray> output(Map<String, INDArray> feed, String... outputs) {
        return engine.output(feed, outputs);
    }

    /**
     * The single-sample ELBO terms of every image, at beta = 1 and with the exact prior, in batches.
     *
     * @param binary    binarised images
     * @param rng       the generator for the posterior samples
     * @param batchSize images per forward pass (fewer for a large mixture, {@link #evaluationRows})
     * @return per-example log p(x|z) and KL
     */
    public ElboTerms elbo(ImageSet binary, RandomGenerator rng, int batchSize) {
        int n = binary.size();
        int p = binary.dim();
        double[] logPx = new double[n];
        double[] kl = new double[n];
        int rows = evaluationRows(batchSize);
        for (int from = 0; from < n; from += rows) {
            int b = Math.min(rows, n - from);
            INDArray x = HostArrays.floats(binary.images(from, from + b), b, p);
            Map<String, INDArray> out = evaluate(x, rng, GraphNames.LOG_PX, GraphNames.KL);
            x.close();
            double[] lp = out.get(GraphNames.LOG_PX).castTo(DataType.DOUBLE).toDoubleVector();
            double[] k = out.get(GraphNames.KL).castTo(DataType.DOUBLE).toDoubleVector();
            System.arraycopy(lp, 0, logPx, from, b);
            System.arraycopy(k, 0, kl, from, b);
        }
        return new ElboTerms(logPx, kl);
    }

    /**
     * Reconstructions: each image encoded to its posterior mean (eps = 0 for every latent), decoded to
     * Bernoulli means.
     *
     * @param x {@code [B, P]} binarised images
     * @return {@code [B, P]} decoder means in [0, 1]
     */
    public INDArray reconstruct(INDArray x) {
        int b = (int) x.size(0);
        Map<String, INDArray> f = feed(x, new SplittableRandom(0), 1.0);
        f.put(GraphNames.EPS, Nd4j.zeros(dtype, b, architecture.latentDim()));
        if (architecture.hierarchical()) {
            f.put(GraphNames.EPS1, Nd4j.zeros(dtype, b, architecture.latentDim()));
        }
        return Transforms.sigmoid(engine.output(f, GraphNames.LOGITS).get(GraphNames.LOGITS), false);
    }

    /**
     * Decodes top latents into images (decoder means; z1 drawn from p(z1|z2) in hierarchical models).
     *
     * @param z   {@code [n, d]}
     * @param rng the generator for z1
     * @return {@code [n, P]} Bernoulli means in [0, 1]
     */
    public INDArray decode(INDArray z, RandomGenerator rng) {
        Map<String, INDArray> f = new HashMap<>();
        f.put(GraphNames.Z_GEN, z.castTo(dtype));
        if (architecture.hierarchical()) {
            f.put(GraphNames.EPS1_GEN, gaussian((int) z.size(0), architecture.latentDim(), rng));
        }
        return Transforms.sigmoid(engine.output(f, GraphNames.LOGITS_GEN).get(GraphNames.LOGITS_GEN), false);
    }

    /**
     * @param n   how many
     * @param rng the generator
     * @return {@code [n, P]} decoder means of images generated from the prior
     */
    public INDArray sample(int n, RandomGenerator rng) {
        return decode(prior.sample(n, rng), rng);
    }

    private INDArray gaussian(int n, int d, RandomGenerator rng) {
        return Noise.gaussian(n, d, rng, dtype);
    }
}
