package org.vaepriors.exemplar;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How {@link MlpClassifier} is trained.
 *
 * @param hidden         hidden layer sizes (ReLU), e.g. [1024, 1024] as in the Exemplar VAE paper
 * @param epochs         passes over the real training images
 * @param batchSize      real images per step (as many augmented ones are added when augmenting)
 * @param learningRate   the (initial) step size
 * @param labelSmoothing the target mass spread uniformly over all classes (paper 0.1)
 * @param realWeight     the weight of the real images' loss when augmenting; the augmented ones get the
 *                       rest (paper 0.4 real, 0.6 augmented)
 * @param sgd            SGD with momentum and a linear decay, as the authors' code trains it; null for Adam (left
 *                       out of the JSON then, so configs without it keep their ids)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClassifierSpec(List<Integer> hidden, int epochs, int batchSize, double learningRate,
                             double labelSmoothing, double realWeight, Sgd sgd) {

    /**
     * Stochastic gradient descent with classical momentum (PyTorch's SGD: v = m v + g, p -= lr v) and a learning
     * rate that falls linearly over the epochs: epoch e (from 1) of E uses lr (1 - decay (e - 1) / E), the
     * authors' {@code LambdaLR(1 - 0.99 epoch / epochs)} stepped after each epoch (sajadn/Exemplar-VAE,
     * utils/classify_data.py).
     *
     * @param momentum m (the authors' 0.9)
     * @param decay    the share of the learning rate lost by the end (the authors' 0.99)
     */
    public record Sgd(double momentum, double decay) {
        /** Validates the fields. */
        public Sgd {
            if (!(momentum >= 0 && momentum < 1) || !(decay >= 0 && decay < 1)) {
                throw new IllegalArgumentException("momentum and decay must be in [0, 1), got " + momentum + ", " + decay);
            }
        }

        /**
         * @param epoch  the epoch, from 1
         * @param epochs E
         * @return the learning rate's factor in that epoch
         */
        public double factor(int epoch, int epochs) {
            return 1 - decay * (epoch - 1) / (double) epochs;
        }
    }

    /**
     * Adam, as before the authors' optimiser was added.
     *
     * @param hidden         hidden layer sizes
     * @param epochs         passes over the real images
     * @param batchSize      real images per step
     * @param learningRate   Adam's step size
     * @param labelSmoothing the smoothing
     * @param realWeight     the real images' share of the loss when augmenting
     */
    public ClassifierSpec(List<Integer> hidden, int epochs, int batchSize, double learningRate, double labelSmoothing,
                          double realWeight) {
        this(hidden, epochs, batchSize, learningRate, labelSmoothing, realWeight, null);
    }

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
     * The authors' classifier (sajadn/Exemplar-VAE, analysis.py and utils/classify_data.py): MLP[784-1024-1024-10]
     * with ReLU, label smoothing 0.1, loss 0.4 real + 0.6 augmented, SGD with learning rate 0.1 and momentum 0.9
     * decayed linearly (by 99% over the epochs), batch 100; the authors train 100 epochs.
     *
     * @param epochs passes over the training images
     * @return the spec
     */
    public static ClassifierSpec paper(int epochs) {
        return new ClassifierSpec(List.of(1024, 1024), epochs, 100, 0.1, 0.1, 0.4, new Sgd(0.9, 0.99));
    }

    /**
     * @param e passes over the training images
     * @return this spec with that many epochs
     */
    public ClassifierSpec withEpochs(int e) {
        return new ClassifierSpec(hidden, e, batchSize, learningRate, labelSmoothing, realWeight, sgd);
    }

    /** @return "SGD (momentum 0.9, lr 0.1 decayed linearly by 99%)" or "Adam (lr 0.001)" */
    public String optimiser() {
        return sgd == null ? "Adam (lr " + learningRate + ")" : "SGD (momentum " + sgd.momentum() + ", lr " + learningRate
                + " decayed linearly by " + Math.round(100 * sgd.decay()) + "% over the epochs)";
    }
}
