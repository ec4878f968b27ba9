package org.vaepriors.nn;

import java.util.Arrays;
import java.util.Objects;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Float arrays between the Java heap and ND4J in one block copy.
 *
 * <p>Why: ND4J M2.1's {@code Nd4j.create(float[], ...)} and {@code DataBuffer.asFloat} copy one element at a
 * time through a virtual call (about 10 ns per float): building the Exemplar prior's 50,000 x 784 exemplar
 * matrix took 0.4 s, every training batch and importance-sampling batch paid the same per pixel.
 * {@code FloatPointer.put/get} is a memcpy.
 */
public final class HostArrays {
    private HostArrays() {
    }

    /**
     * @param values the values, row-major (copied)
     * @param shape  the shape; its product must be {@code values.length}
     * @return a c-order FLOAT array holding {@code values}
     */
    public static INDArray floats(float[] values, long... shape) {
        Objects.requireNonNull(values, "values");
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (n != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, got "
                    + values.length);
        }
        INDArray a = Nd4j.create(DataType.FLOAT, shape, 'c');
        write(values, a);
        return a;
    }

    /**
     * @param a any FLOAT array (a view or another order is copied to c order first)
     * @return its values, row-major
     */
    public static float[] toFloats(INDArray a) {
        INDArray c = isBlock(a) ? a : a.castTo(DataType.FLOAT).dup('c');
        return read(c, new float[(int) c.length()]);
    }

    /**
     * @param a    a FLOAT array that {@link #isBlock is one block}
     * @param into where its values go, row-major ({@code a.length()} of them)
     * @return {@code into}
     */
    public static float[] read(INDArray a, float[] into) {
        pointer(a).get(into, 0, (int) a.length());
        return into;
    }

    /**
     * @param values the values, row-major ({@code a.length()} of them)
     * @param a      a FLOAT array that {@link #isBlock is one block}, overwritten
     */
    public static void write(float[] values, INDArray a) {
        pointer(a).put(values, 0, (int) a.length());
    }

    /**
     * @param a an array, or null
     * @return whether it is a FLOAT array that is its whole buffer in c order, so that {@link #read} and
     * {@link #write} copy it in one block
     */
    public static boolean isBlock(INDArray a) {
        return a != null && a.dataType() == DataType.FLOAT && a.ordering() == 'c' && a.offset() == 0
                && a.data().length() == a.length() && a.elementWiseStride() == 1;
    }

    private static FloatPointer pointer(INDArray a) {
        return (FloatPointer) a.data().pointer();
    }
}
