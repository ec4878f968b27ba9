package org.vaepriors.prior;

import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.module.SimpleModule;

/** The JSON type names of the shared priors. Found by Jackson's module service (META-INF/services). */
public final class PriorJson extends SimpleModule {
    private static final long serialVersionUID = 1L;

    /** Registers the names. */
    public PriorJson() {
        super("vaepriors-prior");
        registerSubtypes(
                new NamedType(StandardGaussianPrior.Spec.class, "standard"),
                new NamedType(MixtureOfGaussiansPrior.Spec.class, "mog"));
    }
}
