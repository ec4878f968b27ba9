package org.vaepriors.train;

/**
 * How a VAE is trained (MATH.md, "Training"): everything here changes the numbers, so it is part of a
 * run's hashed configuration.
 *
 * @param maxEpochs     the most epochs (the papers: 2000, with early stopping)
 * @param warmupEpochs  W: the KL weight rises linearly, beta = min(1, epoch / W); 0 = no warm-up
 * @param patience      stop after this many epochs without a better validation loss (counted from the
 *                      end of the warm-up)
 * @param batchSize     images per step
 * @param learningRate  Adam's step size
 */
public record TrainSpec(int maxEpochs, int warmupEpochs, int patience, int batchSize, double learningRate) {

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
    }

    /** @return the papers' settings: 2000 epochs, warm-up 100, patience 50, batch 100, lr 5e-4 */
    public static TrainSpec paper() {
        return new TrainSpec(2000, 100, 50, 100, 5e-4);
    }

    /**
     * @param epochs the most epochs
     * @return a copy with that cap
     */
    public TrainSpec withMaxEpochs(int epochs) {
        return new TrainSpec(epochs, warmupEpochs, patience, batchSize, learningRate);
    }

    /**
     * @param epochs the warm-up length W
     * @return a copy with that warm-up
     */
    public TrainSpec withWarmup(int epochs) {
        return new TrainSpec(maxEpochs, epochs, patience, batchSize, learningRate);
    }

    /**
     * @param epochs the patience
     * @return a copy with that patience
     */
    public TrainSpec withPatience(int epochs) {
        return new TrainSpec(maxEpochs, warmupEpochs, epochs, batchSize, learningRate);
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
}
