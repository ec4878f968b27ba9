package org.vaepriors.nn;

import java.util.Objects;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A diagonal Gaussian in the graph: the output of an encoder or a conditional prior.
 *
 * @param mean   {@code [B, D]}
 * @param logVar {@code [B, D]}, log of the variances
 */
public record Gaussian(SDVariable mean, SDVariable logVar) {

    /** Validates the fields. */
    public Gaussian {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(logVar, "logVar");
    }

    /**
     * The reparameterised sample z = mean + exp(logVar / 2) * eps.
     *
     * @param sd  the graph
     * @param eps {@code [B, D]} standard normal noise, fed as a placeholder from a seeded generator
     * @return {@code [B, D]}
     */
    public SDVariable sample(SameDiff sd, SDVariable eps) {
        return mean.add(sd.math().exp(logVar.mul(0.5)).mul(eps));
    }

    /**
     * @param sd  the graph
     * @param eps the noise that drew a sample with {@link #sample}
     * @param d   the dimension
     * @return log N(z; mean, diag exp(logVar)) at that sample, {@code [B]}
     */
    public SDVariable logProbAtSample(SameDiff sd, SDVariable eps, int d) {
        return SdMath.logNormalAtSample(sd, logVar, eps, d);
    }

    /**
     * @param sd the graph
     * @param z  {@code [B, D]}
     * @return log N(z; mean, diag exp(logVar)), {@code [B]}
     */
    public SDVariable logProb(SameDiff sd, SDVariable z) {
        return SdMath.logNormalDiag(sd, z, mean, logVar);
    }
}
