package org.vaepriors.prior;

import java.util.Objects;

/** What every prior holds: its spec and the dimension of z. */
abstract class AbstractPrior implements Prior {
    private final PriorSpec spec;
    private final int latentDim;

    AbstractPrior(PriorSpec spec, int latentDim) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.latentDim = latentDim;
    }

    @Override
    public final PriorSpec spec() {
        return spec;
    }

    @Override
    public final int latentDim() {
        return latentDim;
    }
}
