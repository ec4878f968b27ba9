package org.vaepriors.model;

/** The names of the placeholders and outputs of a {@link VaeModel}'s SameDiff graph. */
public final class GraphNames {
    private GraphNames() {
    }

    /** Placeholder: binarised images {@code [B, P]}. */
    public static final String X = "x";
    /** Placeholder: standard normal noise for the top latent {@code [B, d]}. */
    public static final String EPS = "eps";
    /** Placeholder: standard normal noise for z1 in hierarchical models {@code [B, d]}. */
    public static final String EPS1 = "eps1";
    /** Placeholder: the KL weight of the warm-up, a scalar. */
    public static final String BETA = "beta";
    /** Output: the training loss, mean over the batch of -(log p(x|z) - beta KL), a scalar (KL from the prior's training branch). */
    public static final String LOSS = "loss";
    /** Output: log p(x|z), {@code [B]}. */
    public static final String LOG_PX = "logPx";
    /** Output: the single-sample KL, log q(z|x) - log p(z) over all latents, {@code [B]}. */
    public static final String KL = "kl";
    /**
     * Output: the KL the training loss uses, {@code [B]}: {@link #KL} itself unless the prior has a training
     * branch (leave-one-out, retrieval, smoothed normaliser); see {@link VaeModel#trainingKl()}.
     */
    public static final String KL_TRAINING = "klTraining";
    /** Output: log p(z) of the prior under study (top latent), {@code [B]}. */
    public static final String LOG_PZ = "logPz";
    /** Output: log p(x|z) - KL: the ELBO sample, and the log importance weight, {@code [B]}. */
    public static final String ELBO = "elbo";
    /** Output: the posterior mean of the top latent, {@code [B, d]}. */
    public static final String MU = "mu";
    /** Output: the posterior log-variance of the top latent, {@code [B, d]}. */
    public static final String LOG_VAR = "logVar";
    /** Output: decoder logits of the reconstruction, {@code [B, P]}. */
    public static final String LOGITS = "logits";
    /** Placeholder: a top latent to decode, {@code [B, d]}. */
    public static final String Z_GEN = "zGen";
    /** Placeholder: noise for z1 ~ p(z1|z2) when generating, {@code [B, d]}. */
    public static final String EPS1_GEN = "eps1Gen";
    /** Output: decoder logits of generated images, {@code [B, P]}. */
    public static final String LOGITS_GEN = "logitsGen";
}
