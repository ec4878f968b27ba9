package org.vaepriors.exemplar;

import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.module.SimpleModule;

/** The JSON type names of the Exemplar VAE's prior spec and experiments. Found by Jackson's module service (META-INF/services). */
public final class ExemplarJson extends SimpleModule {
    private static final long serialVersionUID = 1L;

    /** Registers the names. */
    public ExemplarJson() {
        super("vaepriors-exemplar");
        registerSubtypes(
                new NamedType(ExemplarPrior.Spec.class, "exemplar"),
                new NamedType(KnnRun.class, "exemplar-knn"),
                new NamedType(AugmentationRun.class, "exemplar-augmentation"));
    }
}
