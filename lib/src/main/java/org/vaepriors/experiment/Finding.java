package org.vaepriors.experiment;

import java.util.Objects;

/**
 * A paper's claim checked against this run's numbers: what it says, whether it held, and the numbers that
 * decided it. Notebooks end with a list of these instead of prose written before the run.
 *
 * @param claim    the claim, stated so that it can be true or false of the numbers
 * @param held     whether it held in this run
 * @param evidence the numbers compared
 */
public record Finding(String claim, boolean held, String evidence) {
    /** Validates the fields. */
    public Finding {
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(evidence, "evidence");
    }
}
