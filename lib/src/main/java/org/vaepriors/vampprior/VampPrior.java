package org.vaepriors.vampprior;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.data.ImageSet;
import org.vaepriors.math.Permutations;
import org.vaepriors.nn.Gaussian;
import org.vaepriors.nn.HostArrays;
import org.vaepriors.nn.Init;
import org.vaepriors.nn.SdMath;
import org.vaepriors.prior.AbstractPrior;
import org.vaepriors.prior.EvaluationInputs;
import org.vaepriors.prior.LogDensity;
import org.vaepriors.prior.Mixture;
import org.vaepriors.prior.PriorContext;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.prior.Samples;
import org.vaepriors.prior.StepHooks;
import org.vaepriors.prior.TrainingBatch;

/**
 * The VampPrior: a mixture of the model's own variational posteriors at K pseudo-inputs,
 * p(z) = (1/K) sum_k q(z | u_k), the pseudo-inputs learned with the model.
 *
 * <pre>
 * Tomczak &amp; Welling, VAE with a VampPrior, AISTATS 2018.
 * Component sub-sampling: Norouzi et al., Exemplar VAE, NeurIPS 2020, supplement section K.
 * </pre>
 *
 * u_k = hardtanh(W e_k, 0, 1), i.e. row k of a learned K x P matrix clipped to [0, 1], initialised
 * N(0.05, 0.01) as in the reference code. The "data" variant fixes u_k to K random training images.
 * With sub-sampling, every training step uses a uniformly random subset of the components (the mixture
 * over the subset); evaluation always uses all K.
 */
public final class VampPrior extends AbstractPrior<VampPrior.Spec> implements StepHooks, EvaluationInputs, Mixture {
    static final String PSEUDO = "prior/vamp/pseudoInputs";
    static final String MEAN = "prior/vamp/mean";
    static final String LOGVAR = "prior/vamp/logVar";
    static final String MASK = "prior/vamp/mask";
    static final String LOG_COUNT = "prior/vamp/logCount";
    /** Added to the log-density of unused components: exp underflows to exactly 0 in float and double. */
    static final double EXCLUDED = -1e9;

    /** Where the pseudo-inputs come from. */
    public enum PseudoInputs {
        /** learned, initialised N(0.05, 0.01), clipped to [0, 1] */
        LEARNED,
        /** K random training images, fixed */
        DATA
    }

    /**
     * @param components K, the number of pseudo-inputs (>= 1)
     * @param pseudoInputs learned or training data
     * @param subsampleFraction the share of components used per training step, in (0, 1]; 1 = no sub-sampling
     */
    public record Spec(int components, PseudoInputs pseudoInputs, double subsampleFraction) implements PriorSpec<VampPrior> {
        /** Validates the fields. */
        public Spec {
            if (components < 1) {
                throw new IllegalArgumentException("components (K) must be >= 1, got " + components);
            }
            Objects.requireNonNull(pseudoInputs, "pseudoInputs");
            if (!(subsampleFraction > 0 && subsampleFraction <= 1)) {
                throw new IllegalArgumentException("subsampleFraction must be in (0, 1], got " + subsampleFraction);
            }
        }

        /**
         * @param components K
         * @return learned pseudo-inputs, no sub-sampling: the VampPrior paper's setting
         */
        public static Spec of(int components) {
            return new Spec(components, PseudoInputs.LEARNED, 1.0);
        }

        /**
         * @param fraction the share of components per step
         * @return this spec with component sub-sampling
         */
        public Spec withSubsampling(double fraction) {
            return new Spec(components, pseudoInputs, fraction);
        }

        /** @return true when training steps use a strict subset of the components */
        public boolean subsampled() {
            return componentsPerStep() < components;
        }

        /** @return the pseudo-inputs encoded per step */
        @Override
        public int encodedRowsPerStep(int batchSize, int trainingImages) {
            return componentsPerStep();
        }

        /** @return the number of components used per training step */
        public int componentsPerStep() {
            return Math.max(1, (int) Math.round(components * subsampleFraction));
        }

        @Override
        public VampPrior create(PriorContext ctx) {
            return new VampPrior(this, ctx);
        }

        @Override
        public String label() {
            return "VampPrior" + (pseudoInputs == PseudoInputs.DATA ? " data" : "") + " (K=" + components
                    + (subsampled() ? ", sub-sampled " + componentsPerStep() : "") + ")";
        }
    }

    private final Spec spec;
    private final SameDiff sd;
    private final DataType dtype;
    private final SDVariable pseudo;
    private final Gaussian components;

    private VampPrior(Spec spec, PriorContext ctx) {
        super(spec, ctx.latentDim());
        this.spec = spec;
        this.dtype = ctx.layers().dtype();
        this.sd = ctx.layers().sd();
        ImageSet train = ctx.trainingImages("the VampPrior");
        int k = spec.components();
        int p = train.dim();
        if (spec.pseudoInputs() == PseudoInputs.DATA) {
            if (k > train.size()) {
                throw new IllegalArgumentException("a data VampPrior with K = " + k + " needs at least K training images, got "
                        + train.size());
            }
            ImageSet chosen = train.select(Permutations.sample(train.size(), k, ctx.layers().rng()));
            pseudo = sd.constant(PSEUDO, HostArrays.floats(chosen.pixels(), k, p).castTo(dtype));
        } else {
            SDVariable w = sd.var(PSEUDO + "/W", Init.normal(ctx.layers().rng(), 0.05, 0.01, dtype, k, p));
            pseudo = SdMath.hardtanh(sd, w, 0, 1);
        }
        Gaussian q = ctx.encoder("the VampPrior").apply(pseudo);
        components = new Gaussian(sd.identity(MEAN, q.mean()), sd.identity(LOGVAR, q.logVar()));
    }

    @Override
    public LogDensity logDensity(SameDiff sd, SDVariable z, SDVariable logQ) {
        SDVariable comp = SdMath.componentLogDensities(sd, z, components.mean(), components.logVar(), latentDim());
        if (!spec.subsampled()) {
            return LogDensity.of(SdMath.mixtureLogDensity(sd, comp, spec.components()));
        }
        // one graph for both: the mask selects the step's sub-sample in training and every component otherwise
        SDVariable mask = sd.placeHolder(MASK, dtype, 1, spec.components());
        SDVariable logCount = sd.placeHolder(LOG_COUNT, dtype);
        return LogDensity.of(SdMath.mixtureLogDensity(sd, comp, mask, logCount));
    }

    @Override
    public int components() {
        return spec.components();
    }

    @Override
    public Map<String, INDArray> trainingFeed(TrainingBatch batch) {
        if (!spec.subsampled()) {
            return Map.of();
        }
        RandomGenerator rng = batch.rng();
        int k = spec.components();
        int m = spec.componentsPerStep();
        double[] mask = new double[k];
        Arrays.fill(mask, EXCLUDED);
        for (int c : Permutations.sample(k, m, rng)) {
            mask[c] = 0;
        }
        return feed(mask, m);
    }

    @Override
    public Map<String, INDArray> evaluationFeed() {
        if (!spec.subsampled()) {
            return Map.of();
        }
        return feed(new double[spec.components()], spec.components());
    }

    @Override
    public void parametersChanged() {
        // the evaluation mask does not depend on the parameters
    }

    private Map<String, INDArray> feed(double[] mask, int count) {
        Map<String, INDArray> f = new HashMap<>();
        f.put(MASK, Nd4j.create(mask, new long[]{1, mask.length}, DataType.DOUBLE).castTo(dtype));
        f.put(LOG_COUNT, Nd4j.scalar(Math.log(count)).castTo(dtype));
        return f;
    }

    @Override
    public INDArray sample(int n, RandomGenerator rng) {
        Map<String, INDArray> out = sd.output(Map.of(), MEAN, LOGVAR);
        return Samples.mixture(out.get(MEAN), out.get(LOGVAR), n, rng);
    }

    /**
     * The mixture's components under the current parameters, q(z | u_k) = N(mean_k, diag exp(logVar_k)): the
     * encoder applied to the pseudo-inputs. For reading the prior outside the graph (a notebook that evaluates the
     * mixture at a point by hand).
     *
     * @return {means, log-variances}, each {@code [K, d]}
     */
    public INDArray[] componentGaussians() {
        Map<String, INDArray> out = sd.output(Map.of(), MEAN, LOGVAR);
        return new INDArray[]{out.get(MEAN), out.get(LOGVAR)};
    }

    /** @return the current pseudo-inputs, {@code [K, P]} in [0, 1] */
    public INDArray pseudoInputs() {
        return sd.output(Map.of(), pseudo.name()).get(pseudo.name());
    }
}
