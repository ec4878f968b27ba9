package org.vaepriors.train;

import java.util.Arrays;
import java.util.random.RandomGenerator;

import org.vaepriors.math.Permutations;

/**
 * How the training loop forms the batches of an epoch: the rows of a fixed training set, shuffled or
 * drawn with replacement, or none at all when the objective draws its own data (samples of a known
 * distribution). Rows are drawn from the epoch's generator, in step order, so that a seed fixes them.
 */
public abstract class Batches {
    private final int steps;

    private Batches(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("an epoch needs at least one step, got " + steps);
        }
        this.steps = steps;
    }

    /** @return steps per epoch */
    public final int steps() {
        return steps;
    }

    /**
     * Called at the start of every epoch, before the objective's {@code beginEpoch}.
     *
     * @param rng the epoch's generator
     */
    abstract void beginEpoch(RandomGenerator rng);

    /**
     * @param step the step within the epoch, from 1
     * @param rng  the epoch's generator
     * @return the step's rows, or null
     */
    abstract int[] rows(int step, RandomGenerator rng);

    /**
     * Each epoch visits every row once in a random order, in batches of {@code size} (the last smaller).
     *
     * @param n    training rows
     * @param size rows per batch
     * @return the batching
     */
    public static Batches shuffled(int n, int size) {
        return new Batches((n + size - 1) / size) {
            private int[] order;

            @Override
            void beginEpoch(RandomGenerator rng) {
                order = Permutations.shuffled(n, rng);
            }

            @Override
            int[] rows(int step, RandomGenerator rng) {
                int from = (step - 1) * size;
                return Arrays.copyOfRange(order, from, Math.min(n, from + size));
            }
        };
    }

    /**
     * Every step draws {@code size} rows uniformly with replacement, when the step comes.
     *
     * @param n     training rows
     * @param size  rows per batch
     * @param steps steps per epoch
     * @return the batching
     */
    public static Batches withReplacement(int n, int size, int steps) {
        return new Batches(steps) {
            @Override
            void beginEpoch(RandomGenerator rng) {
            }

            @Override
            int[] rows(int step, RandomGenerator rng) {
                int[] r = new int[size];
                for (int i = 0; i < size; i++) {
                    r[i] = rng.nextInt(n);
                }
                return r;
            }
        };
    }

    /**
     * No training set: the objective draws each step's data itself.
     *
     * @param steps steps per epoch
     * @return the batching
     */
    public static Batches drawnByObjective(int steps) {
        return new Batches(steps) {
            @Override
            void beginEpoch(RandomGenerator rng) {
            }

            @Override
            int[] rows(int step, RandomGenerator rng) {
                return null;
            }
        };
    }
}
