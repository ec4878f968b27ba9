package org.vaepriors.train;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.data.synthetic.GaussianMixture2D;
import org.vaepriors.math.Estimate;
import org.vaepriors.prior.ResampledPrior;
import org.vaepriors.prior.TrainingBatch;

/**
 * Fits a resampled density to a 2-D target by maximum likelihood on target samples (LARS Eq. 5, Fig. 2):
 * only the acceptance network is learned, the proposal stays N(0, I). The training estimate of Z is the
 * prior's own (Algorithm 1); the target's density plays the part of q(z|x) in its importance-weighted
 * term. Adam (not gradient-normalised), a fresh batch of target samples per step.
 */
public final class AcceptanceFit {
    private static final String Z = "z";
    private static final String LOG_Q = "logQ";
    private static final String LOSS = "loss";

    private final GaussianMixture2D target;
    private final ResampledPrior prior;

    private AcceptanceFit(GaussianMixture2D target, ResampledPrior prior) {
        this.target = target;
        this.prior = prior;
    }

    /**
     * @param target the target q
     * @param spec   the resampled density (its proposal must be a standard Gaussian or a mixture)
     * @param steps  optimiser steps (>= 1)
     * @param batch  target samples per step (>= 1)
     * @param lr     Adam's step size
     * @param seed   parameters and samples
     * @return the fitted density
     * @throws IllegalArgumentException if steps or batch is below 1
     */
    public static AcceptanceFit fit(GaussianMixture2D target, ResampledPrior.Spec spec, int steps, int batch, double lr,
                                    long seed) {
        Objects.requireNonNull(target, "target");
        if (steps < 1 || batch < 1) {
            throw new IllegalArgumentException("steps and batch must be >= 1, got " + steps + " and " + batch);
        }
        SameDiff sd = SameDiff.create();
        ResampledPrior prior = ResampledPrior.standalone(spec, 2,
                new org.vaepriors.nn.Layers.Builder(sd, DataType.FLOAT, Seeds.stream(seed, "init", 0)));
        SDVariable z = sd.placeHolder(Z, DataType.FLOAT, -1, 2);
        SDVariable logQ = sd.placeHolder(LOG_Q, DataType.FLOAT, -1);
        SDVariable logP = prior.logProb(sd, z);
        prior.trainingLogProb(sd, z, logQ, logP).mean().neg().rename(LOSS);
        sd.setLossVariables(LOSS);
        quietly(sd::createGradFunction);
        List<String> params = sd.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE)
                .map(SDVariable::name).toList();
        Map<String, INDArray> arrays = new HashMap<>();
        params.forEach(p -> arrays.put(p, sd.getArrForVarName(p)));
        AdamNormGrad adam = new AdamNormGrad(lr, false);
        List<String> outputs = new java.util.ArrayList<>(List.of(LOSS));
        outputs.addAll(prior.trainingOutputs());
        SplittableRandom rng = Seeds.stream(seed, "fit", 0);
        org.vaepriors.engine.GraphEngine engine = new org.vaepriors.engine.GraphEngine(sd);
        for (int s = 0; s < steps; s++) {
            double[][] x = target.sample(batch, rng);
            double[] lq = new double[batch];
            for (int i = 0; i < batch; i++) {
                lq[i] = target.logDensity(x[i][0], x[i][1]);
            }
            Map<String, INDArray> feed = new HashMap<>(prior.trainingFeed(new TrainingBatch(Nd4j.create(x), null, rng)));
            feed.put(Z, Nd4j.create(x).castTo(DataType.FLOAT));
            feed.put(LOG_Q, Nd4j.createFromArray(lq).castTo(DataType.FLOAT));
            OutAndGrad r = engine.gradientsAndOutputs(feed, outputs, params);
            adam.update(arrays, r.getGradients(), params);
            Map<String, INDArray> forPrior = new HashMap<>();
            prior.trainingOutputs().forEach(n -> forPrior.put(n, r.getOutputs().get(n)));
            prior.afterStep(forPrior);
        }
        return new AcceptanceFit(target, prior);
    }

    /** SameDiff prints a line per op when it builds the gradient function: keep it out of notebook cells. */
    private static synchronized void quietly(Runnable action) {
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            action.run();
        } finally {
            System.setOut(out);
        }
    }

    /** @return the fitted prior (acceptance, Z, density, sampling) */
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
    public Estimate klFromTarget(int n, SplittableRandom rng) {
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
    public static Estimate klFromTargetToProposal(GaussianMixture2D target, int n, SplittableRandom rng) {
        double[][] x = target.sample(n, rng);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            double sq = x[i][0] * x[i][0] + x[i][1] * x[i][1];
            d[i] = target.logDensity(x[i][0], x[i][1]) + 0.5 * sq + Math.log(2 * Math.PI);
        }
        return Estimate.of(d);
    }
}
