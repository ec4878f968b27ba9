package org.vaepriors.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vaepriors.nn.Gaussian;
import org.vaepriors.nn.Layers;
import org.vaepriors.nn.SdMath;

/**
 * A Gaussian head: mu = Linear(h), logVar = hardtanh(Linear(h), -6, 2). The clip keeps variances in
 * [e^-6, e^2], as the reference code does, so that no posterior collapses to a point or explodes.
 */
final class Heads implements java.util.function.Function<SDVariable, Gaussian> {
    static final double LOGVAR_MIN = -6;
    static final double LOGVAR_MAX = 2;

    private final SameDiff sd;
    private final Layers.Layer mu;
    private final Layers.Layer logVar;

    Heads(Layers.Builder b, String name, int in, int out) {
        this.sd = b.sd();
        this.mu = b.dense(name + "/mu", in, out);
        this.logVar = b.dense(name + "/logVar", in, out);
    }

    @Override
    public Gaussian apply(SDVariable h) {
        return new Gaussian(mu.apply(h), SdMath.hardtanh(sd, logVar.apply(h), LOGVAR_MIN, LOGVAR_MAX));
    }
}
