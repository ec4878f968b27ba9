package org.vaepriors.vampprior;

import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.module.SimpleModule;

/** The JSON type name of the VampPrior's spec. Found by Jackson's module service (META-INF/services). */
public final class VampPriorJson extends SimpleModule {
    private static final long serialVersionUID = 1L;

    /** Registers the names. */
    public VampPriorJson() {
        super("vaepriors-vampprior");
        registerSubtypes(
                new NamedType(VampPrior.Spec.class, "vamp"));
    }
}
