package org.vaepriors.prior;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The configuration of a prior: a record that can be hashed into a run id and turned into its
 * {@link Prior}. Each spec is typed by the prior it creates, so code that built a LARS prior gets a
 * {@code ResampledPrior} back, not a {@code Prior} to cast.
 *
 * <p>In JSON a spec carries its type name in {@code "type"}; each paper's package registers its names
 * (the {@code JsonTypes} module of the package, found through Jackson's module service).
 *
 * @param <P> the prior it creates
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface PriorSpec<P extends Prior> {

    /**
     * @param ctx what the prior may use from its model
     * @return the prior, its parameters added to {@code ctx.layers().sd()}
     * @throws IllegalArgumentException if the spec does not fit the context (e.g. more pseudo-inputs
     *                                  from data than training images, or a standalone context for a prior
     *                                  that needs an encoder)
     */
    P create(PriorContext ctx);

    /** @return a short label for tables, e.g. "VampPrior (K=500)" */
    String label();

    /**
     * The rows this prior passes through the encoder at each training step besides the batch (the VampPrior's
     * pseudo-inputs, the Exemplar prior's exemplars). They are what makes one prior's step dearer than
     * another's, so runners estimate a run's work from them ({@code RunConfig.work}).
     *
     * @param batchSize      images per step
     * @param trainingImages N, the training images
     * @return the rows, 0 for a prior that encodes none
     */
    default int encodedRowsPerStep(int batchSize, int trainingImages) {
        return 0;
    }
}
