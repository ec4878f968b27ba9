package org.vaepriors.exemplar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** kNN classification against a brute-force vote written out here. */
class KnnClassificationTest {

    @Test
    void matchesBruteForceVoting() {
        SplittableRandom rng = new SplittableRandom(1);
        int n = 300;
        int m = 120;
        double[][] train = new double[n][3];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(4);
            for (int j = 0; j < 3; j++) {
                train[i][j] = labels[i] * (j == 0 ? 1.0 : 0.0) + rng.nextGaussian() * 0.8;
            }
        }
        double[][] test = new double[m][3];
        int[] testLabels = new int[m];
        for (int i = 0; i < m; i++) {
            testLabels[i] = rng.nextInt(4);
            for (int j = 0; j < 3; j++) {
                test[i][j] = testLabels[i] * (j == 0 ? 1.0 : 0.0) + rng.nextGaussian() * 0.8;
            }
        }
        int[] ks = {1, 3, 7, 15};
        KnnClassification r = KnnClassification.of(train, labels, test, testLabels, ks);
        for (int j = 0; j < ks.length; j++) {
            int k = ks[j];
            int correct = 0;
            for (int i = 0; i < m; i++) {
                double[] q = test[i];
                int[] nn = IntStream.range(0, n).boxed().sorted((a, b) -> Double.compare(d(q, train[a]), d(q, train[b])))
                        .limit(k).mapToInt(Integer::intValue).toArray();
                int[] count = new int[4];
                for (int c : nn) {
                    count[labels[c]]++;
                }
                int max = IntStream.of(count).max().getAsInt();
                int vote = IntStream.of(nn).map(c -> labels[c]).filter(l -> count[l] == max).findFirst().getAsInt();
                if (vote == testLabels[i]) {
                    correct++;
                }
            }
            assertEquals(correct / (double) m, r.accuracy()[j], 1e-12, "k = " + k);
        }
    }

    static double d(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += (a[j] - b[j]) * (a[j] - b[j]);
        }
        return s;
    }

    @Test
    void tiesGoToTheLabelMetFirst() {
        assertEquals(2, KnnClassification.vote(new int[]{0, 1, 2, 3}, 4, new int[]{2, 5, 5, 2}, 6));
        assertEquals(5, KnnClassification.vote(new int[]{1, 0, 2, 3}, 3, new int[]{2, 5, 5, 2}, 6));
    }

    @Test
    void rejectsImpossibleK() {
        double[][] p = {{0}, {1}};
        assertThrows(IllegalArgumentException.class, () -> KnnClassification.of(p, new int[]{0, 1}, p, new int[]{0, 1}, 3));
        assertThrows(IllegalArgumentException.class, () -> KnnClassification.of(p, new int[]{0, 1}, p, new int[]{0, 1}, 0));
    }
}
