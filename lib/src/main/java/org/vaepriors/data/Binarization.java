package org.vaepriors.data;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Stochastic binarisation of grey-level images, x ~ Bernoulli(pixel), as in the papers: training batches
 * are binarised anew every time they are drawn ("dynamic binarisation"); validation and test sets once,
 * with {@link #EVAL_SEED}.
 */
public final class Binarization {
    /** The seed with which validation and test sets are binarised once (ours; the papers fix one too). */
    public static final long EVAL_SEED = 0x5EED_2018L;

    private Binarization() {
    }

    /**
     * @param seed a seed
     * @return the generator this library uses for binarisation streams
     */
    public static RandomGenerator rng(long seed) {
        return new SplittableRandom(seed);
    }

    /**
     * Writes {@code dst[i] = 1 if u_i < src[i] else 0} with {@code u_i ~ U[0, 1)} drawn from {@code rng}.
     *
     * @param src grey levels in [0, 1]
     * @param dst the output, same length; may be {@code src} itself
     * @param rng the generator
     */
    public static void bernoulli(float[] src, float[] dst, RandomGenerator rng) {
        if (src.length != dst.length) {
            throw new IllegalArgumentException("src has " + src.length + " values, dst " + dst.length);
        }
        for (int i = 0; i < src.length; i++) {
            dst[i] = rng.nextFloat() < src[i] ? 1f : 0f;
        }
    }
}
