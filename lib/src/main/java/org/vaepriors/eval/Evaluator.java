package org.vaepriors.eval;

import java.util.Arrays;
import java.util.Map;
import java.util.random.RandomGenerator;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaepriors.data.ImageSet;
import org.vaepriors.math.Estimate;
import org.vaepriors.model.ElboTerms;
import org.vaepriors.model.GraphNames;
import org.vaepriors.model.VaeModel;
import org.vaepriors.nn.HostArrays;
import org.vaepriors.prior.PriorStatistics;

/**
 * Evaluates a trained {@link VaeModel} on binarised test images: the ELBO split into reconstruction and KL,
 * the importance-weighted log-likelihood, and the active units. Every prior is evaluated exactly (all
 * components; no sub-sampling, no leave-one-out).
 */
public final class Evaluator {
    private static final int BATCH = 500;

    private Evaluator() {
    }

    /**
     * @param model the model
     * @return its log importance weights, log p(x, z) - log q(z|x) with z ~ q(z|x), one per row
     */
    public static LogWeights logWeights(VaeModel<?> model) {
        return (x, rng) -> model.evaluate(x, rng, GraphNames.ELBO).get(GraphNames.ELBO)
                .castTo(DataType.DOUBLE).toDoubleVector();
    }

    /**
     * @param model      the model
     * @param testBinary binarised test images
     * @param spec       the evaluation settings
     * @param rng        the generator
     * @return the metrics
     */
    public static EvalResult evaluate(VaeModel<?> model, ImageSet testBinary, EvalSpec spec, RandomGenerator rng) {
        ImageSet test = spec.testLimit() > 0 ? testBinary.limit(spec.testLimit()) : testBinary;
        ElboTerms t = model.elbo(test, rng, BATCH);
        ImportanceSampler is = new ImportanceSampler(spec.iwSamples(), model.evaluationRows(BATCH));
        double[] ll = is.logLikelihoods(logWeights(model), test, rng);
        Estimate nll = Estimate.of(Arrays.stream(ll).map(v -> -v).toArray());
        ActiveUnits au = ActiveUnits.of(posteriorMeans(model, test));
        Map<String, Estimate> stats = model.prior() instanceof PriorStatistics p ? p.statistics() : Map.of();
        return new EvalResult(test.size(), t.reconstruction(), t.kl(), t.negativeElbo(), nll.mean(),
                nll.standardError(), spec.iwSamples(), au.count(), au.variances(), ll, stats, t.klPerExample(),
                Arrays.stream(t.logPx()).map(v -> -v).toArray());
    }

    /**
     * @param model the model
     * @param data  images (binarised)
     * @return the posterior means of the top latent, {@code [N][d]}
     */
    public static double[][] posteriorMeans(VaeModel<?> model, ImageSet data) {
        int n = data.size();
        int p = data.dim();
        double[][] out = new double[n][];
        RandomGenerator unused = new java.util.SplittableRandom(0); // the mean does not depend on the noise
        for (int from = 0; from < n; from += BATCH) {
            int b = Math.min(BATCH, n - from);
            INDArray x = HostArrays.floats(data.images(from, from + b), b, p);
            Map<String, INDArray> o = model.evaluate(x, unused, GraphNames.MU);
            x.close();
            double[][] mu = o.get(GraphNames.MU).castTo(DataType.DOUBLE).toDoubleMatrix();
            System.arraycopy(mu, 0, out, from, b);
        }
        return out;
    }
}
