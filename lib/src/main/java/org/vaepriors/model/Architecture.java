package org.vaepriors.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vaepriors.nn.Gaussian;
import org.vaepriors.nn.Layers;
import org.vaepriors.nn.SdMath;
import org.vaepriors.prior.LogDensity;
import org.vaepriors.prior.Prior;

/**
 * A VAE architecture built into a SameDiff graph: its encoder of the top latent (shared with priors
 * that need it), its ELBO terms for a batch, and its generator.
 */
interface Architecture {

    /**
     * q(z_top | x); may be applied to several inputs with the same weights.
     *
     * @param x {@code [B, P]}
     * @return the Gaussian
     */
    Gaussian encodeTop(SDVariable x);

    /**
     * The single-sample ELBO terms.
     *
     * @param sd     the graph
     * @param x      {@code [B, P]}
     * @param eps    {@code [B, d]} noise for the top latent
     * @param eps1   {@code [B, d]} noise for z1, or null for the one-layer VAE
     * @param prior  the prior on the top latent
     * @return the terms
     */
    Terms elbo(SameDiff sd, SDVariable x, SDVariable eps, SDVariable eps1, Prior prior);

    /**
     * Decoder logits for a given top latent (z1 drawn from p(z1|z2) in hierarchical models).
     *
     * @param sd   the graph
     * @param z    {@code [B, d]}
     * @param eps1 {@code [B, d]} noise for z1, or null for the VAE
     * @return {@code [B, P]}
     */
    SDVariable generate(SameDiff sd, SDVariable z, SDVariable eps1);

    /**
     * The ELBO's terms of a model with one stochastic layer: z ~ q(z|x) by reparameterisation, the prior at z, a
     * Bernoulli decoder.
     *
     * @param sd        the graph
     * @param x         the binary images
     * @param eps       the sample's noise
     * @param prior     the prior on z
     * @param q         q(z|x)
     * @param decoder   z to logits
     * @param latentDim d
     * @return the terms
     */
    static Terms singleLatentElbo(SameDiff sd, SDVariable x, SDVariable eps, Prior prior, Gaussian q,
                                  Layers.Layer decoder, int latentDim) {
        SDVariable z = q.sample(sd, eps);
        SDVariable logQ = q.logProbAtSample(sd, eps, latentDim);
        LogDensity logPz = prior.logDensity(sd, z, logQ);
        SDVariable logits = decoder.apply(z);
        SDVariable[] kl = kl(logQ, null, logPz);
        return new Terms(SdMath.bernoulliLogLik(sd, x, logits), kl[0], kl[1], logPz.exact(), logits, q);
    }

    /**
     * KL terms for evaluation and training: {@code log q(z|x) + lower - log p(z)} with the prior's two forms.
     *
     * @param logQ  log q(z_top|x) at the sample
     * @param lower the model's own terms of the lower latents, log q(z1|...) - log p(z1|z2), or null
     * @param logPz the prior's log-density at the sample
     * @return {kl, klTraining}; the same variable twice for a prior trained as it is evaluated
     */
    static SDVariable[] kl(SDVariable logQ, SDVariable lower, LogDensity logPz) {
        SDVariable rest = lower == null ? logQ : logQ.add(lower);
        SDVariable kl = rest.sub(logPz.exact());
        return new SDVariable[]{kl, logPz.trainsOnEstimate() ? rest.sub(logPz.training()) : kl};
    }

    /**
     * @param logPx  log p(x | z...) {@code [B]}
     * @param kl     log q(z...|x) - log p(z...) over all latents {@code [B]}
     * @param klTraining the same with the prior's training form ({@link LogDensity#training}); the same
     *               variable as {@code kl} for priors without one
     * @param logPz  log p(z_top) under the prior under study {@code [B]}
     * @param logits decoder logits {@code [B, P]}
     * @param qTop   the posterior of the top latent
     */
    record Terms(SDVariable logPx, SDVariable kl, SDVariable klTraining, SDVariable logPz, SDVariable logits, Gaussian qTop) {
    }
}
