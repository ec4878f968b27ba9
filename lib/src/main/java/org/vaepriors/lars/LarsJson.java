package org.vaepriors.lars;

import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.module.SimpleModule;

/** The JSON type names of LARS's prior spec and experiments. Found by Jackson's module service (META-INF/services). */
public final class LarsJson extends SimpleModule {
    private static final long serialVersionUID = 1L;

    /** Registers the names. */
    public LarsJson() {
        super("vaepriors-lars");
        registerSubtypes(
                new NamedType(ResampledPrior.Spec.class, "lars"),
                new NamedType(DensityFitRun.class, "lars-2d-fit"),
                new NamedType(LatentPlaneRun.class, "lars-latent-plane"),
                new NamedType(NormaliserCheckRun.class, "lars-z-check"));
    }
}
