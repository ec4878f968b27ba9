package org.vaepriors.nn;

import java.util.SplittableRandom;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer builders the architectures are made of. Each layer creates its weights once, as named SameDiff
 * variables, and can be applied to several inputs (the VampPrior applies the encoder to its
 * pseudo-inputs with the same weights).
 */
public final class Layers {
    private Layers() {
    }

    /** A function of one SameDiff variable, e.g. a layer. */
    public interface Layer {
        /**
         * @param x the input
         * @return the output
         */
        SDVariable apply(SDVariable x);
    }

    /**
     * What every layer builder needs: the graph, the dtype, the seeded generator for weights and how weights
     * are drawn ({@link Init.Scheme#HE} unless a model asks for another).
     *
     * @param sd    the graph
     * @param dtype the parameters' data type
     * @param rng   the weights' generator, shared by every layer built from it (the order of layers fixes the draws)
     * @param init  how dense and convolutional weights are drawn
     */
    public record Builder(SameDiff sd, DataType dtype, SplittableRandom rng, Init.Scheme init) {

        /**
         * A builder with He-normal weights, the initialisation of the gated architectures.
         *
         * @param sd    the graph
         * @param dtype the data type
         * @param rng   the weights' generator
         */
        public Builder(SameDiff sd, DataType dtype, SplittableRandom rng) {
            this(sd, dtype, rng, Init.Scheme.HE);
        }

        /**
         * @param scheme how weights are drawn
         * @return a builder on the same graph and generator drawing weights that way
         */
        public Builder withInit(Init.Scheme scheme) {
            return new Builder(sd, dtype, rng, scheme);
        }

        /** Weights of shape {@code shape} with the given fans, drawn by this builder's scheme. */
        private INDArray weights(long fanIn, long fanOut, long... shape) {
            return init == Init.Scheme.GLOROT ? Init.glorot(rng, fanIn, fanOut, dtype, shape) : Init.he(rng, fanIn, dtype, shape);
        }

        /**
         * y = x W + b.
         *
         * @param name a unique prefix for the variables
         * @param in   input units
         * @param out  output units
         * @return the layer
         */
        public Layer dense(String name, int in, int out) {
            SDVariable w = sd.var(name + "/W", weights(in, out, in, out));
            SDVariable b = sd.var(name + "/b", Nd4j.zeros(dtype, 1, out));
            // not sd.nn().linear (xw_plus_b): its gradients fail this project's finite-difference checks in M2.1
            return x -> x.mmul(w).add(b);
        }

        /**
         * The gated dense layer of Dauphin et al.: h = (x W_h + b_h) * sigmoid(x W_g + b_g). Two separate
         * products: a fused product split in two gives wrong gradients in SameDiff M2.1.
         *
         * @param name a unique prefix for the variables
         * @param in   input units
         * @param out  output units
         * @return the layer
         */
        public Layer gatedDense(String name, int in, int out) {
            Layer h = dense(name + "/h", in, out);
            Layer g = dense(name + "/g", in, out);
            return x -> h.apply(x).mul(sd.nn().sigmoid(g.apply(x)));
        }

        /**
         * A 2-D convolution, NCHW.
         *
         * @param name   a unique prefix for the variables
         * @param inCh   input channels
         * @param outCh  output channels
         * @param kernel kernel size (square)
         * @param stride stride
         * @param pad    zero padding on each side
         * @return the layer
         */
        public Layer conv(String name, int inCh, int outCh, int kernel, int stride, int pad) {
            SDVariable w = sd.var(name + "/W", weights((long) inCh * kernel * kernel, (long) outCh * kernel * kernel,
                    kernel, kernel, inCh, outCh));
            SDVariable b = sd.var(name + "/b", Nd4j.zeros(dtype, outCh));
            Conv2DConfig cfg = Conv2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride)
                    .pH(pad).pW(pad).dH(1).dW(1).paddingMode(PaddingMode.VALID)
                    .dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.YXIO).build();
            return x -> sd.cnn().conv2d(x, w, b, cfg);
        }

        /**
         * A gated convolution: (conv_h(x)) * sigmoid(conv_g(x)).
         *
         * @param name   a unique prefix for the variables
         * @param inCh   input channels
         * @param outCh  output channels
         * @param kernel kernel size
         * @param stride stride
         * @param pad    padding
         * @return the layer
         */
        public Layer gatedConv(String name, int inCh, int outCh, int kernel, int stride, int pad) {
            Layer h = conv(name + "/h", inCh, outCh, kernel, stride, pad);
            Layer g = conv(name + "/g", inCh, outCh, kernel, stride, pad);
            return x -> h.apply(x).mul(sd.nn().sigmoid(g.apply(x)));
        }
    }

    /**
     * @param layers layers to apply in order
     * @return their composition
     */
    public static Layer chain(Layer... layers) {
        return x -> {
            SDVariable y = x;
            for (Layer l : layers) {
                y = l.apply(y);
            }
            return y;
        };
    }
}
