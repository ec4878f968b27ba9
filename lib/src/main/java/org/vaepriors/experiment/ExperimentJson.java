package org.vaepriors.experiment;

import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.module.SimpleModule;

/** The JSON kind name of the VAE experiment. Found by Jackson's module service (META-INF/services). */
public final class ExperimentJson extends SimpleModule {
    private static final long serialVersionUID = 1L;

    /** Registers the names. */
    public ExperimentJson() {
        super("vaepriors-experiment");
        registerSubtypes(
                new NamedType(VaeRun.class, "vae"));
    }
}
