package org.vaepriors.prior;

import java.util.random.RandomGenerator;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A prior p(z) on a VAE's (top) latent: its spec, the dimension of z, its log-density as graph ops, and
 * sampling. That is all every prior is; what only some priors need is a separate capability the training
 * loop and the evaluator look for: {@link StepHooks} (per-step placeholder values, outputs read back after
 * the step, epoch starts), {@link EvaluationInputs} (values computed outside the graph from the current
 * parameters), {@link Stateful} (training state saved in checkpoints) and {@link Mixture} (a component
 * count that bounds evaluation memory).
 */
public interface Prior {

    /** @return the spec this prior was created from */
    PriorSpec<?> spec();

    /** @return the dimension of z */
    int latentDim();

    /**
     * Adds the prior's log-density at {@code z} to the graph; called once per graph.
     *
     * @param sd   the graph (the one given in the {@link PriorContext})
     * @param z    {@code [B, latentDim]}, a sample of q(z|x) in a VAE
     * @param logQ log q(z|x) at that sample, {@code [B]} (LARS's importance-weighted estimate of Z uses it),
     *             or null where there is no posterior (a density fitted on its own): a prior whose training
     *             form needs it says so
     * @return the exact log-density (evaluation, reported KL) and the form the training loss uses
     */
    LogDensity logDensity(SameDiff sd, SDVariable z, SDVariable logQ);

    /**
     * Draws latents from the prior with its current parameters.
     *
     * @param n   how many
     * @param rng the generator
     * @return {@code [n, latentDim]}
     */
    INDArray sample(int n, RandomGenerator rng);
}
