package org.vaepriors.prior;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A prior p(z) on a VAE's (top) latent. Every prior of the project implements it: the standard Gaussian,
 * mixtures, the VampPrior, and later the Exemplar, LARS and NCP priors.
 *
 * <p>A prior adds its parameters and its log-density to the model's SameDiff graph once
 * ({@link #logProb}); what it needs anew at every step (a random subset of components, a batch of
 * exemplars) it feeds as placeholders ({@link #trainingFeed}, {@link #evaluationFeed}).
 */
public interface Prior {

    /** @return the spec this prior was created from */
    PriorSpec spec();

    /** @return the dimension of z */
    int latentDim();

    /**
     * Adds the prior to the graph; called once per graph.
     *
     * @param sd the graph (the one given in the {@link PriorContext})
     * @param z  {@code [B, latentDim]}
     * @return log p(z), {@code [B]}, a true density (with its normalising constants)
     */
    SDVariable logProb(SameDiff sd, SDVariable z);

    /**
     * The log-density the training loss uses; called once per graph, after {@link #logProb}.
     *
     * @param sd         the graph
     * @param z          {@code [B, latentDim]}, a sample of q(z|x)
     * @param logQ       log q(z|x) at that sample, {@code [B]} (LARS's importance-weighted estimate of Z uses it)
     * @param evaluation what {@link #logProb} returned for the same z
     * @return the training branch, {@code [B]}; by default the density itself
     */
    default SDVariable trainingLogProb(SameDiff sd, SDVariable z, SDVariable logQ, SDVariable evaluation) {
        return evaluation;
    }

    /**
     * Placeholder values for one training step.
     *
     * @param batch the step's batch and generator
     * @return placeholder name to value; empty by default
     */
    default Map<String, INDArray> trainingFeed(TrainingBatch batch) {
        return Map.of();
    }

    /**
     * @return graph outputs this prior wants after every training step (computed in the step's forward pass,
     * before the update); none by default
     */
    default List<String> trainingOutputs() {
        return List.of();
    }

    /**
     * Called after every training step, once the parameters have been updated.
     *
     * @param outputs the step's values of {@link #trainingOutputs}
     */
    default void afterStep(Map<String, INDArray> outputs) {
        parametersChanged();
    }

    /**
     * Called before the first step of every training epoch (e.g. to refresh a cache of encodings).
     *
     * @param epoch the epoch, from 1
     */
    default void beginEpoch(int epoch) {
    }

    /** Called when the model's parameters were replaced (a checkpoint loaded): drop whatever depends on them. */
    default void parametersChanged() {
    }

    /** @return placeholder values for evaluation (the exact prior: all components); empty by default */
    default Map<String, INDArray> evaluationFeed() {
        return Map.of();
    }

    /**
     * Evaluation cost grows with the rows of a pass times the prior's components; a prior with many
     * components caps the rows to keep memory bounded.
     *
     * @param requested the rows the caller would like per forward pass
     * @return the rows to use, between 1 and {@code requested}
     */
    default int evaluationRows(int requested) {
        return requested;
    }

    /** @return training state that is not a graph parameter (e.g. a moving average), saved in checkpoints */
    default double[] state() {
        return new double[0];
    }

    /**
     * Restores what {@link #state} returned.
     *
     * @param state the saved state
     * @throws IllegalArgumentException if it does not fit this prior
     */
    default void restore(double[] state) {
        if (state.length != 0) {
            throw new IllegalArgumentException("this prior keeps no state, the checkpoint has " + state.length + " values");
        }
    }

    /**
     * Draws latents from the prior with its current parameters.
     *
     * @param sd  the graph holding the parameters
     * @param n   how many
     * @param rng the generator
     * @return {@code [n, latentDim]}
     */
    INDArray sample(SameDiff sd, int n, RandomGenerator rng);
}
