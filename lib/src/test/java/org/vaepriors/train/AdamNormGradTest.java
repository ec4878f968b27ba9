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
