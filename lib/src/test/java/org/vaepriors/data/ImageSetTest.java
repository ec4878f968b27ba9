package org.vaepriors.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ImageSetTest {
    /** Four 2x3 images whose bytes cover 0, 255 and values in between. */
    private static final byte[] BYTES = new byte[24];
    private static final int[] LABELS = {3, 1, 4, 1};

    static {
        for (int i = 0; i < BYTES.length; i++) {
            BYTES[i] = (byte) (i == 0 ? 0 : i == 1 ? 255 : i * 37 % 256);
        }
    }

    /** The floats a loader would make of the bytes: k / 255 in float. */
    private static float[] asFloats(byte[] b) {
        float[] f = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            f[i] = (b[i] & 0xFF) / 255f;
        }
        return f;
    }

    @Test
    void bytesStandForExactlyTheFloatsTheyEncode() {
        ImageSet coded = ImageSet.ofBytes("b", 2, 3, BYTES, LABELS);
        ImageSet floats = new ImageSet("f", 2, 3, asFloats(BYTES), LABELS);
        assertArrayEquals(floats.pixels(), coded.pixels());
        assertEquals(0f, coded.pixels()[0]);
        assertEquals(1f, coded.pixels()[1]);
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(floats.image(i), coded.image(i));
        }
        assertArrayEquals(floats.images(1, 3), coded.images(1, 3));
        assertArrayEquals(floats.slice(1, 4).pixels(), coded.slice(1, 4).pixels());
        assertArrayEquals(floats.select(new int[]{2, 0, 2}).pixels(), coded.select(new int[]{2, 0, 2}).pixels());
        assertArrayEquals(new int[]{4, 3, 4}, coded.select(new int[]{2, 0, 2}).labels());
        assertEquals(floats.meanPixel(), coded.meanPixel());
    }

    @Test
    void imagesGatherInTheOrderGivenWithRepeats() {
        ImageSet s = new ImageSet("f", 1, 2, new float[]{0, .1f, .2f, .3f, .4f, .5f}, new int[3]);
        assertArrayEquals(new float[]{.4f, .5f, 0, .1f, .4f, .5f}, s.images(new int[]{2, 0, 2}));
        assertThrows(IndexOutOfBoundsException.class, () -> s.images(new int[]{3}));
        float[] dst = new float[4];
        s.copyImage(1, dst, 2);
        assertArrayEquals(new float[]{0, 0, .2f, .3f}, dst);
        assertThrows(IndexOutOfBoundsException.class, () -> s.copyImage(1, dst, 3));
    }

    @Test
    void binarisingCodedImagesDrawsWhatBinarisingTheirFloatsDraws() {
        ImageSet coded = ImageSet.ofBytes("b", 2, 3, BYTES, LABELS);
        float[] expected = asFloats(BYTES);
        Binarization.bernoulli(expected, expected, Binarization.rng(7L));
        assertArrayEquals(expected, coded.binarized(7L).pixels());
        assertArrayEquals(expected, new ImageSet("f", 2, 3, asFloats(BYTES), LABELS).binarized(7L).pixels());
        float[] dynamic = asFloats(BYTES);
        Binarization.bernoulli(dynamic, dynamic, new SplittableRandom(9));
        assertArrayEquals(dynamic, coded.binarized(new SplittableRandom(9)).pixels());
        // pixel 0 is 0 and pixel 1 is 1: never and always on
        assertEquals(0f, coded.binarized(7L).pixels()[0]);
        assertEquals(1f, coded.binarized(7L).pixels()[1]);
    }

    @Test
    void namedSharesTheImages() {
        ImageSet s = ImageSet.ofBytes("b", 2, 3, BYTES, LABELS).named("other");
        assertEquals("other", s.name());
        assertArrayEquals(asFloats(BYTES), s.pixels());
        assertArrayEquals(LABELS, s.labels());
    }

    @Test
    void badInputIsNamed() {
        assertThrows(IllegalArgumentException.class, () -> ImageSet.ofBytes("b", 2, 3, new byte[23], LABELS));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImageSet("f", 1, 2, new float[]{0, 1.5f}, new int[1]));
        assertEquals("f: pixel value 1.5 outside [0, 1]", e.getMessage());
    }
}
