package org.vaepriors.prior;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The configuration of a prior: a record that can be hashed into a run id and turned into a {@link Prior}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = StandardGaussianPrior.Spec.class, name = "standard"),
        @JsonSubTypes.Type(value = MixtureOfGaussiansPrior.Spec.class, name = "mog"),
        @JsonSubTypes.Type(value = VampPrior.Spec.class, name = "vamp"),
        @JsonSubTypes.Type(value = ExemplarPrior.Spec.class, name = "exemplar"),
        @JsonSubTypes.Type(value = ResampledPrior.Spec.class, name = "lars"),
        @JsonSubTypes.Type(value = NoiseContrastivePrior.Spec.class, name = "ncp")})
public sealed interface PriorSpec permits StandardGaussianPrior.Spec, MixtureOfGaussiansPrior.Spec, VampPrior.Spec,
        ExemplarPrior.Spec, ResampledPrior.Spec, NoiseContrastivePrior.Spec {

    /**
     * @param ctx what the prior may use from its model
     * @return the prior, its parameters added to {@code ctx.layers().sd()}
     * @throws IllegalArgumentException if the spec does not fit the context (e.g. more pseudo-inputs
     *                                  from data than training images)
     */
    Prior create(PriorContext ctx);

    /** @return a short label for tables, e.g. "VampPrior (K=500)" */
    String label();
}
