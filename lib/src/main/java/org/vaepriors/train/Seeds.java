package org.vaepriors.train;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Derives independent random streams from a run's seed, one per purpose and index (e.g. "epoch", 17), so
 * that a run resumed at an epoch boundary draws exactly what an uninterrupted run would, with no generator
 * state to save. Uses the SplitMix64 finaliser, whose outputs for distinct inputs are decorrelated.
 */
public final class Seeds {
    private Seeds() {
    }

    /**
     * @param seed    the run's seed
     * @param purpose what the stream is for
     * @param index   e.g. the epoch
     * @return a seed for that stream
     */
    public static long derive(long seed, String purpose, long index) {
        long h = mix(seed);
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ b);
        }
        return mix(h ^ mix(index));
    }

    /**
     * @param seed    the run's seed
     * @param purpose what the stream is for
     * @param index   e.g. the epoch
     * @return a generator for that stream
     */
    public static SplittableRandom stream(long seed, String purpose, long index) {
        return new SplittableRandom(derive(seed, purpose, index));
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
