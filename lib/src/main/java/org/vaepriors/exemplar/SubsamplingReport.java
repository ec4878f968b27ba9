package org.vaepriors.exemplar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.vaepriors.experiment.Claim;
import org.vaepriors.experiment.Columns;
import org.vaepriors.experiment.Finding;
import org.vaepriors.experiment.PaperNumbers;
import org.vaepriors.experiment.VaeResult;
import org.vaepriors.math.Estimate;
import org.vaepriors.prior.MixtureOfGaussiansPrior;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.vampprior.VampPrior;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * Notebook 03's table, figure and claims (Exemplar VAE supplement, section K and Table 5), from the runs of a
 * {@link SubsamplingStudy}. Runs are found by what they are (their prior spec), never by position.
 */
public final class SubsamplingReport {
    static final String SECTION_K = "Exemplar VAE supplement, section K";
    static final String MOG_INFERIOR = "Here we explore applying subsampling to VampPrior and confirm that mixture of "
            + "Gaussian prior exhibit inferior performance when compared to both VampPrior and the exemplar based Prior.";
    static final String SUBSAMPLING_HELPS = "While the subsampling of the mixture components helps the performance of "
            + "vampprior, but still outperformed by exemplar prior.";

    private SubsamplingReport() {
    }

    /**
     * @param study the study
     * @param runs  its finished runs
     * @return one row per prior and seed: the prior, its components as Table 5 counts them, test log p(x) with its
     * standard error, and the Table 5 row it stands for ("paper setting", the key to join the paper's table)
     */
    public static Table table(SubsamplingStudy study, List<VaeResult> runs) {
        StringColumn prior = StringColumn.create("prior (ours)");
        IntColumn seed = IntColumn.create("seed");
        StringColumn sub = StringColumn.create("sub-sampled");
        IntColumn k = IntColumn.create("components");
        IntColumn perStep = IntColumn.create("per step");
        DoubleColumn ll = Columns.numbers("log p(x)", 2);
        DoubleColumn se = Columns.numbers("log p(x) se", 2);
        IntColumn s = IntColumn.create("S");
        StringColumn setting = StringColumn.create("paper setting");
        for (VaeResult r : runs) {
            PriorSpec<?> p = r.config().prior();
            prior.append(p.label());
            seed.append((int) r.config().seed());
            boolean subsampled = p instanceof ExemplarPrior.Spec || p instanceof VampPrior.Spec v && v.subsampled();
            sub.append(subsampled ? "yes" : "no");
            k.append(study.components(p));
            perStep.append(p instanceof VampPrior.Spec v ? v.componentsPerStep() : study.components(p));
            setting.append(study.paperSetting(p));
            if (!r.hasMetrics()) {
                // diverged before its first finished epoch: no log-likelihood to show
                ll.appendMissing();
                se.appendMissing();
                s.appendMissing();
                continue;
            }
            ll.append(-r.metrics().nll());
            se.append(r.metrics().nllStandardError());
            s.append(r.metrics().iwSamples());
        }
        return Table.create("Test log-likelihood with and without sub-sampling, ours on " + study.dataset()
                + " (components: K; M = N/2 drawn per step for the Exemplar prior)", prior, seed, sub, k, perStep, ll, se, s,
                setting);
    }

    /**
     * @param study the study
     * @param runs  its finished runs
     * @return {@link #table} with the paper's Table 5 row beside each of ours
     */
    public static Table besidePaper(SubsamplingStudy study, List<VaeResult> runs) {
        return Columns.besidePaper(table(study, runs), List.of("paper setting"),
                PaperNumbers.table("exemplar-vae-table5-subsampling.csv"), List.of("setting"));
    }

    /**
     * The claims of section K, each finding a paired difference of test -log p(x) over the same test images,
     * combined over seeds.
     *
     * @param runs the study's finished runs
     * @return the claims
     */
    public static List<Claim> claims(List<VaeResult> runs) {
        List<Finding> mog = new ArrayList<>();
        List<Finding> sub = new ArrayList<>();
        List<Finding> exemplar = new ArrayList<>();
        List<VaeResult> mixture = select(runs, p -> p instanceof MixtureOfGaussiansPrior.Spec);
        List<VaeResult> fullVamp = select(runs, p -> p instanceof VampPrior.Spec v && !v.subsampled());
        List<VaeResult> ex = select(runs, p -> p instanceof ExemplarPrior.Spec);
        if (!mixture.isEmpty() && !fullVamp.isEmpty()) {
            mog.add(better(fullVamp, mixture));
        }
        if (!mixture.isEmpty() && !ex.isEmpty()) {
            mog.add(better(ex, mixture));
        }
        if (!fullVamp.isEmpty() && fullVamp.get(0).config().prior() instanceof VampPrior.Spec full) {
            List<VaeResult> same = select(runs, p -> p instanceof VampPrior.Spec v && v.subsampled()
                    && v.components() == full.components());
            if (!same.isEmpty()) {
                sub.add(better(same, fullVamp));
            }
        }
        if (!ex.isEmpty()) {
            for (List<VaeResult> vamp : byPrior(select(runs, p -> p instanceof VampPrior.Spec)).values()) {
                exemplar.add(better(ex, vamp));
            }
        }
        return List.of(
                new Claim(MOG_INFERIOR, SECTION_K, "-log p(x) of the mixture of Gaussians minus that of the VampPrior "
                        + "(without sub-sampling) and of the Exemplar prior, paired over test images", mog),
                new Claim(SUBSAMPLING_HELPS, SECTION_K + " (below Table 5)", "sub-sampling helps: -log p(x) of the VampPrior "
                        + "without minus with sub-sampling at the same K, paired over test images", sub),
                new Claim(SUBSAMPLING_HELPS, SECTION_K + " (below Table 5)", "still outperformed: -log p(x) of every "
                        + "VampPrior minus the Exemplar prior's, paired over test images", exemplar));
    }

    /**
     * Our own observations, not the paper's claims: every prior's -log p(x) minus the Gaussian prior's, paired.
     *
     * @param runs the study's finished runs
     * @return one row per prior: the difference from the Gaussian prior and its standard error
     */
    public static Table againstGaussian(List<VaeResult> runs) {
        StringColumn prior = StringColumn.create("prior");
        DoubleColumn d = Columns.numbers("log p(x) minus the Gaussian's", 3);
        DoubleColumn se = Columns.numbers("log p(x) minus the Gaussian's se", 3);
        List<VaeResult> g = select(runs, p -> p instanceof StandardGaussianPrior.Spec);
        if (!g.isEmpty()) {
            for (List<VaeResult> r : byPrior(runs).values()) {
                if (r.get(0).config().prior() instanceof StandardGaussianPrior.Spec) {
                    continue;
                }
                Estimate e = Finding.difference(paired(r, g));
                prior.append(r.get(0).config().prior().label());
                d.append(e.mean());
                se.append(e.standardError());
            }
        }
        return Table.create("Observation (ours, not a claim of the paper): log p(x) gain over the Gaussian prior, paired",
                prior, d, se);
    }

    /**
     * @param study the study
     * @param runs  its finished runs
     * @return log p(x) against the number of components, one series per kind of prior
     */
    public static Figure likelihoodByComponents(SubsamplingStudy study, List<VaeResult> runs) {
        Map<String, List<VaeResult>> series = new LinkedHashMap<>();
        for (VaeResult r : runs.stream().filter(VaeResult::hasMetrics).toList()) {
            String name = r.config().prior() instanceof VampPrior.Spec v ? (v.subsampled() ? "VampPrior, sub-sampled"
                    : "VampPrior") : r.config().prior().label();
            series.computeIfAbsent(name, n -> new ArrayList<>()).add(r);
        }
        List<Trace> traces = new ArrayList<>();
        for (var e : series.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(r -> study.components(r.config().prior())).toArray();
            double[] y = e.getValue().stream().mapToDouble(r -> -r.metrics().nll()).toArray();
            traces.add(ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name(e.getKey())
                    .marker(Marker.builder().size(10).build()).build());
        }
        Layout layout = Layout.builder("Test log-likelihood against the number of mixture components").width(680)
                .height(440).xAxis(Axis.builder().title("components (K; M for the Exemplar prior)").type(Axis.Type.LOG).build())
                .yAxis(Axis.builder().title("log p(x), nats").build()).build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }

    /** a beats b: -log p(x) of b minus a's, paired per seed over the same test images. */
    private static Finding better(List<VaeResult> a, List<VaeResult> b) {
        String la = a.get(0).config().prior().label();
        String lb = b.get(0).config().prior().label();
        return Finding.of("-log p(x): " + lb + " - " + la + " > 0", SECTION_K, Finding.difference(paired(a, b)), "nats");
    }

    /** Per seed both have and neither diverged: -log p(x) of b minus a's. */
    private static List<Estimate> paired(List<VaeResult> a, List<VaeResult> b) {
        List<Estimate> out = new ArrayList<>();
        for (VaeResult r : a.stream().filter(VaeResult::hasMetrics).toList()) {
            b.stream().filter(o -> o.config().seed() == r.config().seed() && o.hasMetrics()).findFirst()
                    .ifPresent(o -> out.add(o.metrics().nllMinus(r.metrics())));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no seed in common between " + a.get(0).config().prior().label() + " and "
                    + b.get(0).config().prior().label());
        }
        return out;
    }

    private static List<VaeResult> select(List<VaeResult> runs, Predicate<PriorSpec<?>> p) {
        Optional<VaeResult> first = runs.stream().filter(r -> p.test(r.config().prior())).findFirst();
        return first.map(f -> runs.stream().filter(r -> r.config().prior().equals(f.config().prior())).toList())
                .orElse(List.of());
    }

    private static Map<PriorSpec<?>, List<VaeResult>> byPrior(List<VaeResult> runs) {
        Map<PriorSpec<?>, List<VaeResult>> out = new LinkedHashMap<>();
        for (VaeResult r : runs) {
            out.computeIfAbsent(r.config().prior(), k -> new ArrayList<>()).add(r);
        }
        return out;
    }
}
