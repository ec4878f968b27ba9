package org.vaepriors.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vaepriors.nn.Gaussian;
import org.vaepriors.nn.Layers;
import org.vaepriors.prior.Prior;

/**
 * LARS's one-layer VAE (Bauer &amp; Mnih 2019, appendix C.2), plain MLPs with tanh between hidden layers:
 * <pre>
 * q(z|x) = N(mu(x), diag sigma(x)^2),  [mu, log sigma] = MLP[P-H-H-d] (shared up to the last layer)
 * p(x|z) = Bernoulli(MLP[d-H-H-P])
 * </pre>
 * The encoder's head gives log sigma, as the paper's does; the graph carries log variance = 2 log sigma. The
 * paper states no clip on log sigma, so there is none here (the gated architectures clip log variance to
 * [-6, 2], as their reference code does). Its layers are built by the builder the model is given: Glorot
 * weights for this architecture ({@link ArchitectureSpec.Kind#TANH_VAE}).
 */
final class TanhMlpVae implements Architecture {
    private final SameDiff sd;
    private final Layers.Layer encoder;
    private final Layers.Layer mu;
    private final Layers.Layer logSigma;
    private final Layers.Layer decoder;
    private final int latentDim;

    TanhMlpVae(ArchitectureSpec s, Layers.Builder b) {
        sd = b.sd();
        latentDim = s.latentDim();
        int p = s.inputDim();
        int h = s.hidden();
        int d = s.latentDim();
        encoder = Layers.chain(b.dense("q_z/1", p, h), this::tanh, b.dense("q_z/2", h, h), this::tanh);
        mu = b.dense("q_z/mu", h, d);
        logSigma = b.dense("q_z/logSigma", h, d);
        decoder = Layers.chain(b.dense("p_x/1", d, h), this::tanh, b.dense("p_x/2", h, h), this::tanh,
                b.dense("p_x/logits", h, p));
    }

    private SDVariable tanh(SDVariable x) {
        return sd.math().tanh(x);
    }

    @Override
    public Gaussian encodeTop(SDVariable x) {
        SDVariable h = encoder.apply(x);
        return new Gaussian(mu.apply(h), logSigma.apply(h).mul(2.0));
    }

    @Override
    public Terms elbo(SameDiff graph, SDVariable x, SDVariable eps, SDVariable eps1, Prior prior) {
        return Architecture.singleLatentElbo(graph, x, eps, prior, encodeTop(x), decoder, latentDim);
    }

    @Override
    public SDVariable generate(SameDiff graph, SDVariable z, SDVariable eps1) {
        return decoder.apply(z);
    }
}
