package org.vaepriors.prior;

import java.util.Objects;
import java.util.function.Function;

import org.nd4j.autodiff.samediff.SDVariable;
import org.vaepriors.data.ImageSet;
import org.vaepriors.nn.Gaussian;
import org.vaepriors.nn.Layers;

/**
 * What a prior may use from the model it is part of, and nothing more: priors never reach into a model.
 *
 * @param latentDim the dimension of z
 * @param encoder   the model's encoder of the top latent, q(z|x) (the VampPrior applies it to its pseudo-inputs)
 * @param training  the grey-level training images (VampPrior "data" pseudo-inputs, exemplars)
 * @param layers    the graph, data type and seeded generator for parameters
 */
public record PriorContext(int latentDim, Function<SDVariable, Gaussian> encoder, ImageSet training,
                           Layers.Builder layers) {

    /** Validates the fields. */
    public PriorContext {
        if (latentDim < 1) {
            throw new IllegalArgumentException("latentDim must be >= 1, got " + latentDim);
        }
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(layers, "layers");
    }
}
