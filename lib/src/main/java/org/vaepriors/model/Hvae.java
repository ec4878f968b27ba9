package org.vaepriors.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vaepriors.nn.Gaussian;
import org.vaepriors.nn.Layers;
import org.vaepriors.nn.SdMath;
import org.vaepriors.prior.LogDensity;
import org.vaepriors.prior.Prior;

/**
 * The two-layer VAEs (HVAE with MLPs, ConvHVAE with gated convolutions), MATH.md:
 * <pre>
 * q(z2|x)     encoder2(x) -> heads
 * q(z1|x,z2)  gated {f(z2), encoder1(x)} -> gated H -> heads
 * p(z1|z2)    gated MLP[d-H-H] -> heads
 * p(x|z1,z2)  gated {MLP[d-H](z1), MLP[d-H](z2)} -> output stack -> logits
 * ELBO = log p(x|z1,z2) + log p(z1|z2) + log p(z2) - log q(z1|x,z2) - log q(z2|x)
 * </pre>
 * The prior under study is p(z2).
 */
final class Hvae implements Architecture {
    private final Layers.Layer encoder2;
    private final Heads heads2;
    private final Layers.Layer encoder1x;
    private final Layers.Layer encoder1z2;
    private final Layers.Layer encoder1joint;
    private final Heads heads1;
    private final Layers.Layer prior1;
    private final Heads prior1heads;
    private final Layers.Layer decoderZ1;
    private final Layers.Layer decoderZ2;
    private final Layers.Layer decoderJoint;
    private final int latentDim;

    Hvae(ArchitectureSpec s, Layers.Builder b) {
        latentDim = s.latentDim();
        int p = s.inputDim();
        int h = s.hidden();
        int d = s.latentDim();
        prior1 = Layers.chain(b.gatedDense("p_z1/1", d, h), b.gatedDense("p_z1/2", h, h));
        prior1heads = new Heads(b, "p_z1", h, d);
        decoderZ1 = b.gatedDense("p_x/z1", d, h);
        decoderZ2 = b.gatedDense("p_x/z2", d, h);
        if (s.kind() == ArchitectureSpec.Kind.CONV_HVAE) {
            int r = s.rows();
            int c = s.cols();
            int features = 6 * (r / 4) * (c / 4);
            encoder2 = Layers.chain(toImage(b.sd(), r, c), convEncoder(b, "q_z2/conv", 7, 5), flatten(b.sd(), features));
            heads2 = new Heads(b, "q_z2", features, d);
            encoder1x = Layers.chain(toImage(b.sd(), r, c), convEncoder(b, "q_z1/conv", 3, 3), flatten(b.sd(), features));
            encoder1z2 = b.gatedDense("q_z1/z2", d, features);
            encoder1joint = b.gatedDense("q_z1/joint", 2 * features, h);
            // MLP decoder to P, then four gated 3x3 convolutions of 64 channels and a 1x1 convolution to logits
            Layers.Layer[] convs = new Layers.Layer[DECODER_CONVS];
            for (int i = 0; i < convs.length; i++) {
                convs[i] = b.gatedConv("p_x/conv" + (i + 1), i == 0 ? 1 : 64, 64, 3, 1, 1);
            }
            decoderJoint = Layers.chain(b.gatedDense("p_x/joint", 2 * h, p), toImage(b.sd(), r, c), Layers.chain(convs),
                    b.conv("p_x/logits", 64, 1, 1, 1, 0), flatten(b.sd(), p));
        } else {
            encoder2 = Layers.chain(b.gatedDense("q_z2/1", p, h), b.gatedDense("q_z2/2", h, h));
            heads2 = new Heads(b, "q_z2", h, d);
            encoder1x = b.gatedDense("q_z1/x", p, h);
            encoder1z2 = b.gatedDense("q_z1/z2", d, h);
            encoder1joint = b.gatedDense("q_z1/joint", 2 * h, h);
            decoderJoint = Layers.chain(b.gatedDense("p_x/joint", 2 * h, h), b.dense("p_x/logits", h, p));
        }
        heads1 = new Heads(b, "q_z1", h, d);
    }

    /** Gated 3x3 convolutions of 64 channels in the decoder, before the 1x1 convolution to logits. */
    static final int DECODER_CONVS = 4;

    /**
     * A ConvHVAE encoder: gated convolutions, strides 1, 2, 1, 2, 1, channels 32, 32, 64, 64, 6, "same" padding;
     * kernels {@code first}, 3, {@code third}, 3, 3. The supplement (L.1 c) gives kernel 7 to the first and 5 to
     * the third layer of Encoder_z2 only, "all the other layers used 3x3"; both authors' repositories
     * (models/convHVAE_2level.py of jmtomczak/vae_vampprior and sajadn/Exemplar-VAE) build q(z2|x) with 7/5 and
     * q(z1|x, z2)'s image branch with 3x3 throughout.
     */
    private static Layers.Layer convEncoder(Layers.Builder b, String name, int first, int third) {
        return Layers.chain(b.gatedConv(name + "1", 1, 32, first, 1, first / 2), b.gatedConv(name + "2", 32, 32, 3, 2, 1),
                b.gatedConv(name + "3", 32, 64, third, 1, third / 2), b.gatedConv(name + "4", 64, 64, 3, 2, 1),
                b.gatedConv(name + "5", 64, 6, 3, 1, 1));
    }

    private static Layers.Layer toImage(SameDiff sd, int rows, int cols) {
        return x -> sd.reshape(x, -1, 1, rows, cols);
    }

    private static Layers.Layer flatten(SameDiff sd, int features) {
        return x -> sd.reshape(x, -1, features);
    }

    @Override
    public Gaussian encodeTop(SDVariable x) {
        return heads2.apply(encoder2.apply(x));
    }

    @Override
    public Terms elbo(SameDiff sd, SDVariable x, SDVariable eps, SDVariable eps1, Prior prior) {
        Gaussian q2 = encodeTop(x);
        SDVariable z2 = q2.sample(sd, eps);
        Gaussian q1 = heads1.apply(encoder1joint.apply(sd.concat(1, encoder1z2.apply(z2), encoder1x.apply(x))));
        SDVariable z1 = q1.sample(sd, eps1);
        SDVariable logQ2 = q2.logProbAtSample(sd, eps, latentDim);
        LogDensity logPz2 = prior.logDensity(sd, z2, logQ2);
        Gaussian p1 = prior1heads.apply(prior1.apply(z2));
        SDVariable logits = decode(sd, z1, z2);
        SDVariable lower = q1.logProbAtSample(sd, eps1, latentDim).sub(p1.logProb(sd, z1));
        SDVariable[] kl = Architecture.kl(logQ2, lower, logPz2);
        return new Terms(SdMath.bernoulliLogLik(sd, x, logits), kl[0], kl[1], logPz2.exact(), logits, q2);
    }

    private SDVariable decode(SameDiff sd, SDVariable z1, SDVariable z2) {
        return decoderJoint.apply(sd.concat(1, decoderZ1.apply(z1), decoderZ2.apply(z2)));
    }

    @Override
    public SDVariable generate(SameDiff sd, SDVariable z2, SDVariable eps1) {
        SDVariable z1 = prior1heads.apply(prior1.apply(z2)).sample(sd, eps1);
        return decode(sd, z1, z2);
    }
}
