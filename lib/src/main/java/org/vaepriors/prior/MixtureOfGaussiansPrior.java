package org.vaepriors.prior;

import java.util.random.RandomGenerator;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.nn.Init;
import org.vaepriors.nn.SdMath;

/**
 * A learned mixture of K diagonal Gaussians with equal weights,
 * p(z) = (1/K) sum_k N(z; m_k, diag exp(s_k)); means and log-variances are trained with the VAE.
 *
 * <pre>
 * The "MoG" baseline of Tomczak &amp; Welling, VAE with a VampPrior, AISTATS 2018, and of the Exemplar VAE
 * supplement, Table 5.
 * </pre>
 *
 * Initialisation (ours; the papers do not say): means N(0, 1), log-variances 0.
 */
public final class MixtureOfGaussiansPrior extends AbstractPrior<MixtureOfGaussiansPrior.Spec> implements Mixture {
    static final String MEANS = "prior/mog/means";
    static final String LOGVARS = "prior/mog/logvars";

    /**
     * @param components K, the number of components (>= 1)
     */
    public record Spec(int components) implements PriorSpec<MixtureOfGaussiansPrior> {
        /** Validates K. */
        public Spec {
            if (components < 1) {
                throw new IllegalArgumentException("components (K) must be >= 1, got " + components);
            }
        }

        @Override
        public MixtureOfGaussiansPrior create(PriorContext ctx) {
            return new MixtureOfGaussiansPrior(this, ctx);
        }

        @Override
        public String label() {
            return "MoG (K=" + components + ")";
        }
    }

    private final int components;
    private final SameDiff sd;

    private MixtureOfGaussiansPrior(Spec spec, PriorContext ctx) {
        super(spec, ctx.latentDim());
        this.components = spec.components();
        this.sd = ctx.layers().sd();
        sd.var(MEANS, Init.normal(ctx.layers().rng(), 0, 1, ctx.layers().dtype(), components, ctx.latentDim()));
        sd.var(LOGVARS, Nd4j.zeros(ctx.layers().dtype(), components, ctx.latentDim()));
    }

    @Override
    public LogDensity logDensity(SameDiff sd, SDVariable z, SDVariable logQ) {
        SDVariable comp = SdMath.componentLogDensities(sd, z, sd.getVariable(MEANS), sd.getVariable(LOGVARS), latentDim());
        return LogDensity.of(SdMath.mixtureLogDensity(sd, comp, components));
    }

    @Override
    public int components() {
        return components;
    }

    @Override
    public INDArray sample(int n, RandomGenerator rng) {
        return Samples.mixture(sd.getArrForVarName(MEANS), sd.getArrForVarName(LOGVARS), n, rng);
    }
}
