package org.vaepriors.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.clip.ClipByValue;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.nn.HostArrays;

/**
 * The Java passes of {@link HeapOps} give libnd4j's bits: the clip and the bias gradient against libnd4j's
 * ops on values with NaN, signed zeros, infinities, subnormals and the bounds themselves, and a graph with a
 * clip and a bias replayed by the engine against plain SameDiff, outputs and gradients bit for bit.
 */
class HeapOpsTest {
    private static final float[] SPECIAL = {Float.NaN, -0f, 0f, 1f, -1f, 2f, -6f, -50f, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, Math.nextUp(1f), Math.nextDown(1f), Float.MAX_VALUE};

    private static float[] values(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * Math.exp(3 * r.nextGaussian()));
        }
        System.arraycopy(SPECIAL, 0, v, 0, Math.min(n, SPECIAL.length));
        return v;
    }

    private static void assertBitwise(INDArray expected, INDArray actual) {
        float[] e = HostArrays.toFloats(expected);
        float[] a = HostArrays.toFloats(actual);
        assertEquals(e.length, a.length);
        for (int i = 0; i < e.length; i++) {
            assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), "element " + i + ": " + e[i] + " against " + a[i]);
        }
    }

    @Test
    void aClipEqualsLibnd4jsBitwise() {
        INDArray x = HostArrays.floats(values(3000, 1), 30, 100);
        for (double[] b : new double[][]{{0, 1}, {-6, 2}, {-50, Float.MAX_VALUE}}) {
            INDArray out = Nd4j.zeros(DataType.FLOAT, 30, 100);
            HeapOps.clip(x, out, b).run();
            assertBitwise(Nd4j.exec(new ClipByValue(x, b[0], b[1]))[0], out);
        }
        assertNull(HeapOps.clip(x, Nd4j.zeros(DataType.FLOAT, 30, 100), new double[]{0, 0.1}), "0.1 is no float: libnd4j's double comparison would differ");
    }

    @Test
    void aClipGradientEqualsSameDiffsSixOpsBitwiseOnSpecialValues() {
        float[] xs = values(3000, 2);
        float[] gs = values(3000, 3);
        for (int i = 0; i < SPECIAL.length; i++) { // every special x meets every special g
            for (int j = 0; j < SPECIAL.length; j++) {
                xs[100 + i * SPECIAL.length + j] = SPECIAL[i];
                gs[100 + i * SPECIAL.length + j] = SPECIAL[j];
            }
        }
        INDArray x = HostArrays.floats(xs, 30, 100);
        INDArray g = HostArrays.floats(gs, 30, 100);
        for (double[] b : new double[][]{{0, 1}, {-6, 2}, {-50, Float.MAX_VALUE}}) {
            // ClipByValue.doDiff: (float) (x > lo) * (float) (x < hi) * g
            INDArray expected = x.gt(b[0]).castTo(DataType.FLOAT).mul(x.lt(b[1]).castTo(DataType.FLOAT)).mul(g);
            INDArray out = Nd4j.zeros(DataType.FLOAT, 30, 100);
            HeapOps.clipGradient(x, g, out, b[0], b[1]).run();
            assertBitwise(expected, out);
        }
    }

    @Test
    void anAddOfOneValueEqualsLibnd4jsBitwise() {
        INDArray x = HostArrays.floats(values(4096, 5), 4096, 1);
        for (float value : SPECIAL) {
            for (INDArray b : new INDArray[]{HostArrays.floats(new float[]{value}, 1), HostArrays.floats(new float[]{value}, 1, 1)}) {
                INDArray expected = Nd4j.zeros(DataType.FLOAT, 4096, 1);
                Nd4j.exec(new AddOp(new INDArray[]{x, b}, new INDArray[]{expected}));
                INDArray out = Nd4j.zeros(DataType.FLOAT, 4096, 1);
                HeapOps.addValue(List.of(x, b), out).run();
                assertBitwise(expected, out);
            }
        }
        INDArray row = HostArrays.floats(values(100, 6), 1, 100);
        assertNull(HeapOps.addValue(List.of(x, row), Nd4j.zeros(DataType.FLOAT, 4096, 100)), "a bias row is oneDNN's");
    }

    @Test
    void aReshapeInCOrderIsACopyAndAnFOrderOneIsLeftToLibnd4j() {
        INDArray x = HostArrays.floats(values(3000, 7), 30, 100);
        INDArray out = Nd4j.zeros(DataType.FLOAT, 3000);
        HeapOps.reshape(x, out, new long[]{-'c', 3000}).run();
        assertBitwise(x.reshape('c', new long[]{3000}), out);
        assertNull(HeapOps.reshape(x, out, new long[]{-'f', 3000}), "an f-order reshape reorders the values");
    }

    @Test
    void aBiasGradientOfOneRowOrOneColumnStaysLibnd4js() {
        for (long[] s : new long[][]{{1, 300}, {300, 1}}) {
            List<INDArray> in = List.of(Nd4j.zeros(DataType.FLOAT, s), Nd4j.zeros(DataType.FLOAT, 1, s[1]), Nd4j.zeros(DataType.FLOAT, s));
            assertNull(HeapOps.biasAddGradient(in, List.of(Nd4j.zeros(DataType.FLOAT, s), Nd4j.zeros(DataType.FLOAT, 1, s[1]))),
                    "libnd4j copies one row's gradient (keeping -0) and sums one column as a scalar");
        }
    }

    @Test
    void aBiasGradientEqualsLibnd4jsAddBpBitwise() {
        for (long[] s : new long[][]{{500, 300}, {100, 40}, {7, 2}}) {
            INDArray x = Nd4j.zeros(DataType.FLOAT, s);
            INDArray b = Nd4j.zeros(DataType.FLOAT, 1, s[1]);
            INDArray g = HostArrays.floats(values((int) (s[0] * s[1]), s[0]), s);
            INDArray dx = Nd4j.zeros(DataType.FLOAT, s);
            INDArray db = Nd4j.zeros(DataType.FLOAT, 1, s[1]);
            Nd4j.exec(DynamicCustomOp.builder("add_bp").addInputs(x, b, g).addOutputs(dx, db).build());
            INDArray hx = Nd4j.zeros(DataType.FLOAT, s);
            INDArray hb = Nd4j.zeros(DataType.FLOAT, 1, s[1]);
            HeapOps.biasAddGradient(List.of(x, b, g), List.of(hx, hb)).run();
            assertBitwise(dx, hx);
            assertBitwise(db, hb);
        }
    }

    @Test
    void aClippedBiasedGraphReplaysAsSameDiffBitwiseWithTheGradientChainFused() {
        SameDiff sd = SameDiff.create();
        float[] w = values(40 * 30, 5);
        w[0] = 0.5f; // not NaN, which would make the loss NaN (the clip's NaN is tested above); infinities clip
        SDVariable pseudo = sd.var("w", HostArrays.floats(w, 40, 30));
        SDVariable bias = sd.var("b", HostArrays.floats(values(30, 6), 1, 30));
        SDVariable c = sd.placeHolder("c", DataType.FLOAT, 40, 30);
        SDVariable clipped = sd.math().clipByValue(pseudo, 0, 1);
        SDVariable loss = clipped.add(bias).mul(c).sum().rename("loss");
        sd.setLossVariables(loss);
        float[] cs = values(40 * 30, 7);
        for (int i = 0; i < SPECIAL.length; i++) {
            cs[i] = 1f + i; // where w has its special values, a gradient that shows the mask
            cs[100 + i] = Float.isFinite(SPECIAL[i]) && SPECIAL[i] != Float.MAX_VALUE ? SPECIAL[i] : 0f; // signed zeros, tiny
        }
        Map<String, INDArray> feed = Map.of("c", HostArrays.floats(cs, 40, 30));
        List<String> trainable = List.of("w", "b");

        OutAndGrad expected = sd.calculateGradientsAndOutputs(feed, List.of("loss"), trainable);
        GraphEngine engine = new GraphEngine(sd);
        OutAndGrad replayed = engine.gradientsAndOutputs(feed, List.of("loss"), trainable);

        assertEquals(3, engine.heapOps(), "the clip, its gradient and the bias gradient run in Java");
        assertBitwise(expected.getOutputs().get("loss"), replayed.getOutputs().get("loss"));
        for (String name : trainable) {
            assertBitwise(expected.getGradients().get(name), replayed.getGradients().get(name));
        }
        assertArrayEquals(new long[]{40, 30}, replayed.getGradients().get("w").shape());
    }
}
