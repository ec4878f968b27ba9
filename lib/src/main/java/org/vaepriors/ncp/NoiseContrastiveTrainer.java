package org.vaepriors.ncp;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaepriors.engine.GraphEngine;
import org.vaepriors.math.Estimate;
import org.vaepriors.prior.LatentSampler;
import org.vaepriors.prior.Prior;
import org.vaepriors.train.AdamNormGrad;
import org.vaepriors.train.Batch;
import org.vaepriors.train.Batches;
import org.vaepriors.train.Listener;
import org.vaepriors.train.Objective;
import org.vaepriors.train.Seeds;
import org.vaepriors.train.TrainingLoop;

/**
 * Stage 2 of NCP-VAE: with the VAE frozen, trains the classifier D(z) in the library's training loop to tell
 * aggregate-posterior samples (label 1) from base-prior samples (label 0) by binary cross-entropy, then
 * estimates log Z = log E_p[r(z)] by Monte Carlo and returns the reweighted prior. Only the classifier's own
 * graph is trained: the VAE's parameters are read (to sample q(z)) and never updated.
 */
public final class NoiseContrastiveTrainer {
    private NoiseContrastiveTrainer() {
    }

    /**
     * What fitting produced.
     *
     * @param prior      the NCP prior, or null if the classifier diverged
     * @param classifier the trained classifier D(z)
     * @param loop       how the classifier's training ended, with the binary cross-entropy of every step
     *                   (log 4 = 1.386 is chance)
     */
    public record Fit(NoiseContrastivePrior prior, LatentClassifier classifier, TrainingLoop.Result loop) {
        /** Validates the fields. */
        public Fit {
            Objects.requireNonNull(loop, "loop");
        }

        /** @return the classifier's loss at every step */
        public double[] losses() {
            return loop.stepLosses();
        }
    }

    /**
     * @param spec      the classifier's size and training, and the Monte Carlo sizes
     * @param base      the prior the VAE was trained with
     * @param posterior the aggregate posterior q(z) of the trained VAE
     * @param seed      the seed of the classifier's weights, the minibatches and the estimate of log Z
     * @param listener  hears every classifier step
     * @return the prior and the loss curve
     */
    public static Fit fit(NoiseContrastivePrior.Spec spec, Prior base, LatentSampler posterior, long seed,
                          Listener listener) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(posterior, "posterior");
        LatentClassifier d = classifier(spec, base.latentDim(), seed);
        TrainingLoop.Result r = new TrainingLoop(new ClassifierObjective(d, base, posterior, spec.batchSize()),
                Batches.drawnByObjective(spec.steps()), epoch -> Seeds.stream(seed, "ncp-classifier", 0),
                new AdamNormGrad(spec.learningRate(), false))
                .listener(listener)
                .keepStepLosses(spec.steps())
                .run(1, 1);
        if (r.diverged()) {
            return new Fit(null, d, r);
        }
        Estimate logZ = NoiseContrastivePrior.estimateLogZ(base, d, spec.logZSamples(), Seeds.stream(seed, "ncp-log-z", 0));
        return new Fit(new NoiseContrastivePrior(spec, base, d, logZ), d, r);
    }

    /**
     * @param spec      the classifier's size
     * @param latentDim d
     * @param seed      the fit's seed
     * @return the untrained classifier a fit with this seed starts from
     */
    static LatentClassifier classifier(NoiseContrastivePrior.Spec spec, int latentDim, long seed) {
        return new LatentClassifier(latentDim, spec.hidden(), spec.layers(), DataType.FLOAT,
                Seeds.derive(seed, "ncp-classifier-weights", 0));
    }

    /** Equal batches of q(z) (class 1) and p(z) (class 0), drawn in that order. */
    private record ClassifierObjective(LatentClassifier d, Prior base, LatentSampler posterior, int batchSize)
            implements Objective {
        @Override
        public SameDiff graph() {
            return d.graph();
        }

        @Override
        public GraphEngine engine() {
            return d.engine();
        }

        @Override
        public List<String> parameters() {
            return d.parameterNames();
        }

        @Override
        public String loss() {
            return LatentClassifier.LOSS;
        }

        @Override
        public Map<String, INDArray> feed(Batch batch) {
            INDArray pos = posterior.sample(batchSize, batch.rng());
            INDArray neg = base.sample(batchSize, batch.rng());
            return d.feed(pos, neg);
        }
    }
}
