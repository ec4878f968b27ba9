package org.vaepriors.train;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a VAE is trained (MATH.md, "Training"): everything here changes the numbers, so it is part of a
 * run's hashed configuration.
 *
 * <p>Two ways to count. By default epochs: the KL warm-up and early stopping are per epoch, the optimiser
 * is gradient-normalised Adam at one learning rate (the VampPrior and Exemplar VAE code). With
 * {@link Iterations} the schedule is counted in iterations, as LARS's (Bauer &amp; Mnih, C.3): the KL weight
 * rises per iteration, the learning rate drops at a given iteration, and training ends after a given
 * number of iterations (the epoch in which it is reached is completed, so a run may overshoot by less than
 * an epoch) or at {@code maxEpochs}, whichever comes first. {@code plainAdam} turns the gradient
 * normalisation off. Both are left out of the JSON at their defaults, so configs written before they existed
 * keep their run ids.
 *
 * @param maxEpochs     the most epochs (the papers: 2000, with early stopping)
 * @param warmupEpochs  W: the KL weight rises linearly, beta = min(1, epoch / W); 0 = no warm-up (must be 0
 *                      when the warm-up is counted in iterations)
 * @param patience      stop after this many epochs without a better validation loss (counted from the
 *                      end of the warm-up)
 * @param batchSize     images per step
 * @param learningRate  Adam's step size (until {@link Iterations#decayAfter()} when counted in iterations)
 * @param iterations    a schedule counted in iterations, or null for the epoch-counted one
 * @param plainAdam     true for Adam on the raw gradients, false for gradient-normalised Adam
 */
public record TrainSpec(int maxEpochs, int warmupEpochs, int patience, int batchSize, double learningRate,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Iterations iterations,
                        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean plainAdam) {

    /**
     * A schedule counted in iterations (optimiser steps over all epochs, from 1).
     *
     * @param total               iterations to train (LARS: 10^7)
     * @param warmup              the KL weight is min(1, iteration / warmup); 0 = no warm-up (LARS: 10^5)
     * @param decayAfter          the learning rate drops after this many iterations (LARS: 10^6); 0 = never
     * @param decayedLearningRate the learning rate after the drop (LARS: 1e-4), the optimiser's moments kept
     */
    public record Iterations(long total, long warmup, long decayAfter, double decayedLearningRate) {
        /** Validates the fields. */
        public Iterations {
            if (total < 1) {
                throw new IllegalArgumentException("total iterations must be >= 1, got " + total);
            }
            if (warmup < 0 || decayAfter < 0) {
                throw new IllegalArgumentException("warmup and decayAfter must be >= 0, got " + warmup + ", " + decayAfter);
            }
            if (!(decayedLearningRate > 0) || Double.isInfinite(decayedLearningRate)) {
                throw new IllegalArgumentException("decayedLearningRate must be a positive number, got " + decayedLearningRate);
            }
        }

        /**
         * @param iteration the iteration, from 1
         * @return the KL weight min(1, iteration / warmup), 1 without warm-up
         */
        public double beta(long iteration) {
            return warmup == 0 ? 1.0 : Math.min(1.0, (double) iteration / warmup);
        }
    }

    /** Validates the fields. */
    public TrainSpec {
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("maxEpochs must be >= 1, got " + maxEpochs);
        }
        if (warmupEpochs < 0) {
            throw new IllegalArgumentException("warmupEpochs must be >= 0, got " + warmupEpochs);
        }
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1, got " + patience);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive number, got " + learningRate);
        }
        if (iterations != null && warmupEpochs != 0) {
            throw new IllegalArgumentException("the warm-up is counted in iterations here (" + iterations.warmup()
                    + "): warmupEpochs must be 0, got " + warmupEpochs);
        }
    }

    /**
     * The epoch-counted schedule with gradient-normalised Adam.
     *
     * @param maxEpochs    the most epochs
     * @param warmupEpochs the warm-up W
     * @param patience     early stopping's patience
     * @param batchSize    images per step
     * @param learningRate Adam's step size
     */
    public TrainSpec(int maxEpochs, int warmupEpochs, int patience, int batchSize, double learningRate) {
        this(maxEpochs, warmupEpochs, patience, batchSize, learningRate, null, false);
    }

    /** @return the papers' settings: 2000 epochs, warm-up 100, patience 50, batch 100, lr 5e-4 */
    public static TrainSpec paper() {
        return new TrainSpec(2000, 100, 50, 100, 5e-4);
    }

    /**
     * LARS's training (Bauer &amp; Mnih, C.3): "the Adam optimizer for 10^7 iterations with the learning rate 3e-4,
     * which was decayed to 1e-4 after 10^6 iterations, and mini-batches of size 128 ... warm-up (KL-annealing) for
     * the first 10^5 iterations". No early stopping (the paper stops early on static MNIST only): the patience
     * is as long as the training.
     *
     * @return the schedule
     */
    public static TrainSpec lars() {
        return new TrainSpec(Integer.MAX_VALUE, 0, Integer.MAX_VALUE, 128, 3e-4,
                new Iterations(10_000_000L, 100_000L, 1_000_000L, 1e-4), true);
    }

    /**
     * @param epochs the most epochs
     * @return a copy with that cap
     */
    public TrainSpec withMaxEpochs(int epochs) {
        return new TrainSpec(epochs, warmupEpochs, patience, batchSize, learningRate, iterations, plainAdam);
    }

    /**
     * @param rate Adam's step size
     * @return a copy with that learning rate
     */
    public TrainSpec withLearningRate(double rate) {
        return new TrainSpec(maxEpochs, warmupEpochs, patience, batchSize, rate, iterations, plainAdam);
    }

    /**
     * @param epochs the warm-up length W
     * @return a copy with that warm-up
     */
    public TrainSpec withWarmup(int epochs) {
        return new TrainSpec(maxEpochs, epochs, patience, batchSize, learningRate, iterations, plainAdam);
    }

    /**
     * @param epochs the patience
     * @return a copy with that patience
     */
    public TrainSpec withPatience(int epochs) {
        return new TrainSpec(maxEpochs, warmupEpochs, epochs, batchSize, learningRate, iterations, plainAdam);
    }

    /**
     * @param schedule a schedule counted in iterations, or null for the epoch-counted one
     * @return a copy with it
     */
    public TrainSpec withIterations(Iterations schedule) {
        return new TrainSpec(maxEpochs, warmupEpochs, patience, batchSize, learningRate, schedule, plainAdam);
    }

    /**
     * The KL weight in epoch {@code epoch} (1-based): min(1, epoch / W), 1 without warm-up.
     *
     * @param epoch the epoch, from 1
     * @return beta in (0, 1]
     */
    public double beta(int epoch) {
        return warmupEpochs == 0 ? 1.0 : Math.min(1.0, (double) epoch / warmupEpochs);
    }

    /**
     * The KL weight of one step: per epoch ({@link #beta(int)}), or per iteration with {@link Iterations}.
     *
     * @param epoch     the epoch, from 1
     * @param iteration the step over all epochs, from 1
     * @return beta in (0, 1]
     */
    public double beta(int epoch, long iteration) {
        return iterations == null ? beta(epoch) : iterations.beta(iteration);
    }

    /**
     * @param iteration the step over all epochs, from 1
     * @return the learning rate of that step
     */
    public double learningRate(long iteration) {
        return iterations != null && iterations.decayAfter() > 0 && iteration > iterations.decayAfter()
                ? iterations.decayedLearningRate() : learningRate;
    }

    /**
     * @param stepsPerEpoch optimiser steps per epoch
     * @return the last epoch to train: {@code maxEpochs}, or earlier when the iterations run out
     */
    public int lastEpoch(int stepsPerEpoch) {
        if (iterations == null) {
            return maxEpochs;
        }
        long epochs = (iterations.total() + stepsPerEpoch - 1) / stepsPerEpoch;
        return (int) Math.min(maxEpochs, epochs);
    }

    /**
     * @param stepsPerEpoch optimiser steps per epoch
     * @return the epochs of the warm-up, during which early stopping's patience is held: W, or the epochs the
     * iteration-counted warm-up spans
     */
    public int warmupEpochs(int stepsPerEpoch) {
        return iterations == null ? warmupEpochs : (int) Math.min(Integer.MAX_VALUE,
                (iterations.warmup() + stepsPerEpoch - 1) / stepsPerEpoch);
    }

    /** @return a new optimiser for the first step: Adam, gradient-normalised unless {@code plainAdam} */
    public AdamNormGrad optimiser() {
        return new AdamNormGrad(learningRate, !plainAdam);
    }

    /**
     * The optimiser change the schedule asks for: from {@link Iterations#decayAfter()} on, the decayed learning
     * rate, with the moments and step count carried over (a learning-rate schedule, not a restart).
     *
     * @return the schedule for the training loop (the identity without a decay)
     */
    public TrainingLoop.Schedule schedule() {
        if (iterations == null || iterations.decayAfter() == 0) {
            return (step, current) -> current;
        }
        boolean[] decayed = {false};
        return (step, current) -> {
            if (decayed[0] || step <= iterations.decayAfter()) {
                return current;
            }
            decayed[0] = true; // also when a run resumes past the decay: the first step it takes switches
            AdamNormGrad next = new AdamNormGrad(iterations.decayedLearningRate(), !plainAdam);
            next.restore(current.steps(), current.firstMoments(), current.secondMoments());
            return next;
        };
    }
}
