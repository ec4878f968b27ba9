package org.vaepriors.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Block copies between the heap and ND4J against ND4J's element-by-element copies. */
class HostArraysTest {
    @Test
    void floatsHoldTheValuesInRowMajorOrderAsNd4jsOwnCopyDoes() {
        float[] v = {1f, -2.5f, Float.MIN_VALUE, 3e38f, 0f, -0f};
        INDArray a = HostArrays.floats(v, 2, 3);
        assertEquals(DataType.FLOAT, a.dataType());
        assertArrayEquals(new long[]{2, 3}, a.shape());
        assertEquals(Nd4j.create(v, new long[]{2, 3}, 'c'), a);
        assertArrayEquals(v, HostArrays.toFloats(a));
    }

    @Test
    void toFloatsCopiesViewsAndOtherOrdersAndTypes() {
        INDArray d = Nd4j.arange(12).castTo(DataType.DOUBLE).reshape('c', 3, 4);
        INDArray view = d.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all());
        assertArrayEquals(new float[]{4, 5, 6, 7, 8, 9, 10, 11}, HostArrays.toFloats(view));
        assertArrayEquals(new float[]{0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, HostArrays.toFloats(d.transpose()));
    }

    @Test
    void aShapeThatDoesNotHoldTheValuesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostArrays.floats(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("5"), e.getMessage());
    }
}
