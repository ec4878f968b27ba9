package org.vaepriors.exemplar;

import java.util.List;

/**
 * How {@link MlpClassifier} is trained.
 *
 * @param hidden         hidden layer sizes (ReLU), e.g. [1024, 1024] as in the Exemplar VAE paper
 * @param epochs         passes over the real training images
 * @param batchSize      real images per step (as many augmented ones are added when augmenting)
 * @param learningRate   Adam's step size
 * @param labelSmoothing the target mass spread uniformly over all classes (paper 0.1)
 * @param realWeight     the weight of the real images' loss when augmenting; the augmented ones get the
 *                       rest (paper 0.4 real, 0.6 augmented)
 */
public record ClassifierSpec(List<Integer> hidden, int epochs, int batchSize, double learningRate,
                             double labelSmoothing, double realWeight) {

    /** Validates the fields. */
    public ClassifierSpec {
        hidden = List.copyOf(hidden);
        if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("hidden sizes must be a non-empty list of positive sizes, got " + hidden);
        }
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("epochs and batchSize must be >= 1, got " + epochs + ", " + batchSize);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1) || !(realWeight > 0 && realWeight <= 1)) {
            throw new IllegalArgumentException("labelSmoothing must be in [0, 1) and realWeight in (0, 1], got "
                    + labelSmoothing + ", " + realWeight);
        }
    }

    /**
     * @param epochs passes over the training images
     * @return MLP[784-1024-1024-10], label smoothing 0.1, loss 0.4 real + 0.6 augmented, Adam 1e-3, batch 100
     */
    public static ClassifierSpec paper(int epochs) {
        return new ClassifierSpec(List.of(1024, 1024), epochs, 100, 1e-3, 0.1, 0.4);
    }
}
