package org.vaepriors.lars;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.data.synthetic.GaussianMixture2D;
import org.vaepriors.engine.GraphEngine;
import org.vaepriors.math.Estimate;
import org.vaepriors.nn.Layers;
import org.vaepriors.nn.Quiet;
import org.vaepriors.prior.TrainingBatch;
import org.vaepriors.train.AdamNormGrad;
import org.vaepriors.train.Batch;
import org.vaepriors.train.Batches;
import org.vaepriors.train.Objective;
import org.vaepriors.train.Seeds;
import org.vaepriors.train.TrainingLoop;

/**
 * A resampled density fitted to a 2-D target by maximum likelihood on target samples (LARS Eq. 5, Fig. 2):
 * only the acceptance network is learned, the proposal stays N(0, I). The training estimate of Z is the
 * prior's own (Algorithm 1); the target's density plays the part of q(z|x) in its importance-weighted
 * term. Plain Adam, a fresh batch of target samples per step, in the library's one training loop.
 */
public final class DensityFit implements Objective {
    private static final String Z = "z";
    private static final String LOG_Q = "logQ";
    private static final String LOSS = "loss";

    private final GaussianMixture2D target;
    private final ResampledPrior prior;
    private final SameDiff sd;
    private final GraphEngine engine;
    private final List<String> parameters;
    private final int batchSize;

    /**
     * Builds the density's graph; {@link #train} fits it.
     *
     * @param target    the target q
     * @param spec      the resampled density (its proposal must need no encoder: a standard Gaussian or a mixture)
     * @param batchSize target samples per step (>= 1)
     * @param seed      the parameters' seed
     */
    public DensityFit(GaussianMixture2D target, ResampledPrior.Spec spec, int batchSize, long seed) {
        this.target = Objects.requireNonNull(target, "target");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        this.sd = SameDiff.create();
        this.prior = ResampledPrior.standalone(spec, 2, new Layers.Builder(sd, DataType.FLOAT, Seeds.stream(seed, "init", 0)));
        SDVariable z = sd.placeHolder(Z, DataType.FLOAT, -1, 2);
        SDVariable logQ = sd.placeHolder(LOG_Q, DataType.FLOAT, -1);
        prior.logDensity(sd, z, logQ).training().mean().neg().rename(LOSS);
        sd.setLossVariables(LOSS);
        Quiet.run(sd::createGradFunction);
        this.engine = new GraphEngine(sd);
        this.parameters = sd.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE)
                .map(SDVariable::name).toList();
    }

    /**
     * Fits the density: {@code steps} Adam steps, each on fresh target samples from the seed's stream.
     *
     * @param steps optimiser steps (>= 1)
     * @param lr    Adam's step size
     * @param seed  the samples' seed
     * @return how the loop ended (a divergence is named, not thrown)
     */
    public TrainingLoop.Result train(int steps, double lr, long seed) {
        return new TrainingLoop(this, Batches.drawnByObjective(steps), epoch -> Seeds.stream(seed, "fit", 0),
                new AdamNormGrad(lr, false)).run(1, 1);
    }

    @Override
    public SameDiff graph() {
        return sd;
    }

    @Override
    public GraphEngine engine() {
        return engine;
    }

    @Override
    public List<String> parameters() {
        return parameters;
    }

    @Override
    public String loss() {
        return LOSS;
    }

    @Override
    public Map<String, INDArray> feed(Batch batch) {
        RandomGenerator rng = batch.rng();
        double[][] x = target.sample(batchSize, rng);
        double[] lq = new double[batchSize];
        for (int i = 0; i < batchSize; i++) {
            lq[i] = target.logDensity(x[i][0], x[i][1]);
        }
        Map<String, INDArray> feed = new HashMap<>(prior.trainingFeed(new TrainingBatch(Nd4j.create(x), null, rng)));
        feed.put(Z, Nd4j.create(x).castTo(DataType.FLOAT));
        feed.put(LOG_Q, Nd4j.createFromArray(lq).castTo(DataType.FLOAT));
        return feed;
    }

    @Override
    public List<String> stepOutputs() {
        return prior.stepOutputs();
    }

    @Override
    public void afterStep(Map<String, INDArray> outputs) {
        prior.afterStep(outputs);
        prior.parametersChanged();
    }

    /** @return the fitted density (acceptance, Z, density, sampling) */
    public ResampledPrior prior() {
        return prior;
    }

    /**
     * KL(q || p) = E_q[log q(z) - log p(z)] by Monte Carlo over target samples, with p's evaluation Z.
     *
     * @param n   samples
     * @param rng the generator
     * @return the estimate, nats
     */
    public Estimate klFromTarget(int n, RandomGenerator rng) {
        double[][] x = target.sample(n, rng);
        double[] lp = prior.logDensity(Nd4j.create(x));
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = target.logDensity(x[i][0], x[i][1]) - lp[i];
        }
        return Estimate.of(d);
    }

    /**
     * KL(q || N(0, I)), the proposal's misfit, by Monte Carlo.
     *
     * @param target the target q
     * @param n      samples
     * @param rng    the generator
     * @return the estimate, nats
     */
    public static Estimate klFromTargetToProposal(GaussianMixture2D target, int n, RandomGenerator rng) {
        double[][] x = target.sample(n, rng);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            double sq = x[i][0] * x[i][0] + x[i][1] * x[i][1];
            d[i] = target.logDensity(x[i][0], x[i][1]) + 0.5 * sq + Math.log(2 * Math.PI);
        }
        return Estimate.of(d);
    }
}
