package org.vaepriors.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.vaepriors.exemplar.GenerationStudy;
import org.vaepriors.exemplar.PriorComparison;
import org.vaepriors.exemplar.SubsamplingStudy;
import org.vaepriors.experiment.Profile;
import org.vaepriors.experiment.Study;
import org.vaepriors.experiment.TourStudy;
import org.vaepriors.lars.LarsStudy;
import org.vaepriors.ncp.NcpStudy;

/**
 * Each notebook's default study, by notebook name: what the notebook's first cell builds before a reader edits
 * it, so that {@code plan} hands a scheduler exactly the runs the notebook will ask for.
 */
public final class Studies {
    private static final Map<String, Function<Profile, Study>> BY_NOTEBOOK = new LinkedHashMap<>();

    static {
        BY_NOTEBOOK.put("00-tour", TourStudy::of);
        BY_NOTEBOOK.put("01-active-dimensions", PriorComparison::of);
        BY_NOTEBOOK.put("02-kl-vs-reconstruction", PriorComparison::of);
        BY_NOTEBOOK.put("03-vampprior-subsampling", SubsamplingStudy::of);
        BY_NOTEBOOK.put("06-exemplar-generation", GenerationStudy::of);
        BY_NOTEBOOK.put("04-lars-ablations", LarsStudy::of);
        BY_NOTEBOOK.put("05-ncp-25-gaussians", NcpStudy::of);
    }

    private Studies() {
    }

    /**
     * @param notebook a notebook's name, e.g. "01-active-dimensions" (".ipynb" is ignored)
     * @param profile  the profile
     * @return its default study under that profile, on the data at hand
     * @throws IllegalArgumentException naming the notebooks there are, for an unknown name
     */
    public static Study of(String notebook, Profile profile) {
        String name = notebook.endsWith(".ipynb") ? notebook.substring(0, notebook.length() - 6) : notebook;
        Function<Profile, Study> f = BY_NOTEBOOK.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no study for notebook '" + notebook + "'; studies exist for "
                    + BY_NOTEBOOK.keySet());
        }
        return f.apply(profile);
    }

    /** @return the notebooks that have a study */
    public static Iterable<String> notebooks() {
        return BY_NOTEBOOK.keySet();
    }
}
