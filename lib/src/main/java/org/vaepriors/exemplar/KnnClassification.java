package org.vaepriors.exemplar;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * k-nearest-neighbour classification in a latent space (Exemplar VAE, section 5: the posterior means of a
 * better prior cluster by class): each test point takes the majority label of its k nearest training
 * points in Euclidean distance, ties going to the label whose nearest member is closest.
 *
 * @param ks            the neighbourhood sizes
 * @param accuracy      the test accuracy for each
 * @param n             test points
 * @param errorPerImage each test point's error averaged over the k (0, 1/|k|, ..., 1), for paired differences
 *                      between two latent spaces on the same test points; null in results saved before it
 */
public record KnnClassification(int[] ks, double[] accuracy, int n, double[] errorPerImage) {
    private static final int QUERY_BATCH = 500;

    /** Copies the arrays. */
    public KnnClassification {
        ks = ks.clone();
        accuracy = accuracy.clone();
        errorPerImage = errorPerImage == null ? null : errorPerImage.clone();
    }

    /**
     * @param other the same classification in another latent space, on the same test points
     * @return this one's error (averaged over k) minus the other's, paired over test points, in percentage points
     */
    public org.vaepriors.math.Estimate errorMinus(KnnClassification other) {
        if (errorPerImage == null || other.errorPerImage == null || errorPerImage.length != other.errorPerImage.length) {
            throw new IllegalArgumentException("paired kNN errors need per-image errors on the same test points");
        }
        double[] d = new double[errorPerImage.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = 100 * (errorPerImage[i] - other.errorPerImage[i]);
        }
        return org.vaepriors.math.Estimate.of(d);
    }

    /**
     * @param train       {@code [N, d]} training points
     * @param trainLabels their labels
     * @param test        {@code [n, d]} test points
     * @param testLabels  their labels
     * @param ks          neighbourhood sizes, each in [1, N]
     * @return the accuracy for each k
     */
    public static KnnClassification of(double[][] train, int[] trainLabels, double[][] test, int[] testLabels, int... ks) {
        Objects.requireNonNull(ks, "ks");
        if (train.length != trainLabels.length || test.length != testLabels.length) {
            throw new IllegalArgumentException("points and labels differ in number: " + train.length + " vs "
                    + trainLabels.length + ", " + test.length + " vs " + testLabels.length);
        }
        int kMax = Arrays.stream(ks).max().orElseThrow(() -> new IllegalArgumentException("no k given"));
        if (Arrays.stream(ks).min().getAsInt() < 1 || kMax > train.length) {
            throw new IllegalArgumentException("every k must be in [1, " + train.length + "], got " + Arrays.toString(ks));
        }
        int classes = Math.max(IntStream.of(trainLabels).max().orElse(0), IntStream.of(testLabels).max().orElse(0)) + 1;
        ExactNearestNeighbours index = new ExactNearestNeighbours(Nd4j.create(train));
        int[] all = IntStream.range(0, train.length).toArray();
        int[] correct = new int[ks.length];
        double[] error = new double[test.length];
        for (int from = 0; from < test.length; from += QUERY_BATCH) {
            int to = Math.min(test.length, from + QUERY_BATCH);
            INDArray q = Nd4j.create(Arrays.copyOfRange(test, from, to));
            int[][] nn = index.search(q, kMax, all);
            for (int i = 0; i < nn.length; i++) {
                for (int j = 0; j < ks.length; j++) {
                    if (vote(nn[i], ks[j], trainLabels, classes) == testLabels[from + i]) {
                        correct[j]++;
                    } else {
                        error[from + i] += 1.0 / ks.length;
                    }
                }
            }
        }
        double[] acc = new double[ks.length];
        for (int j = 0; j < ks.length; j++) {
            acc[j] = correct[j] / (double) test.length;
        }
        return new KnnClassification(ks, acc, test.length, error);
    }

    /** The majority label among the first k neighbours (nearest first); a tie goes to the tied label met first. */
    static int vote(int[] neighbours, int k, int[] labels, int classes) {
        int[] count = new int[classes];
        int max = 0;
        for (int i = 0; i < k; i++) {
            max = Math.max(max, ++count[labels[neighbours[i]]]);
        }
        for (int i = 0; i < k; i++) {
            if (count[labels[neighbours[i]]] == max) {
                return labels[neighbours[i]];
            }
        }
        throw new AssertionError("unreachable: k >= 1");
    }
}
