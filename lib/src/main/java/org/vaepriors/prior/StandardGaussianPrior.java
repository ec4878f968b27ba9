package org.vaepriors.prior;

import java.util.random.RandomGenerator;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaepriors.nn.Noise;
import org.vaepriors.nn.SdMath;

/**
 * The standard Gaussian prior p(z) = N(z; 0, I): the baseline of every paper here.
 *
 * <pre>
 * Kingma &amp; Welling, Auto-Encoding Variational Bayes, ICLR 2014.
 * </pre>
 */
public final class StandardGaussianPrior extends AbstractPrior<StandardGaussianPrior.Spec> {

    /** The standard Gaussian has no hyper-parameters. */
    public record Spec() implements PriorSpec<StandardGaussianPrior> {
        @Override
        public StandardGaussianPrior create(PriorContext ctx) {
            return new StandardGaussianPrior(this, ctx.latentDim(), ctx.layers().dtype());
        }

        @Override
        public String label() {
            return "Gaussian";
        }
    }

    private final DataType dtype;

    private StandardGaussianPrior(Spec spec, int latentDim, DataType dtype) {
        super(spec, latentDim);
        this.dtype = dtype;
    }

    @Override
    public LogDensity logDensity(SameDiff sd, SDVariable z, SDVariable logQ) {
        return LogDensity.of(SdMath.logStandardNormal(sd, z, latentDim()));
    }

    @Override
    public INDArray sample(int n, RandomGenerator rng) {
        return Noise.gaussian(n, latentDim(), rng, dtype);
    }
}
