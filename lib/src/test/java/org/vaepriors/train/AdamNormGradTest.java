package org.vaepriors.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdamNormGradTest {
    @Test
    void theFloatPathMatchesTheNativePathAndRefusesANonFiniteGradient() {
        double[] p0 = {0.5, -1.0, 2.0, 0.25};
        double[][] grads = {{3, 4, 0, 1}, {-1, 2, 2, -3}, {0.5, 0.1, -2, 1}};
        AdamNormGrad heap = new AdamNormGrad(0.01, true);
        AdamNormGrad nat = new AdamNormGrad(0.01, true);
        INDArray pf = Nd4j.create(p0).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).reshape(2, 2);
        INDArray pd = Nd4j.create(p0).reshape(2, 2);
        for (double[] g : grads) {
            INDArray gf = Nd4j.create(g).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).reshape(2, 2);
            heap.update(new HashMap<>(Map.of("w", pf)), new HashMap<>(Map.of("w", gf)), List.of("w"));
            nat.update(new HashMap<>(Map.of("w", pd)), new HashMap<>(Map.of("w", Nd4j.create(g).reshape(2, 2))), List.of("w"));
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(pd.getDouble(i), pf.getDouble(i), 1e-6);
        }
        INDArray before = pf.dup();
        INDArray bad = Nd4j.create(new float[]{1, Float.NaN, 0, 0}, new long[]{2, 2}, 'c');
        String why = heap.updateIfFinite(new HashMap<>(Map.of("w", pf)), new HashMap<>(Map.of("w", bad)), List.of("w"));
        assertEquals("w (gradient norm NaN)", why);
        assertEquals(before, pf);
        assertEquals(3, heap.steps());
    }

    @Test
    void twoStepsMatchAHandComputation() {
        double[] p0 = {0.5, -1.0, 2.0};
        double[][] grads = {{3, 4, 0}, {-1, 2, 2}};
        double lr = 0.01;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        // by hand, in plain doubles
        double[] p = p0.clone();
        double[] m = new double[3];
        double[] v = new double[3];
        for (int t = 1; t <= 2; t++) {
            double[] g = grads[t - 1];
            double norm = Math.sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]) + 1e-7;
            for (int i = 0; i < 3; i++) {
                double gi = g[i] / norm;
                m[i] = b1 * m[i] + (1 - b1) * gi;
                v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                double mhat = m[i] / (1 - Math.pow(b1, t));
                double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
                p[i] -= lr * mhat / denom;
            }
        }
        AdamNormGrad adam = new AdamNormGrad(lr, b1, b2, eps, true);
        INDArray param = Nd4j.create(p0);
        Map<String, INDArray> params = new HashMap<>(Map.of("w", param));
        for (double[] g : grads) {
            adam.update(params, new HashMap<>(Map.of("w", Nd4j.create(g))), List.of("w"));
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(p[i], param.getDouble(i), 1e-12);
        }
        assertEquals(2, adam.steps());
    }
}
