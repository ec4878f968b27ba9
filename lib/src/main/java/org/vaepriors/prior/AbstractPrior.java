package org.vaepriors.prior;

/**
 * What every prior holds: its spec and the dimension of z. Public so that the papers' priors in other
 * packages share it.
 *
 * @param <S> the spec's type
 */
public abstract class AbstractPrior<S extends PriorSpec<?>> implements Prior {
    private final S spec;
    private final int latentDim;

    /**
     * @param spec      the spec
     * @param latentDim the dimension of z
     */
    protected AbstractPrior(S spec, int latentDim) {
        if (spec == null) {
            throw new NullPointerException("spec");
        }
        this.spec = spec;
        this.latentDim = latentDim;
    }

    @Override
    public final S spec() {
        return spec;
    }

    @Override
    public final int latentDim() {
        return latentDim;
    }
}
