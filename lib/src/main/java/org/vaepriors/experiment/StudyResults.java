package org.vaepriors.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The finished runs of a study, found by their configs: a notebook asks the runner for the study's configs (with
 * the environment's overrides applied) and this finds each run by the config the study names. A study's own
 * subclass adds typed accessors.
 */
public class StudyResults {
    private final Knobs knobs;
    private final Map<String, ExperimentRunner.Run<?, ?>> byId = new LinkedHashMap<>();

    /** @param knobs the overrides the runs were asked for with */
    public StudyResults(Knobs knobs) {
        this.knobs = Objects.requireNonNull(knobs, "knobs");
    }

    /**
     * @param runs finished runs
     * @return this
     */
    public StudyResults add(List<? extends ExperimentRunner.Run<?, ?>> runs) {
        for (ExperimentRunner.Run<?, ?> r : runs) {
            byId.put(r.config().id(), r);
        }
        return this;
    }

    /**
     * @param cfg a config the study names
     * @return its finished run
     * @throws IllegalArgumentException if it has not been run
     */
    public ExperimentRunner.Run<?, ?> run(RunConfig<?, ?> cfg) {
        ExperimentRunner.Run<?, ?> r = byId.get(cfg.scaled(knobs).id());
        if (r == null) {
            throw new IllegalArgumentException("no finished run for " + cfg.label() + " (" + cfg.scaled(knobs).id()
                    + "): run the study's cells above first");
        }
        return r;
    }

    /** @param cfg a config @return true if it has a finished run here */
    public boolean has(RunConfig<?, ?> cfg) {
        return byId.containsKey(cfg.scaled(knobs).id());
    }

    /** @param cfg a config the study names @return its result */
    public RunResult result(RunConfig<?, ?> cfg) {
        return run(cfg).result();
    }
}
