package org.vaepriors.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaepriors.exemplar.ExactNearestNeighbours;
import org.vaepriors.math.Permutations;
import org.vaepriors.nn.Noise;
import org.vaepriors.runtime.BackendInfo;

/**
 * How fast the Exemplar prior's retrieval searches its cache, at the training step's shapes: 100 queries, the
 * k + 1 = 11 nearest among M = N/2 = 25,000 drawn of N = 50,000 cached latent means, d = 40 (Gaussian values;
 * the search's cost does not depend on them). Prints milliseconds per search and queries per second: the best
 * of five windows of 100 searches after one of warm-up, the median in brackets. Timings are printed, never
 * asserted.
 */
final class KnnThroughput {
    private static final int N = 50_000;
    private static final int D = 40;
    private static final int QUERIES = 100;
    private static final int NEAREST = 11;
    private static final int SEARCHES = 100;
    private static final int WINDOWS = 5;

    private KnnThroughput() {
    }

    static void main(String[] args) {
        SplittableRandom rng = new SplittableRandom(0);
        ExactNearestNeighbours cache = new ExactNearestNeighbours(Noise.gaussian(N, D, rng, DataType.FLOAT));
        int m = N / 2;
        INDArray[] queries = new INDArray[SEARCHES];
        int[][] drawn = new int[SEARCHES][];
        for (int i = 0; i < SEARCHES; i++) {
            queries[i] = Noise.gaussian(QUERIES, D, rng, DataType.FLOAT);
            drawn[i] = Permutations.sample(N, m, rng);
        }
        double[] ms = new double[WINDOWS + 1]; // a warm-up window first
        for (int w = 0; w <= WINDOWS; w++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < SEARCHES; i++) {
                cache.search(queries[i], NEAREST, drawn[i]);
            }
            ms[w] = (System.nanoTime() - t0) / 1e6 / SEARCHES;
        }
        double[] timed = Arrays.copyOfRange(ms, 1, ms.length);
        Arrays.sort(timed);
        System.out.println("backend: " + BackendInfo.current());
        System.out.printf(Locale.ROOT, "kNN search, %d queries, %d nearest among M = %,d of N = %,d, d = %d: %.2f ms (%.2f)"
                + " per search, %,.0f queries/s%n", QUERIES, NEAREST, m, N, D, timed[0], timed[WINDOWS / 2], QUERIES * 1000 / timed[0]);
    }
}
