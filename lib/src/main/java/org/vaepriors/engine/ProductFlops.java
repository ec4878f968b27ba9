package org.vaepriors.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * The floating-point operations of the float matrix products this process has run through oneDNN's sgemm
 * (the plans' products and gradients, the Exemplar prior's kNN search): 2mnk a product of [m, k] and
 * [k, n]. The benchmarks read it to print each step's arithmetic beside its time (GFLOP per step, GFLOP/s):
 * how far a step is from what the machine's products allow. One add per product, nothing else.
 */
public final class ProductFlops {
    private static final LongAdder COUNT = new LongAdder();

    private ProductFlops() {
    }

    /** Counts one product of an [m, k] and a [k, n] matrix. */
    public static void add(long m, long n, long k) {
        COUNT.add(2 * m * n * k);
    }

    /** @return the floating-point operations counted so far in this process */
    public static long total() {
        return COUNT.sum();
    }
}
