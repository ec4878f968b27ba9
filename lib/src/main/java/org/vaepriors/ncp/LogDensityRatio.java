package org.vaepriors.ncp;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A log density ratio log r(z), e.g. the logit of a classifier that tells one distribution's samples from
 * another's: at the optimum of the binary cross-entropy, logit D(z) = log q(z) / p(z). The
 * {@link NoiseContrastivePrior} reweights its base prior by r(z).
 */
public interface LogDensityRatio {

    /** @return the dimension of z */
    int latentDim();

    /**
     * @param z {@code [n, latentDim]}
     * @return log r(z) of each row
     */
    double[] logRatio(INDArray z);

    /**
     * Adds log r(z) to a graph, frozen: its parameters enter as constants, so nothing the graph trains can
     * change it.
     *
     * @param sd     the graph
     * @param z      {@code [B, latentDim]}
     * @param prefix a prefix for the names of the constants, unique in {@code sd}
     * @return {@code [B]}
     */
    SDVariable logRatio(SameDiff sd, SDVariable z, String prefix);
}
