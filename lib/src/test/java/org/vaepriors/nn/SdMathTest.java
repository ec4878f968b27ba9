package org.vaepriors.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The graph math against closed forms computed independently, in plain double-precision Java. */
class SdMathTest {
    static final SplittableRandom RNG = new SplittableRandom(42);

    static double[][] random(int r, int c, double scale) {
        double[][] a = new double[r][c];
        for (double[] row : a) {
            for (int j = 0; j < c; j++) {
                row[j] = scale * (2 * RNG.nextDouble() - 1);
            }
        }
        return a;
    }

    static INDArray arr(double[][] a) {
        return Nd4j.create(a).castTo(DataType.DOUBLE);
    }

    static double logNormal(double[] z, double[] m, double[] logVar) {
        double s = 0;
        for (int j = 0; j < z.length; j++) {
            double v = Math.exp(logVar[j]);
            s += -0.5 * (Math.log(2 * Math.PI) + logVar[j] + (z[j] - m[j]) * (z[j] - m[j]) / v);
        }
        return s;
    }

    @Test
    void diagonalGaussianMatchesTheClosedFormWithItsLogVarianceTermUndivided() {
        double[][] z = random(5, 3, 2);
        double[][] m = random(5, 3, 1);
        double[][] lv = random(5, 3, 1.5);
        SameDiff sd = SameDiff.create();
        SDVariable out = SdMath.logNormalDiag(sd, sd.constant(arr(z)), sd.constant(arr(m)), sd.constant(arr(lv)));
        double[] got = out.eval().toDoubleVector();
        for (int i = 0; i < 5; i++) {
            assertEquals(logNormal(z[i], m[i], lv[i]), got[i], 1e-10);
        }
        SDVariable std = SdMath.logStandardNormal(sd, sd.constant(arr(z)), 3);
        assertEquals(logNormal(z[0], new double[3], new double[3]), std.eval().getDouble(0), 1e-10);
    }

    @Test
    void mixtureInMatmulFormEqualsTheNaiveLogSumExp() {
        int b = 4;
        int k = 6;
        int d = 3;
        double[][] z = random(b, d, 3);
        double[][] m = random(k, d, 2);
        double[][] lv = random(k, d, 1);
        SameDiff sd = SameDiff.create();
        SDVariable comp = SdMath.componentLogDensities(sd, sd.constant(arr(z)), sd.constant(arr(m)), sd.constant(arr(lv)), d);
        double[][] c = comp.eval().toDoubleMatrix();
        double[] mix = SdMath.mixtureLogDensity(sd, comp, k).eval().toDoubleVector();
        for (int i = 0; i < b; i++) {
            double s = 0;
            for (int j = 0; j < k; j++) {
                double lp = logNormal(z[i], m[j], lv[j]);
                assertEquals(lp, c[i][j], 1e-9);
                s += Math.exp(lp);
            }
            assertEquals(Math.log(s / k), mix[i], 1e-9);
        }
    }

    @Test
    void maskedMixtureUsesOnlyTheUnmaskedComponents() {
        double[][] z = random(3, 2, 2);
        double[][] m = random(4, 2, 2);
        double[][] lv = random(4, 2, 1);
        SameDiff sd = SameDiff.create();
        SDVariable comp = SdMath.componentLogDensities(sd, sd.constant(arr(z)), sd.constant(arr(m)), sd.constant(arr(lv)), 2);
        INDArray mask = Nd4j.create(new double[][]{{0, -1e9, 0, -1e9}});
        double[] got = SdMath.mixtureLogDensity(sd, comp, sd.constant(mask), sd.constant(Nd4j.scalar(Math.log(2))))
                .eval().toDoubleVector();
        for (int i = 0; i < 3; i++) {
            double s = Math.exp(logNormal(z[i], m[0], lv[0])) + Math.exp(logNormal(z[i], m[2], lv[2]));
            assertEquals(Math.log(s / 2), got[i], 1e-9);
        }
    }

    @Test
    void logSumExpDoesNotUnderflow() {
        SameDiff sd = SameDiff.create();
        INDArray x = Nd4j.create(new double[][]{{-1000, -1001, -1002}});
        double got = SdMath.logSumExp(sd, sd.constant(x), 1).eval().getDouble(0);
        assertEquals(-1000 + Math.log(1 + Math.exp(-1) + Math.exp(-2)), got, 1e-9);
    }

    @Test
    void bernoulliLogLikelihoodIsStableAndExact() {
        double[][] l = {{-50, -3, 0, 2.5, 60}};
        double[][] x = {{0, 1, 1, 0, 1}};
        SameDiff sd = SameDiff.create();
        double got = SdMath.bernoulliLogLik(sd, sd.constant(arr(x)), sd.constant(arr(l))).eval().getDouble(0);
        double expected = 0;
        for (int j = 0; j < 5; j++) {
            double softplus = Math.max(l[0][j], 0) + Math.log1p(Math.exp(-Math.abs(l[0][j])));
            expected += x[0][j] * l[0][j] - softplus;
        }
        assertEquals(expected, got, 1e-9);
    }

    @Test
    void hardtanhClipsToTheGivenInterval() {
        SameDiff sd = SameDiff.create();
        double[] got = SdMath.hardtanh(sd, sd.constant(Nd4j.create(new double[]{-9, -6, -1, 2, 3})), -6, 2)
                .eval().toDoubleVector();
        assertEquals(-6, got[0], 1e-12);
        assertEquals(-6, got[1], 1e-12);
        assertEquals(-1, got[2], 1e-12);
        assertEquals(2, got[3], 1e-12);
        assertEquals(2, got[4], 1e-12);
    }

    @Test
    void logSumExpOfFewTermsKeepsTheValueAndDropsOnlyGradientsBelowEToTheMinus50() {
        // rows spread over 200 nats, so that many terms lie below e^-50 of the largest
        double[][] x = random(6, 40, 100);
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.var("x", arr(x));
        SDVariable out = SdMath.logSumExpOfFewTerms(sd, in, 1);
        sd.setLossVariables(out.sum().rename("loss"));
        double[] got = out.eval().toDoubleVector();
        double[][] grad = sd.calculateGradients(null, "x").get("x").toDoubleMatrix();
        int dropped = 0;
        for (int i = 0; i < x.length; i++) {
            double max = java.util.Arrays.stream(x[i]).max().orElseThrow();
            double sum = 0;
            for (double v : x[i]) {
                sum += Math.exp(v - max);
            }
            assertEquals(max + Math.log(sum), got[i], 1e-12, "the value: terms below e^-50 add less than 40 e^-50");
            for (int j = 0; j < x[i].length; j++) {
                if (x[i][j] - max < SdMath.NEGLIGIBLE) {
                    assertEquals(0.0, grad[i][j], 0.0, "a negligible term's gradient is exactly 0");
                    dropped++;
                } else {
                    assertEquals(Math.exp(x[i][j] - max) / sum, grad[i][j], 1e-12, "d/dx of row " + i + ", term " + j);
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(dropped > 20, "the rows should hold negligible terms: " + dropped);
    }
}
