package org.vaepriors.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vaepriors.nn.Gaussian;
import org.vaepriors.nn.Layers;
import org.vaepriors.prior.Prior;

/**
 * The one-layer VAE: q(z|x) = gated MLP[P-H-H] with Gaussian heads; p(x|z) = gated MLP[d-H-H], then
 * linear logits (Bernoulli).
 */
final class MlpVae implements Architecture {
    private final Layers.Layer encoder;
    private final Heads heads;
    private final Layers.Layer decoder;
    private final int latentDim;

    MlpVae(ArchitectureSpec s, Layers.Builder b) {
        latentDim = s.latentDim();
        int p = s.inputDim();
        int h = s.hidden();
        int d = s.latentDim();
        encoder = Layers.chain(b.gatedDense("q_z/1", p, h), b.gatedDense("q_z/2", h, h));
        heads = new Heads(b, "q_z", h, d);
        decoder = Layers.chain(b.gatedDense("p_x/1", d, h), b.gatedDense("p_x/2", h, h), b.dense("p_x/logits", h, p));
    }

    @Override
    public Gaussian encodeTop(SDVariable x) {
        return heads.apply(encoder.apply(x));
    }

    @Override
    public Terms elbo(SameDiff sd, SDVariable x, SDVariable eps, SDVariable eps1, Prior prior) {
        return Architecture.singleLatentElbo(sd, x, eps, prior, encodeTop(x), decoder, latentDim);
    }

    @Override
    public SDVariable generate(SameDiff sd, SDVariable z, SDVariable eps1) {
        return decoder.apply(z);
    }
}
