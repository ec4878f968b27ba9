package org.vaepriors.exemplar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.math.Permutations;

class ExactNearestNeighboursTest {
    static float[][] random(int n, int d, SplittableRandom rng) {
        float[][] a = new float[n][d];
        for (float[] r : a) {
            for (int j = 0; j < d; j++) {
                r[j] = (float) rng.nextGaussian();
            }
        }
        return a;
    }

    /** Brute force in double precision: candidates sorted by distance, then by position. */
    static int[] bruteForce(float[] q, float[][] x, int[] candidates, int k) {
        Integer[] pos = IntStream.range(0, candidates.length).boxed().toArray(Integer[]::new);
        Arrays.sort(pos, Comparator.comparingDouble((Integer p) -> {
            double s = 0;
            for (int j = 0; j < q.length; j++) {
                double diff = q[j] - x[candidates[p]][j];
                s += diff * diff;
            }
            return s;
        }).thenComparingInt(p -> p));
        return Arrays.stream(pos).limit(k).mapToInt(p -> candidates[p]).toArray();
    }

    /** Every {@code stride}-th query's k nearest equal brute force's. */
    static void assertAsBruteForce(ExactNearestNeighbours nn, float[][] x, float[][] q, int[] candidates, int k, int stride) {
        int[][] got = nn.search(Nd4j.create(q), k, candidates);
        for (int b = 0; b < q.length; b += stride) {
            assertArrayEquals(bruteForce(q[b], x, candidates, k), got[b], "query " + b);
        }
    }

    @Test
    void matchesBruteForceOnACandidateSubset() {
        SplittableRandom rng = new SplittableRandom(1);
        float[][] x = random(500, 8, rng);
        float[][] q = random(20, 8, rng);
        ExactNearestNeighbours nn = new ExactNearestNeighbours(Nd4j.create(x));
        int[] candidates = Permutations.sample(500, 250, rng);
        assertAsBruteForce(nn, x, q, candidates, 10, 1);
    }

    @Test
    void updatedRowsAreFoundWhereTheyNowAre() {
        SplittableRandom rng = new SplittableRandom(2);
        float[][] x = random(100, 4, rng);
        ExactNearestNeighbours nn = new ExactNearestNeighbours(Nd4j.create(x));
        float[] target = {9f, 9f, 9f, 9f};
        INDArray moved = Nd4j.create(new float[][]{{9f, 9f, 9f, 9.05f}, {8.9f, 9f, 9f, 9f}});
        nn.update(new int[]{17, 63}, moved);
        assertArrayEquals(new float[]{9f, 9f, 9f, 9.05f}, nn.get(17));
        int[] all = IntStream.range(0, 100).toArray();
        int[][] got = nn.search(Nd4j.create(new float[][]{target}), 2, all);
        assertArrayEquals(new int[]{17, 63}, got[0]);
        x[17] = new float[]{9f, 9f, 9f, 9.05f};
        x[63] = new float[]{8.9f, 9f, 9f, 9f};
        for (int i = 0; i < 100; i++) {
            assertArrayEquals(x[i], nn.get(i), "row " + i + " after the update");
        }
    }

    /**
     * More candidates than one block holds (100 queries: 1,310 candidates a block), given in random order, and
     * every row one of 12 vectors: a query's k nearest are all tied, and the earliest positions must win across
     * the blocks.
     */
    @Test
    void tiesGoToTheEarlierCandidateAcrossBlocks() {
        SplittableRandom rng = new SplittableRandom(3);
        float[][] distinct = random(12, 5, rng);
        float[][] x = new float[6000][];
        for (int i = 0; i < x.length; i++) {
            x[i] = distinct[rng.nextInt(distinct.length)].clone();
        }
        float[][] q = random(100, 5, rng);
        ExactNearestNeighbours nn = new ExactNearestNeighbours(Nd4j.create(x));
        int[] candidates = Permutations.sample(6000, 4500, rng);
        assertTrue(candidates.length > 3 * ExactNearestNeighbours.BLOCK_PRODUCTS / q.length, "the search spans 4 blocks");
        assertAsBruteForce(nn, x, q, candidates, 25, 1);
    }

    /** k = M across blocks: every candidate, nearest first (the heaps fill over several blocks). */
    @Test
    void allCandidatesComeBackInOrderOfDistance() {
        SplittableRandom rng = new SplittableRandom(4);
        float[][] x = random(3000, 3, rng);
        float[][] q = random(200, 3, rng);
        ExactNearestNeighbours nn = new ExactNearestNeighbours(Nd4j.create(x));
        int[] candidates = Permutations.sample(3000, 2000, rng);
        long flops = org.vaepriors.engine.ProductFlops.total();
        assertAsBruteForce(nn, x, q, candidates, candidates.length, 17);
        assertEquals(2L * 200 * 2000 * 3, org.vaepriors.engine.ProductFlops.total() - flops,
                "the blocks' products, counted: each query against each candidate once");
    }

    @Test
    void repeatedCandidatesAreRefusedAndLeaveTheIndexUsable() {
        SplittableRandom rng = new SplittableRandom(5);
        float[][] x = random(50, 2, rng);
        ExactNearestNeighbours nn = new ExactNearestNeighbours(Nd4j.create(x));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> nn.search(Nd4j.rand(1, 2), 1, new int[]{3, 7, 3}));
        assertTrue(e.getMessage().contains("distinct"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> nn.search(Nd4j.rand(1, 2), 1, new int[]{3, 50}));
        float[][] q = random(4, 2, rng);
        int[] candidates = {3, 7, 9, 20, 41};
        assertAsBruteForce(nn, x, q, candidates, 3, 1);
    }

    @Test
    void impossibleQueriesAreRefused() {
        ExactNearestNeighbours nn = new ExactNearestNeighbours(Nd4j.rand(10, 3));
        assertThrows(IllegalArgumentException.class, () -> nn.search(Nd4j.rand(1, 3), 5, new int[]{1, 2}));
        assertThrows(IllegalArgumentException.class, () -> nn.search(Nd4j.rand(1, 4), 1, new int[]{1, 2}));
        assertThrows(IllegalArgumentException.class, () -> nn.update(new int[]{1}, Nd4j.rand(2, 3)));
        assertThrows(IndexOutOfBoundsException.class, () -> nn.get(10));
    }
}
