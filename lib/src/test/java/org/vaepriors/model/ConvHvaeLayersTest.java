package org.vaepriors.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.vaepriors.data.ImageSet;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.testing.Tiny;

/**
 * ConvHVAE against the authors' code (models/convHVAE_2level.py in jmtomczak/vae_vampprior and in
 * sajadn/Exemplar-VAE, which agree) and the Exemplar VAE supplement, L.1 c: kernels 7 and 5 in the first and
 * third layers of q(z2|x)'s convolutions only, 3x3 everywhere else, and four gated 64-channel 3x3 convolutions in
 * the decoder before the 1x1 convolution to logits.
 */
class ConvHvaeLayersTest {
    private static final VaeModel<?> MODEL;

    static {
        ImageSet data = Tiny.images(4, 28, 1);
        MODEL = VaeModel.build(ArchitectureSpec.paper(ArchitectureSpec.Kind.CONV_HVAE), new StandardGaussianPrior.Spec(),
                data, DataType.FLOAT, 1);
    }

    private static long[] shape(String name) {
        return MODEL.graph().getArrForVarName(name).shape();
    }

    @Test
    void onlyTheTopEncoderHasTheLargeKernels() {
        // weights are [kH, kW, in, out]
        assertArrayEquals(new long[]{7, 7, 1, 32}, shape("q_z2/conv1/h/W"));
        assertArrayEquals(new long[]{5, 5, 32, 64}, shape("q_z2/conv3/g/W"));
        assertArrayEquals(new long[]{3, 3, 1, 32}, shape("q_z1/conv1/h/W"));
        assertArrayEquals(new long[]{3, 3, 32, 64}, shape("q_z1/conv3/g/W"));
    }

    @Test
    void theDecoderHasFourGatedConvolutionsThenOneByOne() {
        assertArrayEquals(new long[]{3, 3, 1, 64}, shape("p_x/conv1/h/W"));
        for (int i = 2; i <= 4; i++) {
            assertArrayEquals(new long[]{3, 3, 64, 64}, shape("p_x/conv" + i + "/g/W"));
        }
        assertFalse(MODEL.parameterNames().stream().anyMatch(n -> n.startsWith("p_x/conv5")));
        assertArrayEquals(new long[]{1, 1, 64, 1}, shape("p_x/logits/W"));
    }

    /** The authors' PyTorch model with d = 40, h_size = 294 (6 x 7 x 7), counted layer by layer from their code. */
    @Test
    void theParameterCountIsTheAuthorsModels() {
        long d = 40;
        long h = 294;
        long expected = gatedConv(1, 32, 7) + gatedConv(32, 32, 3) + gatedConv(32, 64, 5) + gatedConv(64, 64, 3)
                + gatedConv(64, 6, 3)                                           // q_z2_layers
                + 2 * linear(h, d)                                              // q_z2 mean, logvar
                + gatedConv(1, 32, 3) + gatedConv(32, 32, 3) + gatedConv(32, 64, 3) + gatedConv(64, 64, 3)
                + gatedConv(64, 6, 3)                                           // q_z1_layers_x
                + gatedDense(d, h) + gatedDense(2 * h, 300) + 2 * linear(300, d) // q_z1 z2, joint, heads
                + gatedDense(d, 300) + gatedDense(300, 300) + 2 * linear(300, d) // p_z1
                + 2 * gatedDense(d, 300) + gatedDense(600, 784)                 // p_x z1, z2, joint_pre
                + gatedConv(1, 64, 3) + 3 * gatedConv(64, 64, 3)                // p_x_layers_joint
                + (64 + 1);                                                     // p_x_mean: Conv2d(64, 1, 1)
        assertEquals(expected, MODEL.parameterCount());
    }

    private static long linear(long in, long out) {
        return in * out + out;
    }

    private static long gatedDense(long in, long out) {
        return 2 * linear(in, out);
    }

    private static long gatedConv(long in, long out, long k) {
        return 2 * (in * out * k * k + out);
    }
}
