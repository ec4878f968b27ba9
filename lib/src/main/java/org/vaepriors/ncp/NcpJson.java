package org.vaepriors.ncp;

import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.module.SimpleModule;

/** The JSON type names of NCP's prior spec and experiments. Found by Jackson's module service (META-INF/services). */
public final class NcpJson extends SimpleModule {
    private static final long serialVersionUID = 1L;

    /** Registers the names. */
    public NcpJson() {
        super("vaepriors-ncp");
        registerSubtypes(
                new NamedType(NoiseContrastivePrior.Spec.class, "ncp"),
                new NamedType(NcpVaeRun.class, "ncp-stage1-vae"),
                new NamedType(NcpRun.class, "ncp-stage2-prior"),
                new NamedType(LogZCheckRun.class, "ncp-log-z-check"));
    }
}
