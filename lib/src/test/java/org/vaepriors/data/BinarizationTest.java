package org.vaepriors.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class BinarizationTest {
    @Test
    void bernoulliMeansMatchTheGreyLevels() {
        int n = 200_000;
        for (float p : new float[]{0f, 0.03f, 0.3f, 0.5f, 0.97f, 1f}) {
            float[] grey = new float[n];
            Arrays.fill(grey, p);
            float[] bits = new float[n];
            Binarization.bernoulli(grey, bits, Binarization.rng(11));
            double mean = 0;
            for (float b : bits) {
                assertTrue(b == 0f || b == 1f);
                mean += b;
            }
            mean /= n;
            double se = Math.sqrt(p * (1 - p) / n);
            assertEquals(p, mean, 5 * se + 1e-12, "mean of Bernoulli(" + p + ") within 5 standard errors");
        }
    }

    @Test
    void fixedSeedGivesTheSameBitsAndAnotherSeedOthers() {
        float[] px = new float[4 * 784];
        Arrays.fill(px, 0.5f);
        ImageSet s = new ImageSet("t", 28, 28, px, new int[4]);
        assertArrayEquals(s.binarized(7L).pixels(), s.binarized(7L).pixels());
        assertTrue(!Arrays.equals(s.binarized(7L).pixels(), s.binarized(8L).pixels()));
    }

    @Test
    void imageSetRejectsValuesOutsideTheUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> new ImageSet("t", 1, 2, new float[]{0f, 1.5f}, new int[1]));
        assertThrows(IllegalArgumentException.class, () -> new ImageSet("t", 1, 2, new float[]{0f}, new int[1]));
    }
}
