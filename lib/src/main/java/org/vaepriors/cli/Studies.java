package org.vaepriors.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.vaepriors.LabPaths;
import org.vaepriors.data.Datasets;
import org.vaepriors.exemplar.PriorComparison;
import org.vaepriors.experiment.Knobs;
import org.vaepriors.experiment.RunConfig;

/** The notebooks whose runs {@code plan} can write, by name: the one place that maps a notebook to its runs. */
final class Studies {
    private Studies() {
    }

    /**
     * A notebook's study.
     *
     * @param name the notebook's name, e.g. "01-active-dimensions"
     * @param runs its runs under the given knobs
     */
    record Study(String name, Function<Knobs, List<? extends RunConfig<?, ?>>> runs) {
        List<? extends RunConfig<?, ?>> runs(Knobs knobs) {
            return runs.apply(knobs);
        }
    }

    private static final List<Study> ALL = List.of(
            new Study("01-active-dimensions", k -> PriorComparison.configs(k, Datasets.available(LabPaths.data()))),
            new Study("02-kl-vs-reconstruction", k -> PriorComparison.configs(k, Datasets.available(LabPaths.data()))));

    /**
     * @param name a notebook: its number ("01"), its name, or its file ("notebooks/01-active-dimensions.ipynb")
     * @return its study
     * @throws IllegalArgumentException naming the notebooks that can be planned
     */
    static Study find(String name) {
        String n = name.replaceFirst("^.*/", "").replaceFirst("\\.ipynb$", "").toLowerCase(Locale.ROOT);
        List<String> names = new ArrayList<>();
        for (Study s : ALL) {
            if (s.name().equals(n) || s.name().startsWith(n + "-")) {
                return s;
            }
            names.add(s.name());
        }
        throw new IllegalArgumentException("no study for notebook '" + name + "': plan one of " + names);
    }
}
