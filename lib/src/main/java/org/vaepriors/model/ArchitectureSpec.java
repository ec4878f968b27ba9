package org.vaepriors.model;

import java.util.Objects;

import org.vaepriors.nn.Init;
import org.vaepriors.runtime.Execution;

/**
 * Which VAE architecture, at which sizes (Exemplar VAE supplement, section L.1; MATH.md).
 *
 * @param kind      VAE (one stochastic layer, MLP), HVAE (two, MLP) or ConvHVAE (two, gated convolutions)
 * @param rows      image height (28)
 * @param cols      image width (28)
 * @param latentDim dimension of the top latent z (z2 in the hierarchical models) and of z1 (40)
 * @param hidden    hidden units of the gated dense layers (300)
 */
public record ArchitectureSpec(Kind kind, int rows, int cols, int latentDim, int hidden) {

    /** The architectures of the papers. */
    public enum Kind {
        /** q(z|x), p(x|z): gated MLP[784-300-300], MLP[d-300-300-784] */
        VAE,
        /** two stochastic layers, gated MLPs; the prior under study is p(z2) */
        HVAE,
        /** HVAE with gated convolutional encoders and a gated convolutional decoder head */
        CONV_HVAE,
        /**
         * LARS's one-layer VAE (Bauer &amp; Mnih, C.2): plain MLP[784-300-300] encoder and MLP[d-300-300-784]
         * decoder with tanh, the encoder giving mu and log sigma, Glorot-initialised; d = 50 in the paper
         */
        TANH_VAE
    }

    /** Validates the fields. */
    public ArchitectureSpec {
        Objects.requireNonNull(kind, "kind");
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + rows + "x" + cols);
        }
        if (latentDim < 1) {
            throw new IllegalArgumentException("latentDim must be >= 1, got " + latentDim);
        }
        if (hidden < 1) {
            throw new IllegalArgumentException("hidden must be >= 1, got " + hidden);
        }
        if (kind == Kind.CONV_HVAE && (rows % 4 != 0 || cols % 4 != 0)) {
            throw new IllegalArgumentException("ConvHVAE halves the image twice: rows and cols must be multiples of 4, got "
                    + rows + "x" + cols);
        }
    }

    /**
     * @param kind the architecture
     * @return it at the papers' sizes: 28x28 images, d = 40, 300 hidden units
     */
    public static ArchitectureSpec paper(Kind kind) {
        return new ArchitectureSpec(kind, 28, 28, 40, 300);
    }

    /**
     * @return LARS's VAE at the paper's sizes: tanh MLPs, 28x28 images, d = 50, 300 hidden units (Bauer &amp; Mnih,
     * appendix C.2)
     */
    public static ArchitectureSpec lars() {
        return new ArchitectureSpec(Kind.TANH_VAE, 28, 28, 50, 300);
    }

    /** @return how this architecture's weights are drawn: Glorot for LARS's VAE (its C.3), He for the gated ones */
    public Init.Scheme init() {
        return kind == Kind.TANH_VAE ? Init.Scheme.GLOROT : Init.Scheme.HE;
    }

    /** @return pixels per image */
    public int inputDim() {
        return rows * cols;
    }

    /**
     * @return how ND4J should execute this architecture: oneDNN's convolutions are 4x faster than libnd4j's,
     * its dense products 4x slower on these small matrices
     */
    public Execution.Settings execution() {
        return kind == Kind.CONV_HVAE ? Execution.Settings.CONVOLUTIONAL : Execution.Settings.DENSE;
    }

    /** @return true for the two-layer models (HVAE, ConvHVAE) */
    public boolean hierarchical() {
        return kind == Kind.HVAE || kind == Kind.CONV_HVAE;
    }

    /** @return a short label for tables, e.g. "HVAE" */
    public String label() {
        return switch (kind) {
            case VAE -> "VAE";
            case HVAE -> "HVAE";
            case CONV_HVAE -> "ConvHVAE";
            case TANH_VAE -> "VAE (tanh)";
        };
    }
}
