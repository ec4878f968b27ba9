package org.vaepriors.prior;

import java.util.Objects;
import java.util.random.RandomGenerator;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a prior may know about a training step: the batch, which training images it holds, and the step's
 * generator. The Exemplar prior needs the indices for leave-one-out and the images to retrieve neighbours.
 *
 * @param x       {@code [B, P]} the binarised batch
 * @param indices {@code [B]} the training-set index of every row, or null when the batch is not drawn from
 *                the training set (benchmarks, gradient checks): no leave-one-out then
 * @param rng     the step's generator (sub-sampling)
 */
public record TrainingBatch(INDArray x, int[] indices, RandomGenerator rng) {

    /** Validates the fields. */
    public TrainingBatch {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(rng, "rng");
        if (indices != null && indices.length != x.size(0)) {
            throw new IllegalArgumentException("indices has " + indices.length + " entries for a batch of " + x.size(0));
        }
    }
}
