package org.vaepriors.prior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.data.ImageSet;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.model.GraphNames;
import org.vaepriors.model.VaeModel;
import org.vaepriors.testing.ChiSquare;
import org.vaepriors.testing.Tiny;

/** Each prior's log-density against a closed form, its sampler against its density, its spec's checks. */
public class PriorTest {
    static final ImageSet DATA = Tiny.images(8, 3, 1);

    public static double logNormal(double[] z, double[] m, double[] lv) {
        double s = 0;
        for (int j = 0; j < z.length; j++) {
            s += -0.5 * (Math.log(2 * Math.PI) + lv[j] + (z[j] - m[j]) * (z[j] - m[j]) / Math.exp(lv[j]));
        }
        return s;
    }

    /** log p(z) of the model's prior at the z the graph sampled, with that z recovered from mu, logVar, eps. */
    public static double[][] zAndLogPz(VaeModel<?> m, Map<String, INDArray> feed) {
        Map<String, INDArray> out = m.output(feed, GraphNames.MU, GraphNames.LOG_VAR, GraphNames.LOG_PZ);
        double[][] mu = out.get(GraphNames.MU).toDoubleMatrix();
        double[][] lv = out.get(GraphNames.LOG_VAR).toDoubleMatrix();
        double[][] eps = feed.get(GraphNames.EPS).toDoubleMatrix();
        double[] lp = out.get(GraphNames.LOG_PZ).toDoubleVector();
        double[][] res = new double[mu.length][];
        for (int i = 0; i < mu.length; i++) {
            res[i] = new double[mu[i].length + 1];
            for (int j = 0; j < mu[i].length; j++) {
                res[i][j] = mu[i][j] + Math.exp(lv[i][j] / 2) * eps[i][j];
            }
            res[i][mu[i].length] = lp[i];
        }
        return res;
    }

    @Test
    void standardGaussianIsTheClosedForm() {
        VaeModel<?> m = VaeModel.build(Tiny.arch(ArchitectureSpec.Kind.VAE, 3, 2, 4), new StandardGaussianPrior.Spec(), DATA,
                DataType.DOUBLE, 1);
        for (double[] r : zAndLogPz(m, m.feed(Tiny.binary(DATA, DataType.DOUBLE), new SplittableRandom(2), 1))) {
            assertEquals(logNormal(new double[]{r[0], r[1]}, new double[2], new double[2]), r[2], 1e-10);
        }
    }

    @Test
    void mixtureWithOneComponentIsItsGaussian() {
        VaeModel<?> m = VaeModel.build(Tiny.arch(ArchitectureSpec.Kind.VAE, 3, 2, 4), new MixtureOfGaussiansPrior.Spec(1), DATA,
                DataType.DOUBLE, 1);
        m.graph().getArrForVarName(MixtureOfGaussiansPrior.LOGVARS).assign(Nd4j.create(new double[][]{{0.3, -0.7}}));
        double[] mean = m.graph().getArrForVarName(MixtureOfGaussiansPrior.MEANS).toDoubleVector();
        for (double[] r : zAndLogPz(m, m.feed(Tiny.binary(DATA, DataType.DOUBLE), new SplittableRandom(2), 1))) {
            assertEquals(logNormal(new double[]{r[0], r[1]}, mean, new double[]{0.3, -0.7}), r[2], 1e-10);
        }
    }

    @Test
    void mixtureSamplerPicksComponentsUniformlyAndMatchesTheirMoments() {
        VaeModel<?> m = VaeModel.build(Tiny.arch(ArchitectureSpec.Kind.VAE, 3, 2, 4), new MixtureOfGaussiansPrior.Spec(4), DATA,
                DataType.DOUBLE, 1);
        double[][] means = {{-20, 0}, {20, 0}, {0, -20}, {0, 20}};
        m.graph().getArrForVarName(MixtureOfGaussiansPrior.MEANS).assign(Nd4j.create(means));
        m.graph().getArrForVarName(MixtureOfGaussiansPrior.LOGVARS).assign(Nd4j.create(new double[][]{
                {0, 0}, {Math.log(4), Math.log(4)}, {0, 0}, {0, 0}}));
        int n = 40_000;
        double[][] z = m.prior().sample(n, new SplittableRandom(8)).toDoubleMatrix();
        int[] counts = new int[4];
        double sumSq = 0;
        int inSecond = 0;
        for (double[] r : z) {
            int best = 0;
            for (int k = 1; k < 4; k++) {
                if (Math.hypot(r[0] - means[k][0], r[1] - means[k][1]) < Math.hypot(r[0] - means[best][0], r[1] - means[best][1])) {
                    best = k;
                }
            }
            counts[best]++;
            if (best == 1) {
                sumSq += (r[0] - 20) * (r[0] - 20);
                inSecond++;
            }
        }
        double chi2 = 0;
        for (int c : counts) {
            chi2 += (c - n / 4.0) * (c - n / 4.0) / (n / 4.0);
        }
        assertTrue(chi2 < ChiSquare.critical(3, 0.001), "component counts are uniform (chi-square, 3 df, p = 0.001): " + chi2);
        assertEquals(4.0, sumSq / inSecond, 0.15, "the variance of component 2 is exp(log 4)");
    }

    @Test
    void badSpecsFailFastWithTheValueNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MixtureOfGaussiansPrior.Spec(0));
        assertTrue(e.getMessage().contains("K") && e.getMessage().contains("0"));
    }
}
