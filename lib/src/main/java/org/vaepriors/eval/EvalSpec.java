package org.vaepriors.eval;

/**
 * How a trained model is evaluated: part of a run's hashed configuration, since it changes the numbers.
 *
 * @param iwSamples  importance samples per test image for log p(x) (the papers: 5000)
 * @param testLimit  test images used, 0 for all
 */
public record EvalSpec(int iwSamples, int testLimit) {

    /** Validates the fields. */
    public EvalSpec {
        if (iwSamples < 1) {
            throw new IllegalArgumentException("iwSamples must be >= 1, got " + iwSamples);
        }
        if (testLimit < 0) {
            throw new IllegalArgumentException("testLimit must be >= 0 (0 = all), got " + testLimit);
        }
    }

    /** @return the papers' setting: 5000 importance samples on the whole test set */
    public static EvalSpec paper() {
        return new EvalSpec(5000, 0);
    }
}
