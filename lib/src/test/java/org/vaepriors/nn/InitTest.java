package org.vaepriors.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/** Weight initialisation against its definitions. */
class InitTest {
    @Test
    void glorotIsUniformWithinItsBoundAndHasVarianceTwoOverTheFans() {
        int in = 300;
        int out = 50;
        double[] w = Init.glorot(new SplittableRandom(1), in, out, DataType.DOUBLE, in, out).data().asDouble();
        double bound = Math.sqrt(6.0 / (in + out));
        double mean = 0;
        double sq = 0;
        for (double v : w) {
            assertTrue(Math.abs(v) <= bound, v + " outside +-" + bound);
            mean += v / w.length;
            sq += v * v / w.length;
        }
        double var = sq - mean * mean;
        // U(-r, r) has variance r^2 / 3 = 2 / (in + out); with 15,000 draws its estimate is within a few percent
        assertEquals(2.0 / (in + out), var, 0.05 * 2.0 / (in + out));
        assertEquals(0, mean, 4 * bound / Math.sqrt(3 * w.length));
    }

    @Test
    void aBuilderDrawsHeByDefaultAndGlorotWhenAsked() {
        Layers.Builder he = new Layers.Builder(SameDiff.create(), DataType.DOUBLE, new SplittableRandom(4));
        he.dense("a", 20, 10);
        double[] expected = Init.he(new SplittableRandom(4), 20, DataType.DOUBLE, 20, 10).data().asDouble();
        assertArrayEquals(expected, he.sd().getArrForVarName("a/W").data().asDouble(), 0,
                "the default builder draws the same weights as before Glorot existed");

        Layers.Builder glorot = new Layers.Builder(SameDiff.create(), DataType.DOUBLE, new SplittableRandom(4)).withInit(Init.Scheme.GLOROT);
        glorot.dense("a", 20, 10);
        assertArrayEquals(Init.glorot(new SplittableRandom(4), 20, 10, DataType.DOUBLE, 20, 10).data().asDouble(),
                glorot.sd().getArrForVarName("a/W").data().asDouble(), 0);
        assertEquals(0, glorot.sd().getArrForVarName("a/b").sumNumber().doubleValue(), 0, "biases start at zero");
    }
}
