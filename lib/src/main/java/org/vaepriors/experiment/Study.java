package org.vaepriors.experiment;

import java.util.List;

/**
 * A notebook's experiment grid as a value: its budget and grid (K, epochs, seeds, data sets, ...) changed with
 * withers in the notebook's first cell, and the runs it makes. Everything later in the notebook (tables,
 * summary, verdicts) follows the study value, and finds its runs by what they are, never by position. The
 * {@code plan} command writes the same runs for a scheduler, so a notebook opened afterwards trains nothing.
 */
public interface Study {

    /** @return the notebook it belongs to, e.g. "01-active-dimensions" */
    String notebook();

    /** @return the profile it was sized for */
    Profile profile();

    /** @return every run the notebook asks for (runs they depend on are found through them) */
    List<RunConfig<?, ?>> runs();

    /** @return one line saying what it runs */
    String summary();
}
