package org.vaepriors.train;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.math.Estimate;
import org.vaepriors.prior.LatentClassifier;
import org.vaepriors.prior.LatentSampler;
import org.vaepriors.prior.NoiseContrastivePrior;
import org.vaepriors.prior.Prior;

/**
 * Stage 2 of NCP-VAE: with the VAE frozen, trains the classifier D(z) to tell aggregate-posterior samples
 * (label 1) from base-prior samples (label 0) by binary cross-entropy, then estimates log Z = log E_p[r(z)]
 * by Monte Carlo and returns the reweighted prior. Only the classifier's own graph is trained: the VAE's
 * parameters are read (to sample q(z)) and never updated.
 */
public final class NoiseContrastiveTrainer {
    private NoiseContrastiveTrainer() {
    }

    /**
     * What fitting produced.
     *
     * @param prior  the NCP prior
     * @param losses the classifier's binary cross-entropy at every step (log 4 = 1.386 is chance)
     */
    public record Fit(NoiseContrastivePrior prior, double[] losses) {
        /** Validates the fields. */
        public Fit {
            Objects.requireNonNull(prior, "prior");
            Objects.requireNonNull(losses, "losses");
        }
    }

    /**
     * @param spec       the classifier's size and training, and the Monte Carlo sizes
     * @param base       the prior the VAE was trained with
     * @param baseGraph  the graph holding the base prior's parameters (the VAE's)
     * @param posterior  the aggregate posterior q(z) of the trained VAE
     * @param seed       the seed of the classifier's weights, the minibatches and the estimate of log Z
     * @param listener   hears every classifier step
     * @return the prior and the loss curve
     * @throws IllegalStateException if the loss stops being finite, naming the step
     */
    public static Fit fit(NoiseContrastivePrior.Spec spec, Prior base, SameDiff baseGraph, LatentSampler posterior,
                          long seed, StepListener listener) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(posterior, "posterior");
        LatentClassifier d = new LatentClassifier(base.latentDim(), spec.hidden(), spec.layers(), DataType.FLOAT,
                Seeds.derive(seed, "ncp-classifier-weights", 0));
        List<String> names = d.parameterNames();
        Map<String, INDArray> params = new HashMap<>();
        for (String name : names) {
            params.put(name, d.graph().getArrForVarName(name));
        }
        AdamNormGrad adam = new AdamNormGrad(spec.learningRate(), false);
        SplittableRandom rng = Seeds.stream(seed, "ncp-classifier", 0);
        double[] losses = new double[spec.steps()];
        for (int step = 1; step <= spec.steps(); step++) {
            INDArray pos = posterior.sample(spec.batchSize(), rng);
            INDArray neg = base.sample(baseGraph, spec.batchSize(), rng);
            Nd4j.getEnvironment().allowHelpers(false); // oneDNN's dense ops are slower on these small matrices
            OutAndGrad r = d.engine().gradientsAndOutputs(d.feed(pos, neg), List.of(LatentClassifier.LOSS), names);
            double loss = r.getOutputs().get(LatentClassifier.LOSS).getDouble(0);
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("the classifier's loss is " + loss + " at step " + step
                        + ": lower the learning rate");
            }
            adam.update(params, r.getGradients(), names);
            losses[step - 1] = loss;
            listener.step(step, spec.steps(), loss);
        }
        Estimate logZ = NoiseContrastivePrior.estimateLogZ(base, baseGraph, d, spec.logZSamples(),
                Seeds.stream(seed, "ncp-log-z", 0));
        return new Fit(new NoiseContrastivePrior(spec, base, d, logZ), losses);
    }
}
