package org.vaepriors.prior;

import java.util.Objects;
import java.util.function.Function;

import org.nd4j.autodiff.samediff.SDVariable;
import org.vaepriors.data.ImageSet;
import org.vaepriors.nn.Gaussian;
import org.vaepriors.nn.Layers;

/**
 * What a prior may use from the model it is part of, and nothing more: priors never reach into a model.
 * A prior built outside any model (a density fitted to samples) gets a {@link #standalone} context, which
 * has no encoder and no training images: a prior that needs them says so when it is created.
 */
public final class PriorContext {
    private final int latentDim;
    private final Layers.Builder layers;
    private final Function<SDVariable, Gaussian> encoder;
    private final ImageSet training;

    private PriorContext(int latentDim, Layers.Builder layers, Function<SDVariable, Gaussian> encoder, ImageSet training) {
        if (latentDim < 1) {
            throw new IllegalArgumentException("latentDim must be >= 1, got " + latentDim);
        }
        this.latentDim = latentDim;
        this.layers = Objects.requireNonNull(layers, "layers");
        this.encoder = encoder;
        this.training = training;
    }

    /**
     * The context of a prior on a VAE's top latent.
     *
     * @param latentDim the dimension of z
     * @param layers    the graph, data type and seeded generator for parameters
     * @param encoder   the model's encoder of the top latent, q(z|x) (the VampPrior applies it to its
     *                  pseudo-inputs, the Exemplar prior to its exemplars)
     * @param training  the grey-level training images (VampPrior "data" pseudo-inputs, exemplars)
     * @return the context
     */
    public static PriorContext ofModel(int latentDim, Layers.Builder layers, Function<SDVariable, Gaussian> encoder,
                                       ImageSet training) {
        return new PriorContext(latentDim, layers, Objects.requireNonNull(encoder, "encoder"),
                Objects.requireNonNull(training, "training"));
    }

    /**
     * The context of a prior on the latent of a model of data that are not images (the 25-Gaussians): it has
     * an encoder, and no training images.
     *
     * @param latentDim the dimension of z
     * @param layers    the graph, data type and seeded generator for parameters
     * @param encoder   the model's encoder, q(z|x)
     * @return the context
     */
    public static PriorContext ofEncoder(int latentDim, Layers.Builder layers, Function<SDVariable, Gaussian> encoder) {
        return new PriorContext(latentDim, layers, Objects.requireNonNull(encoder, "encoder"), null);
    }

    /**
     * The context of a prior outside any model: a density over {@code latentDim} dimensions fitted on its
     * own (LARS's 2-D illustration) or on latents sampled elsewhere.
     *
     * @param latentDim the dimension
     * @param layers    the graph, data type and seeded generator for parameters
     * @return the context
     */
    public static PriorContext standalone(int latentDim, Layers.Builder layers) {
        return new PriorContext(latentDim, layers, null, null);
    }

    /** @return the dimension of z */
    public int latentDim() {
        return latentDim;
    }

    /** @return the graph, data type and parameter generator */
    public Layers.Builder layers() {
        return layers;
    }

    /**
     * @param who the prior asking, for the message
     * @return the model's encoder of the top latent
     * @throws IllegalArgumentException in a standalone context
     */
    public Function<SDVariable, Gaussian> encoder(String who) {
        if (encoder == null) {
            throw new IllegalArgumentException(who + " needs a model's encoder: build it inside a VaeModel, not as a "
                    + "standalone density");
        }
        return encoder;
    }

    /**
     * @param who the prior asking, for the message
     * @return the grey-level training images
     * @throws IllegalArgumentException in a standalone context
     */
    public ImageSet trainingImages(String who) {
        if (training == null) {
            throw new IllegalArgumentException(who + " needs the model's training images: build it inside a VaeModel, "
                    + "not as a standalone density");
        }
        return training;
    }
}
