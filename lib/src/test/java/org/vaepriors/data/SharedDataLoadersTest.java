package org.vaepriors.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vaepriors.testing.SharedData;

/** The loaders on the real offline files (skipped when the data folder is absent). */
class SharedDataLoadersTest {
    static Path data;

    @BeforeAll
    static void locate() {
        data = SharedData.dir();
    }

    @Test
    void fashionMnistHasThePapersSplitAndVerifiedContent() {
        assumeTrue(data != null && Datasets.available(data).contains(DatasetId.FASHION_MNIST));
        ImageDataset d = Datasets.load(DatasetId.FASHION_MNIST, data);
        assertEquals(50_000, d.train().size());
        assertEquals(10_000, d.validation().size());
        assertEquals(10_000, d.test().size());
        assertEquals(784, d.train().dim());
        assertEquals("c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
                d.provenance().files().get(0).sha256());
        // Fashion-MNIST's mean grey level is about 0.286 (72.94 / 255)
        assertEquals(0.286, d.train().meanPixel(), 0.005);
        int[] counts = new int[10];
        for (int y : d.test().labels()) {
            counts[y]++;
        }
        for (int c : counts) {
            assertEquals(1000, c, "the test set has 1,000 images of each class");
        }
    }

    @Test
    void mnist10kBlocksAreClassBalanced() {
        assumeTrue(data != null && Datasets.available(data).contains(DatasetId.MNIST_10K));
        ImageDataset d = Datasets.load(DatasetId.MNIST_10K, data);
        assertEquals(7_000, d.train().size());
        assertEquals(1_000, d.validation().size());
        assertEquals(2_000, d.test().size());
        int[] counts = new int[10];
        for (int y : d.validation().labels()) {
            counts[y]++;
        }
        for (int c : counts) {
            assertEquals(100, c);
        }
        // MNIST's mean grey level is about 0.1307
        assertEquals(0.1307, d.train().meanPixel(), 0.01);
    }

    @Test
    void omniglotSmallIsDeduplicatedAndSplitByDrawer() {
        assumeTrue(data != null && Datasets.available(data).contains(DatasetId.OMNIGLOT_SMALL));
        ImageDataset d = Datasets.load(DatasetId.OMNIGLOT_SMALL, data);
        // 4,840 distinct images = 242 characters x 20 drawers; 5 drawers each to test
        assertEquals(242 * 5, d.test().size());
        assertEquals(200, d.validation().size());
        assertEquals(242 * 15 - 200, d.train().size());
        int maxLabel = 0;
        for (int y : d.test().labels()) {
            maxLabel = Math.max(maxLabel, y);
        }
        assertEquals(241, maxLabel);
        double ink = d.train().meanPixel();
        assertTrue(ink > 0.05 && ink < 0.3, "strokes cover a minority of the pixels, got " + ink);
    }

    @Test
    void evaluationBinarisationIsFixed() {
        assumeTrue(data != null && Datasets.available(data).contains(DatasetId.MNIST_10K));
        ImageDataset a = Datasets.load(DatasetId.MNIST_10K, data);
        ImageDataset b = Datasets.load(DatasetId.MNIST_10K, data);
        assertTrue(java.util.Arrays.equals(a.testBinary().pixels(), b.testBinary().pixels()));
        assertTrue(a.testBinary() == a.testBinary(), "binarised once, then cached");
    }
}
