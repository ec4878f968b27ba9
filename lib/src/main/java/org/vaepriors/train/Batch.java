package org.vaepriors.train;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * One step of the training loop, as its {@link Objective} sees it.
 *
 * @param epoch the epoch, from 1
 * @param step  the step within the epoch, from 1
 * @param rows  the training-set rows of the batch, or null when the objective draws its own data
 * @param rng   the epoch's generator: everything random in the step is drawn from it, in order
 */
public record Batch(int epoch, int step, int[] rows, RandomGenerator rng) {
    /** Validates the fields. */
    public Batch {
        Objects.requireNonNull(rng, "rng");
    }
}
