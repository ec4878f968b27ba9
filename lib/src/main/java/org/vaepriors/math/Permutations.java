package org.vaepriors.math;

import java.util.random.RandomGenerator;

/** Uniformly random permutations and subsets (Fisher-Yates), driven by a caller's generator. */
public final class Permutations {
    private Permutations() {
    }

    /**
     * @param n   the size
     * @param rng the generator
     * @return a uniformly random permutation of 0..n-1
     */
    public static int[] shuffled(int n, RandomGenerator rng) {
        return sample(n, n, rng);
    }

    /**
     * @param n   the population size
     * @param k   how many to draw, 0 <= k <= n
     * @param rng the generator
     * @return k distinct indices of 0..n-1, uniformly at random, in random order (a partial Fisher-Yates)
     */
    public static int[] sample(int n, int k, RandomGenerator rng) {
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("cannot draw " + k + " distinct indices from " + n);
        }
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return k == n ? p : java.util.Arrays.copyOf(p, k);
    }
}
