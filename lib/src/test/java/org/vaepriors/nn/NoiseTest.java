package org.vaepriors.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Antithetic draws against their definition: concat(z, -z) for z drawn as {@link Noise#gaussian} draws it. */
class NoiseTest {
    @Test
    void antitheticPairsAreTheDrawsFollowedByTheirNegationsBitForBit() {
        for (DataType type : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            INDArray z = Noise.gaussian(37, 5, new SplittableRandom(3), type);
            INDArray expected = Nd4j.concat(0, z, z.neg());
            SplittableRandom rng = new SplittableRandom(3);
            INDArray pairs = Noise.antitheticGaussian(37, 5, rng, type);
            assertEquals(type, pairs.dataType());
            assertArrayEquals(new long[]{74, 5}, pairs.shape());
            assertArrayEquals(expected.data().asDouble(), pairs.data().asDouble(), 0, type + ": concat(z, -z)");
            // the generator is left where drawing z leaves it: the next draw is the same
            SplittableRandom after = new SplittableRandom(3);
            Noise.gaussian(37, 5, after, type);
            assertEquals(after.nextLong(), rng.nextLong(), type + ": the stream continues as after gaussian()");
        }
    }
}
