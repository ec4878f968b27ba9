package org.vaepriors.lars;

import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

import org.vaepriors.data.DatasetId;
import org.vaepriors.eval.EvalResult;
import org.vaepriors.experiment.DatasetSpec;
import org.vaepriors.experiment.Finding;
import org.vaepriors.experiment.PaperNumbers;
import org.vaepriors.experiment.VaeResult;
import org.vaepriors.experiment.VaeRun;
import org.vaepriors.math.Estimate;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.nn.Init;
import org.vaepriors.notebook.HtmlTable;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;

/**
 * Notebook 04's tables, findings and protocol, built from a {@link LarsStudy} and its finished runs: every row
 * is looked up by what it is (a truncation, a network, a data set) through the study, never by position, so a
 * study without T = 100 in its ladder still labels every row by its own config.
 *
 * <p>Tables are typed Tablesaw tables: numbers in numeric columns with print formats, standard errors in
 * their own columns, and the paper's numbers (from {@link PaperNumbers#table}) joined beside ours, each
 * paper column named "paper ...". Findings use the project's one rule ({@link Finding}): paired per-image
 * differences, the seed spread, and the Monte Carlo error of every normaliser Z the numbers depend on (from
 * each run's {@link NormaliserCheckRun}).
 */
public final class LarsReport {
    static final String FIG2 = "LARS, main text, 'Illustrative examples in 2D' (Fig. 2)";
    static final String TABLE1 = "LARS, main text, 'VAEs with Resampled Priors' (Table 1)";
    static final String D1 = "LARS, appendix D.2 (Table D.1)";
    static final String D2 = "LARS, appendix D.3, 'Influence of network architecture' (Table D.2)";
    static final String D3 = "LARS, appendix D.3, 'Influence of truncation' (Table D.3)";
    static final String D8 = "LARS, appendix D.8";

    private LarsReport() {
    }

    // ---- statistics of one model over the study's seeds ----

    /**
     * The runs of one model, seed by seed, but seeds that diverged before their first finished epoch (they have no
     * test metrics; the notebook's run summary shows them).
     *
     * @throws IllegalStateException naming the run, when every seed diverged: the table has no number to show
     */
    private static List<VaeResult> over(LarsStudy s, LarsStudy.Results r, IntFunction<? extends VaeRun<?>> model) {
        List<VaeResult> out = new ArrayList<>();
        for (int seed = 1; seed <= s.seeds(); seed++) {
            VaeResult v = r.vae(model.apply(seed));
            if (v.hasMetrics()) {
                out.add(v);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("every seed of " + model.apply(1).label() + " diverged: no numbers ("
                    + r.vae(model.apply(1)).summary() + "); change its learning rate or warm-up and run it again");
        }
        return out;
    }

    /** Both models' metrics for a seed, or nothing when either diverged before it had any. */
    private static Optional<EvalResult[]> pair(LarsStudy.Results r, VaeRun<?> a, VaeRun<?> b) {
        VaeResult x = r.vae(a);
        VaeResult y = r.vae(b);
        return x.hasMetrics() && y.hasMetrics() ? Optional.of(new EvalResult[]{x.metrics(), y.metrics()}) : Optional.empty();
    }

    /** The mean over seeds of per-run estimates, with the combined standard error (the rule's). */
    private static Estimate mean(List<Estimate> perSeed) {
        return Finding.difference(perSeed);
    }

    private static Estimate nll(List<VaeResult> runs) {
        return mean(runs.stream().map(v -> new Estimate(v.metrics().nll(), v.metrics().nllStandardError(),
                v.metrics().testImages())).toList());
    }

    private static double metric(List<VaeResult> runs, java.util.function.ToDoubleFunction<EvalResult> f) {
        return runs.stream().mapToDouble(v -> f.applyAsDouble(v.metrics())).average().orElse(Double.NaN);
    }

    /** Z over seeds (1 exactly for a prior that is not resampled). */
    private static Estimate z(List<VaeResult> runs) {
        if (!(runs.get(0).config().prior() instanceof ResampledPrior.Spec)) {
            return new Estimate(1, 0, 0);
        }
        return mean(runs.stream().map(v -> v.metrics().priorStatistic("Z")).toList());
    }

    /** The NLL's standard error from Z of one run: its check's, 0 for a prior without Z. */
    @SuppressWarnings("unchecked")
    private static double zError(LarsStudy s, LarsStudy.Results r, VaeRun<?> run) {
        if (!(run.prior() instanceof ResampledPrior.Spec) || run.architecture().latentDim() <= 2) {
            return 0;
        }
        return r.check(s.check((VaeRun<ResampledPrior>) run)).nllError();
    }

    /** The NLL's error from Z of a model's mean over seeds. */
    private static double zError(LarsStudy s, LarsStudy.Results r, IntFunction<? extends VaeRun<?>> model) {
        double v = 0;
        for (int seed = 1; seed <= s.seeds(); seed++) {
            double e = zError(s, r, model.apply(seed));
            v += e * e;
        }
        return Math.sqrt(v) / s.seeds();
    }

    /**
     * The paired gain of {@code better} over {@code worse} in a per-image quantity, over seeds, with both models'
     * errors from Z: positive when {@code better} is lower.
     */
    private static Estimate gain(LarsStudy s, LarsStudy.Results r, IntFunction<? extends VaeRun<?>> worse,
                                 IntFunction<? extends VaeRun<?>> better, BiFunction<EvalResult, EvalResult, Estimate> minus) {
        List<Estimate> perSeed = new ArrayList<>();
        List<Double> errors = new ArrayList<>();
        for (int seed = 1; seed <= s.seeds(); seed++) {
            VaeRun<?> w = worse.apply(seed);
            VaeRun<?> b = better.apply(seed);
            Optional<EvalResult[]> m = pair(r, w, b);
            if (m.isEmpty()) {
                continue;
            }
            perSeed.add(minus.apply(m.get()[0], m.get()[1]));
            errors.add(zError(s, r, w) / s.seeds());
            errors.add(zError(s, r, b) / s.seeds());
        }
        return Finding.difference(perSeed, errors.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static final BiFunction<EvalResult, EvalResult, Estimate> NLL = EvalResult::nllMinus;
    private static final BiFunction<EvalResult, EvalResult, Estimate> KL = EvalResult::klMinus;
    private static final BiFunction<EvalResult, EvalResult, Estimate> RE = EvalResult::reconstructionMinus;
    /** -ELBO = KL + RE per image, paired. */
    private static final BiFunction<EvalResult, EvalResult, Estimate> NEG_ELBO = (a, b) -> {
        double[] d = new double[a.klPerImage().length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.klPerImage()[i] + a.reconstructionPerImage()[i] - b.klPerImage()[i] - b.reconstructionPerImage()[i];
        }
        return Estimate.of(d);
    };

    // ---- tables ----

    /**
     * Table D.3: the standard prior (T = 1), then the ladder by increasing T, on the ablation data set.
     *
     * @param s the study
     * @param r its finished runs
     * @return ours beside the paper's (dynamic MNIST), joined on T
     */
    public static Table truncations(LarsStudy s, LarsStudy.Results r) {
        Rows rows = new Rows("model", "T");
        rows.add(s, r, "standard, N(0, I)", "1", seed -> s.standard(s.ablation(), seed));
        for (int t : s.ladder()) {
            rows.add(s, r, "LARS, T = " + LarsStudy.tText(t), LarsStudy.tText(t), seed -> s.truncation(t, seed));
        }
        Table paper = renamed(PaperNumbers.table("lars-table-d3-truncation.csv"), "truncation", "T", "nll", "paper NLL", "z",
                "paper Z", "kl", "paper KL", "reconstruction", "paper RE");
        return rows.table("Table D.3, truncation T (a = MLP" + s.lars().network() + ", " + s.ablation().id()
                + "): ours beside the paper's (dynamic MNIST, a = MLP[100-100])").joinOn("T").leftOuter(paper);
    }

    /**
     * Table D.2: the standard prior, then the acceptance networks from the fewest parameters to the most, at the
     * study's T.
     *
     * @param s the study
     * @param r its finished runs
     * @return ours beside the paper's (dynamic MNIST, T = 100), joined on the network
     */
    public static Table networks(LarsStudy s, LarsStudy.Results r) {
        Rows rows = new Rows("model", "network");
        rows.add(s, r, "standard, N(0, I)", "standard", seed -> s.standard(s.ablation(), seed));
        for (List<Integer> h : s.networksBySize()) {
            String net = s.lars().withHidden(h).network();
            rows.add(s, r, "LARS, a = MLP" + net, net, seed -> s.network(h, seed));
        }
        Table paper = renamed(PaperNumbers.table("lars-table-d2-networks.csv"), "nll", "paper NLL", "z", "paper Z");
        return rows.table("Table D.2, acceptance networks at T = " + LarsStudy.tText(s.lars().truncation()) + " ("
                + s.ablation().id() + "): ours beside the paper's (dynamic MNIST, T = 100)").joinOn("network").leftOuter(paper);
    }

    /**
     * Table D.1: per data set the paper has a row for, the standard VAE, LARS fitted post hoc on it, and LARS
     * trained jointly.
     *
     * @param s the study
     * @param r its finished runs
     * @return ours beside the paper's, joined on the paper's data set and the model
     */
    public static Table postHoc(LarsStudy s, LarsStudy.Results r) {
        Rows rows = new Rows("data set", "paper data set", "model");
        for (DatasetSpec d : s.postHocData()) {
            String pd = PaperNumbers.paperDataset(d.id()).name();
            rows.add(s, r, new String[]{d.id().name(), pd, "standard"}, seed -> s.standard(d, seed));
            rows.add(s, r, new String[]{d.id().name(), pd, "post-hoc"}, seed -> s.postHoc(d, seed));
            rows.add(s, r, new String[]{d.id().name(), pd, "joint"}, seed -> s.joint(d, seed));
        }
        Table paper = renamed(PaperNumbers.table("lars-table-d1-posthoc.csv"), "dataset", "paper data set",
                "negative_elbo", "paper -ELBO", "kl", "paper KL", "reconstruction", "paper RE", "z", "paper Z");
        return rows.table("Table D.1, standard vs post-hoc vs joint LARS (a = MLP" + s.lars().network() + ", T = "
                + LarsStudy.tText(s.lars().truncation()) + "): ours beside the paper's")
                .joinOn("paper data set", "model").leftOuter(paper);
    }

    /**
     * Table 1, VAE column: the standard prior against LARS on every data set, with the paired difference.
     *
     * @param s the study
     * @param r its finished runs
     * @return ours beside the paper's (its VAE), joined on the paper's data set
     */
    public static Table table1(LarsStudy s, LarsStudy.Results r) {
        StringColumn data = StringColumn.create("data set");
        StringColumn paperData = StringColumn.create("paper data set");
        DoubleColumn std = DoubleColumn.create("NLL standard");
        DoubleColumn stdSe = DoubleColumn.create("NLL standard se");
        DoubleColumn lars = DoubleColumn.create("NLL LARS");
        DoubleColumn larsSe = DoubleColumn.create("NLL LARS se");
        DoubleColumn diff = DoubleColumn.create("LARS gain (paired)");
        DoubleColumn diffSe = DoubleColumn.create("gain se (with Z)");
        DoubleColumn z = DoubleColumn.create("Z");
        for (DatasetSpec d : s.table1Data()) {
            Estimate a = nll(over(s, r, seed -> s.standard(d, seed)));
            Estimate b = nll(over(s, r, seed -> s.joint(d, seed)));
            Estimate g = gain(s, r, seed -> s.standard(d, seed), seed -> s.joint(d, seed), NLL);
            data.append(d.id().name() + (d.trainLimit() > 0 ? " (" + d.trainLimit() + ")" : ""));
            paperData.append(PaperNumbers.paperDataset(d.id()).name());
            std.append(a.mean());
            stdSe.append(a.standardError());
            lars.append(b.mean());
            larsSe.append(b.standardError());
            diff.append(g.mean());
            diffSe.append(g.standardError());
            z.append(z(over(s, r, seed -> s.joint(d, seed))).mean());
        }
        Table paper = PaperNumbers.table("lars-table1-nll.csv");
        paper = paper.where(paper.stringColumn("architecture").isEqualTo("VAE")).removeColumns("architecture");
        paper = renamed(paper, "dataset", "paper data set", "standard", "paper standard", "lars", "paper LARS");
        Table t = Table.create("Table 1, VAE (L = 1): test NLL in nats, ours beside the paper's (a = MLP"
                + s.lars().network() + ", T = " + LarsStudy.tText(s.lars().truncation()) + ")", data, paperData, std, stdSe, lars,
                larsSe, diff, diffSe, z);
        format(t);
        return t.joinOn("paper data set").leftOuter(paper);
    }

    /**
     * The normaliser of every LARS run, checked: Z and its standard error, Z from the check's multiple of the
     * draws, the NLL's standard error and bias from Z, and the measured bias of log Z.
     *
     * @param s the study
     * @param r its finished runs
     * @return one row per check (seed 1)
     */
    public static Table normalisers(LarsStudy s, LarsStudy.Results r) {
        StringColumn model = StringColumn.create("model");
        DoubleColumn draws = DoubleColumn.create("draws");
        DoubleColumn z = DoubleColumn.create("Z");
        DoubleColumn zSe = DoubleColumn.create("Z se");
        DoubleColumn rel = DoubleColumn.create("se / Z");
        DoubleColumn zCheck = DoubleColumn.create("Z, " + s.checkFactor() + "x draws");
        DoubleColumn nllErr = DoubleColumn.create("NLL se from Z");
        DoubleColumn nllBias = DoubleColumn.create("NLL bias from Z");
        DoubleColumn logBias = DoubleColumn.create("log Z bias, measured");
        DoubleColumn logBiasSe = DoubleColumn.create("log Z bias se");
        DoubleColumn shift = DoubleColumn.create("NLL shift at the check's Z");
        for (NormaliserCheckRun c : s.checks()) {
            if (c.model().seed() != 1) {
                continue;
            }
            NormaliserCheckRun.Result x = r.check(c);
            model.append(c.model().dataset().id().name() + ", " + c.model().prior().label() + (c.model().isPostHoc() ? ", post hoc" : ""));
            draws.append((double) x.z().n());
            z.append(x.z().mean());
            zSe.append(x.z().standardError());
            rel.append(x.z().standardError() / x.z().mean());
            zCheck.append(x.zCheck().mean());
            nllErr.append(x.nllError());
            nllBias.append(x.nllBias());
            logBias.append(x.logZBias().mean());
            logBiasSe.append(x.logZBias().standardError());
            shift.append(x.nllAtCheck());
        }
        Table t = Table.create("LARS's normaliser Z, checked (NLL in nats; a bias below 0 flatters the NLL)", model, draws, z, zSe,
                rel, zCheck, nllErr, nllBias, logBias, logBiasSe, shift);
        format(t);
        draws.setPrintFormatter(NumberColumnFormatter.intsWithGrouping());
        return t;
    }

    /**
     * Section D.8: the KL from the aggregate posterior to the prior for the 2-D VAEs: the standard one (to its
     * proposal), LARS fitted post hoc on it, LARS trained jointly with a large and a small a(z).
     *
     * @param s the study
     * @param r its finished runs
     * @return ours beside the paper's approximate values (seed 1)
     */
    public static Table plane(LarsStudy s, LarsStudy.Results r) {
        StringColumn model = StringColumn.create("model");
        StringColumn net = StringColumn.create("a");
        DoubleColumn kl = DoubleColumn.create("KL(q || p)");
        DoubleColumn klSe = DoubleColumn.create("KL se (with Z)");
        DoubleColumn klGrid = DoubleColumn.create("KL on the grid");
        DoubleColumn klPi = DoubleColumn.create("KL(q || N(0, I))");
        DoubleColumn klPiSe = DoubleColumn.create("KL(q || N(0, I)) se");
        DoubleColumn z = DoubleColumn.create("Z");
        LatentPlaneRun.Result ph = r.plane(s.planeOf(s.planePostHoc(1)));
        model.append("standard");
        net.append("-");
        kl.append(ph.klProposalMc().mean());
        klSe.append(ph.klProposalMc().standardError());
        klGrid.append(ph.klProposal());
        klPi.append(ph.klProposalMc().mean());
        klPiSe.append(ph.klProposalMc().standardError());
        z.append(1);
        String[][] which = {{"post-hoc", null}, {"joint-large", null}, {"joint-small", null}};
        List<LatentPlaneRun.Result> res = List.of(ph, r.plane(s.planeOf(s.planeJoint(s.plane().large(), 1))),
                r.plane(s.planeOf(s.planeJoint(s.plane().small(), 1))));
        for (int i = 0; i < 3; i++) {
            LatentPlaneRun.Result x = res.get(i);
            model.append(which[i][0]);
            net.append(x.config().model().prior() instanceof ResampledPrior.Spec p ? p.network() : "-");
            kl.append(x.klPriorMc().mean());
            klSe.append(Math.hypot(x.klPriorMc().standardError(), x.zError()));
            klGrid.append(x.klPrior());
            klPi.append(x.klProposalMc().mean());
            klPiSe.append(x.klProposalMc().standardError());
            z.append(x.z().mean());
        }
        Table t = Table.create("Section D.8, a 2-D latent (" + s.ablation().id() + "): KL from the aggregate posterior q(z) to "
                + "the prior, nats, ours beside the paper's (dynamic MNIST, 'approximately')", model, net, kl, klSe, klGrid, klPi,
                klPiSe, z);
        format(t);
        Table paper = renamed(PaperNumbers.table("lars-d8-latent-plane.csv").removeColumns("a"), "kl", "paper KL(q || p)");
        return t.joinOn("model").leftOuter(paper);
    }

    /**
     * Fig. 2: the proposal and the two fitted densities, KL(target || density) and Z.
     *
     * @param s the study
     * @param r its finished runs
     * @return ours (the paper gives only its own target's KL to the proposal)
     */
    public static Table fits(LarsStudy s, LarsStudy.Results r) {
        StringColumn density = StringColumn.create("density");
        DoubleColumn kl = DoubleColumn.create("KL(q || density)");
        DoubleColumn klSe = DoubleColumn.create("KL se");
        DoubleColumn z = DoubleColumn.create("Z");
        DoubleColumn zSe = DoubleColumn.create("Z se");
        DensityFitRun.Result small = r.fit(s.fitSmall());
        density.append("proposal");
        kl.append(small.klProposal().mean());
        klSe.append(small.klProposal().standardError());
        z.append(1);
        zSe.append(0);
        for (DensityFitRun f : s.fitRuns()) {
            DensityFitRun.Result x = r.fit(f);
            density.append("LARS, a = MLP" + f.density().network());
            kl.append(x.klFit().mean());
            klSe.append(Math.hypot(x.klFit().standardError(), x.z().standardError() / x.z().mean()));
            z.append(x.z().mean());
            zSe.append(x.z().standardError());
        }
        Table t = Table.create("Fig. 2, 2-D fits to a " + s.fits().target().components() + "-component target (KL in nats; "
                + "the paper's own target, not given, has KL(q || N(0, 1)) = 1.8)", density, kl, klSe, z, zSe);
        format(t);
        Table paper = renamed(PaperNumbers.table("lars-fig2.csv"), "kl", "paper KL (its target)");
        return t.joinOn("density").leftOuter(paper);
    }

    /**
     * The truncation ladder as a plot, ours beside the paper's: the NLL gained over the standard prior, or
     * log10 Z, against log10 T (T = infinity drawn at log10 T = 3.5). Read from {@link #truncations}.
     *
     * @param d3  the table of {@link #truncations}
     * @param nll true for the NLL gain, false for Z
     * @return the figure
     */
    public static Figure ladder(Table d3, boolean nll) {
        Table lars = d3.where(d3.stringColumn("T").isNotEqualTo("1"));
        double stdOurs = d3.where(d3.stringColumn("T").isEqualTo("1")).doubleColumn("NLL").get(0);
        double stdPaper = d3.where(d3.stringColumn("T").isEqualTo("1")).doubleColumn("paper NLL").get(0);
        int n = lars.rowCount();
        double[] x = new double[n];
        double[] ours = new double[n];
        double[] paper = new double[n];
        for (int i = 0; i < n; i++) {
            String t = lars.stringColumn("T").get(i);
            x[i] = t.equals("inf") ? 3.5 : Math.log10(Double.parseDouble(t));
            ours[i] = nll ? stdOurs - lars.doubleColumn("NLL").get(i) : Math.log10(lars.doubleColumn("Z").get(i));
            Double p = nll ? lars.doubleColumn("paper NLL").get(i) : lars.doubleColumn("paper Z").get(i);
            paper[i] = p == null ? Double.NaN : nll ? stdPaper - p : Math.log10(p);
        }
        String y = nll ? "NLL(standard) - NLL(LARS), nats" : "log10 Z";
        Layout layout = Layout.builder(nll ? "NLL gain over the standard prior vs truncation" : "Mean acceptance Z vs truncation")
                .width(560).height(400).xAxis(Axis.builder().title("log10 T (infinity at 3.5)").build())
                .yAxis(Axis.builder().title(y).build()).build();
        return new Figure(layout, line("ours", x, ours), line("paper (dynamic MNIST)", x, paper));
    }

    private static ScatterTrace line(String name, double[] x, double[] y) {
        return ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name(name).showLegend(true).build();
    }

    // ---- the protocol ----

    /**
     * The paper's protocol line by line (from {@code lars-protocol.csv}) beside the study's, and whether they
     * match: every remaining difference is a "no" row.
     *
     * @param s the study
     * @return the table
     */
    public static Table protocol(LarsStudy s) {
        Table paper = PaperNumbers.table("lars-protocol.csv");
        StringColumn setting = StringColumn.create("setting");
        StringColumn theirs = StringColumn.create("the paper's");
        StringColumn ours = StringColumn.create("ours (" + s.profile() + ")");
        StringColumn same = StringColumn.create("same");
        for (int i = 0; i < paper.rowCount(); i++) {
            String key = paper.stringColumn("setting").get(i);
            String[] o = ours(s, key);
            setting.append(key);
            theirs.append(paper.stringColumn("paper").get(i) + " (" + paper.stringColumn("source").get(i) + ")");
            ours.append(o[0]);
            same.append(o[1]);
        }
        return Table.create("Protocol: ours (" + s.profile() + ") vs the paper's", setting, theirs, ours, same);
    }

    /** {our setting, "yes" / "no" / "not stated"} for a row of the paper's protocol. */
    private static String[] ours(LarsStudy s, String key) {
        ArchitectureSpec a = s.architecture();
        var t = s.train();
        var it = t.iterations();
        ResampledPrior.Spec p = s.lars();
        Set<DatasetId> paperData = Set.of(DatasetId.MNIST, DatasetId.OMNIGLOT, DatasetId.FASHION_MNIST);
        return switch (key) {
            case "data" -> {
                boolean all = s.table1Data().size() == 3 && s.table1Data().stream().allMatch(d -> paperData.contains(d.id())
                        && d.trainLimit() == 0 && d.validationLimit() == 0);
                // static MNIST is never here: at best the three other data sets are the paper's
                yield row(s.table1Data().stream().map(LarsReport::dataText).reduce((x, y) -> x + "; " + y).orElse("")
                        + (all ? "; the paper's three dynamically binarised sets, but no static MNIST" : "; no static MNIST"), false);
            }
            case "architecture" -> row(a.label() + ": " + (a.kind() == ArchitectureSpec.Kind.TANH_VAE
                    ? "MLP[784-" + a.hidden() + "-" + a.hidden() + "-d] encoder (mu; log sigma), MLP[d-" + a.hidden() + "-" + a.hidden()
                    + "-784] decoder, tanh, Bernoulli" : "gated MLPs (the VampPrior's) with 300 units, log-variance clipped to [-6; 2], "
                    + "Bernoulli"), a.kind() == ArchitectureSpec.Kind.TANH_VAE && a.hidden() == 300);
            case "latent dimension" -> row("d = " + a.latentDim(), a.latentDim() == 50);
            case "initialisation" -> row(a.init() == Init.Scheme.GLOROT ? "Glorot uniform" : "He normal", a.init() == Init.Scheme.GLOROT);
            case "optimiser" -> row(t.plainAdam() ? "Adam" : "Adam on per-tensor normalised gradients (AdamNormGrad)", t.plainAdam());
            case "learning rate" -> row(it == null ? String.format(Locale.ROOT, "%.0e throughout", t.learningRate())
                    : String.format(Locale.ROOT, "%.0e decayed to %.0e after %s iterations", t.learningRate(), it.decayedLearningRate(),
                    LarsStudy.count(it.decayAfter())), it != null && t.learningRate() == 3e-4 && it.decayedLearningRate() == 1e-4
                    && it.decayAfter() == 1_000_000);
            case "batch" -> row(String.valueOf(t.batchSize()), t.batchSize() == 128);
            case "training length" -> row(it == null ? "at most " + t.maxEpochs() + " epochs, early stopping after "
                    + t.patience() + " epochs without a better validation ELBO" : LarsStudy.count(it.total())
                    + " iterations, rounded up to a whole epoch" + (t.patience() == Integer.MAX_VALUE ? "; no early stopping"
                    : "; early stopping after " + t.patience() + " epochs"), it != null && it.total() == 10_000_000L
                    && t.patience() == Integer.MAX_VALUE);
            case "warm-up" -> row(it == null ? t.warmupEpochs() + " epochs" : LarsStudy.count(it.warmup()) + " iterations",
                    it != null && it.warmup() == 100_000);
            case "evaluated model" -> row("the epoch with the best validation ELBO", false);
            case "acceptance network" -> row("MLP[d-" + p.network().substring(1, p.network().length() - 1) + "-1], tanh, logistic",
                    p.hidden().equals(List.of(100, 100)));
            case "truncation" -> row("T = " + LarsStudy.tText(p.truncation()), p.truncation() == 100);
            case "training estimate of Z" -> row(p.trainingSamples() + " draws per step, eps = " + p.smoothing() + " (Algorithm 1)",
                    p.trainingSamples() == 1024 && (p.smoothing() == 0.01 || p.smoothing() == 0.1));
            case "Z for evaluation" -> row(LarsStudy.count(p.evaluationSamples()) + " draws, antithetic pairs (10^10 draws cost "
                    + "about 8 hours per model on one core here: BENCHMARKS.md)", p.evaluationSamples() == 10_000_000_000L);
            case "test NLL" -> row(s.eval().iwSamples() + " importance samples on " + (s.eval().testLimit() == 0 ? "all"
                    : "the first " + s.eval().testLimit()) + " test images", s.eval().iwSamples() == 1000 && s.eval().testLimit() == 0);
            case "seeds" -> row(s.seeds() + (s.seeds() == 1 ? " seed" : " seeds"), s.seeds() > 1);
            case "T ladder (Table D.3)" -> row(s.ladder().stream().map(LarsStudy::tText).reduce((x, y) -> x + " / " + y).orElse("none")
                    + " with a = MLP" + p.network(), s.ladder().equals(List.of(2, 5, 10, 50, 100, ResampledPrior.UNTRUNCATED))
                    && p.hidden().equals(List.of(100, 100)));
            case "networks (Table D.2)" -> row(s.networksBySize().stream().map(h -> p.withHidden(h).network())
                    .reduce((x, y) -> x + " / " + y).orElse("none") + " at T = " + LarsStudy.tText(p.truncation()),
                    Set.copyOf(s.networks()).equals(Set.of(List.of(10, 10), List.of(50, 50), List.of(100, 100), List.of(50, 50, 50),
                            List.of(100, 100, 100))) && p.truncation() == 100);
            case "post hoc (Table D.1)" -> row("encoder and decoder frozen, a(z) trained on the ELBO: "
                    + LarsStudy.trainingText(s.postHocTrain()) + "; on " + s.postHocData().stream().map(d -> d.id().name())
                    .reduce((x, y) -> x + " and " + y).orElse("no data set with a paper row"), null);
            case "2-D latent (D.8)" -> row("d = 2 on " + s.ablation().id() + "; jointly trained a = MLP[2-"
                    + dash(s.plane().large()) + "-1] and MLP[2-" + dash(s.plane().small()) + "-1], seed 1 for both; post hoc on the "
                    + "standard VAE (a = MLP[2-" + dash(s.plane().large()) + "-1])", s.ablation().id() == DatasetId.MNIST
                    && s.plane().large().equals(List.of(100, 100)) && s.plane().small().equals(List.of(20, 20)));
            case "2-D fits (Fig. 2)" -> row(String.format(Locale.ROOT, "%d Gaussians on a grid (std %.2f); a = MLP[%s] and MLP[%s]; "
                    + "maximum likelihood, %d Adam steps", s.fits().target().components(), s.fits().target().std(),
                    dash(s.fits().small()), dash(s.fits().large()), s.fits().steps()), null);
            default -> row("(no counterpart)", false);
        };
    }

    private static String[] row(String text, Boolean same) {
        return new String[]{text, same == null ? "not stated" : same ? "yes" : "no"};
    }

    private static String dash(List<Integer> h) {
        return h.stream().map(String::valueOf).reduce((x, y) -> x + "-" + y).orElse("");
    }

    private static String dataText(DatasetSpec d) {
        DatasetId paper = PaperNumbers.paperDataset(d.id());
        String sub = d.id() == paper ? "" : " (stands in for " + paper + ": not the paper's setting)";
        return d.id() + (d.trainLimit() > 0 ? " (first " + d.trainLimit() + " training images)" : "") + sub;
    }

    // ---- findings ----

    /**
     * The paper's claims this study can test, as the paper states them, each judged by the project's one rule.
     *
     * @param s the study
     * @param r its finished runs
     * @return the findings, in the paper's order
     */
    public static List<Finding> findings(LarsStudy s, LarsStudy.Results r) {
        List<Finding> out = new ArrayList<>(fitFindings(s, r));
        out.addAll(table1Findings(s, r));
        out.addAll(truncationFindings(s, r));
        out.addAll(networkFindings(s, r));
        out.addAll(postHocFindings(s, r));
        out.addAll(planeFindings(s, r));
        return out;
    }

    static List<Finding> fitFindings(LarsStudy s, LarsStudy.Results r) {
        List<Finding> out = new ArrayList<>();
        DensityFitRun.Result small = r.fit(s.fitSmall());
        DensityFitRun.Result large = r.fit(s.fitLarge());
        double zSmall = small.z().standardError() / small.z().mean();
        double zLarge = large.z().standardError() / large.z().mean();
        String sm = "MLP" + s.fitSmall().density().network();
        String lg = "MLP" + s.fitLarge().density().network();
        out.add(Finding.of("\"an even simpler network (1 layer of 10 units) already learns to cut away the unnecessary tails of the "
                        + "proposal and leads to a better fit than the proposal\": KL(q || p) with a = " + sm + " is below KL(q || N(0, I))",
                FIG2, Finding.difference(List.of(minus(small.klProposal(), small.klFit())), zSmall), "nats"));
        out.add(Finding.of("\"samples from the higher capacity model are closer to the target (lower KL to the target)\": " + lg
                + " below " + sm, FIG2, Finding.difference(List.of(minus(small.klFit(), large.klFit())), zSmall, zLarge), "nats"));
        out.add(Finding.of("\"the sampling efficiency is lower (smaller Z)\": Z of " + lg + " below Z of " + sm, FIG2,
                minus(small.z(), large.z()), "(Z)"));
        return out;
    }

    static List<Finding> table1Findings(LarsStudy s, LarsStudy.Results r) {
        List<Finding> out = new ArrayList<>();
        for (DatasetSpec d : s.table1Data()) {
            Estimate g = gain(s, r, seed -> s.standard(d, seed), seed -> s.joint(d, seed), NLL);
            out.add(Finding.of("\"In all cases considered ... the resampled prior outperforms the standard prior\": lower test NLL on "
                    + d.id(), TABLE1, g, "nats"));
            String paperGain = PaperNumbers.larsTable1(ArchitectureSpec.Kind.VAE, d.id())
                    .map(p -> String.format(Locale.ROOT, "; the paper's VAE gains %.2f nats on %s", p[0] - p[1],
                            PaperNumbers.paperDataset(d.id()))).orElse("");
            out.add(Finding.of("\"In most cases, the improvement in the NLL exceeds 1 nat\": the gain less 1 nat is positive on " + d.id()
                    + paperGain, TABLE1, new Estimate(g.mean() - 1, g.standardError(), g.n()), "nats"));
        }
        return out;
    }

    static List<Finding> truncationFindings(LarsStudy s, LarsStudy.Results r) {
        List<Finding> out = new ArrayList<>();
        List<Integer> ts = s.ladder();
        IntFunction<VaeRun<?>> prev = seed -> s.standard(s.ablation(), seed);
        String prevText = "the standard prior (T = 1)";
        Estimate prevZ = new Estimate(1, 0, 0);
        for (int t : ts) {
            IntFunction<VaeRun<?>> cur = seed -> s.truncation(t, seed);
            String curText = "T = " + LarsStudy.tText(t);
            out.add(Finding.of("\"the NLL improves as the number of steps before truncating increases\": " + curText + " below "
                    + prevText, D3, gain(s, r, prev, cur, NLL), "nats"));
            Estimate z = z(over(s, r, cur));
            if (prevZ.n() > 0) {
                out.add(Finding.of("\"whereas the value for Z decreases accordingly\": Z at " + curText + " below Z at " + prevText, D3,
                        minus(prevZ, z), "(Z)"));
            }
            prev = cur;
            prevText = curText;
            prevZ = z;
        }
        if (ts.contains(s.lars().truncation())) {
            int t = s.lars().truncation();
            IntFunction<VaeRun<?>> std = seed -> s.standard(s.ablation(), seed);
            IntFunction<VaeRun<?>> l = seed -> s.truncation(t, seed);
            Estimate kl = gain(s, r, std, l, KL);
            Estimate re = gain(s, r, std, l, RE);
            String at = " (T = " + LarsStudy.tText(t) + " vs the standard prior)";
            out.add(Finding.of("\"The gains in the NLL come both from the KL ...\": a lower test KL" + at, D3, kl, "nats"));
            out.add(Finding.of("\"... as well as the reconstruction term\": a lower reconstruction error" + at, D3, re, "nats"));
            List<Estimate> perSeed = new ArrayList<>();
            for (int seed = 1; seed <= s.seeds(); seed++) {
                Optional<EvalResult[]> m = pair(r, std.apply(seed), l.apply(seed));
                if (m.isEmpty()) {
                    continue;
                }
                EvalResult a = m.get()[0];
                EvalResult b = m.get()[1];
                double[] d = new double[a.klPerImage().length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = (a.klPerImage()[i] - b.klPerImage()[i]) - (a.reconstructionPerImage()[i] - b.reconstructionPerImage()[i]);
                }
                perSeed.add(Estimate.of(d));
            }
            out.add(Finding.of("\"though the relative contribution from the KL is larger\": the KL gain exceeds the "
                    + "reconstruction gain" + at, D3, Finding.difference(perSeed, zError(s, r, l)), "nats"));
        }
        return out;
    }

    static List<Finding> networkFindings(LarsStudy s, LarsStudy.Results r) {
        List<Finding> out = new ArrayList<>();
        List<List<Integer>> nets = s.networksBySize();
        if (nets.isEmpty()) {
            return out;
        }
        IntFunction<VaeRun<?>> std = seed -> s.standard(s.ablation(), seed);
        List<Integer> first = nets.get(0);
        out.add(Finding.of("\"even a simple architecture can already notably improve over a standard prior\": a = MLP"
                + s.lars().withHidden(first).network() + " below the standard prior", D2,
                gain(s, r, std, seed -> s.network(first, seed), NLL), "nats"));
        for (int i = 1; i < nets.size(); i++) {
            List<Integer> a = nets.get(i - 1);
            List<Integer> b = nets.get(i);
            out.add(Finding.of("\"with successively more expressive networks further improving performance\": MLP"
                    + s.lars().withHidden(b).network() + " below MLP" + s.lars().withHidden(a).network(), D2,
                    gain(s, r, seed -> s.network(a, seed), seed -> s.network(b, seed), NLL), "nats"));
        }
        return out;
    }

    static List<Finding> postHocFindings(LarsStudy s, LarsStudy.Results r) {
        List<Finding> out = new ArrayList<>();
        for (DatasetSpec d : s.postHocData()) {
            IntFunction<VaeRun<?>> std = seed -> s.standard(d, seed);
            IntFunction<VaeRun<?>> ph = seed -> s.postHoc(d, seed);
            IntFunction<VaeRun<?>> joint = seed -> s.joint(d, seed);
            String on = " (" + d.id() + ")";
            out.add(Finding.of("\"Applied post-hoc to a pretrained model ... the resampled prior almost reaches the performance of a "
                    + "jointly trained model\": post-hoc LARS improves the standard VAE's ELBO" + on, D1,
                    gain(s, r, std, ph, NEG_ELBO), "nats"));
            out.add(Finding.of("\"the gain in ELBO is entirely due to a reduction in the KL\": a lower KL post hoc" + on, D1,
                    gain(s, r, std, ph, KL), "nats"));
            out.add(Finding.of("\"joint training reduces both\": a lower KL than the standard VAE" + on, D1,
                    gain(s, r, std, joint, KL), "nats"));
            out.add(Finding.of("\"joint training reduces both\": a lower reconstruction error than the standard VAE" + on, D1,
                    gain(s, r, std, joint, RE), "nats"));
            out.add(Finding.of("\"and reaches a better ELBO\" than post-hoc LARS" + on, D1, gain(s, r, ph, joint, NEG_ELBO), "nats"));
            out.add(Finding.of("\"though the reduction in KL is smaller than for post-hoc training\": the joint KL above the post-hoc KL"
                    + on, D1, gain(s, r, joint, ph, KL), "nats"));
        }
        return out;
    }

    static List<Finding> planeFindings(LarsStudy s, LarsStudy.Results r) {
        List<Finding> out = new ArrayList<>();
        LatentPlaneRun.Result ph = r.plane(s.planeOf(s.planePostHoc(1)));
        LatentPlaneRun.Result large = r.plane(s.planeOf(s.planeJoint(s.plane().large(), 1)));
        LatentPlaneRun.Result small = r.plane(s.planeOf(s.planeJoint(s.plane().small(), 1)));
        out.add(Finding.of("\"the LARS prior matches the aggregate posterior very well\" (KL 0.15 against the standard VAE's 0.4): "
                        + "jointly trained large a(z), KL(q || p) below the standard VAE's KL(q || N(0, I))", D8 + " (Figs. D.10, D.11)",
                Finding.difference(List.of(minus(ph.klProposalMc(), large.klPriorMc())), large.zError()), "nats"));
        out.add(Finding.of("\"the KL between the proposal and the aggregate posterior is larger than for the regular VAE\"", D8
                + " (Fig. D.11)", minus(large.klProposalMc(), ph.klProposalMc()), "nats"));
        out.add(Finding.of("\"The final KL between aggregate posterior and resampled prior is slightly larger\" with the small a(z) "
                + "(0.20 against 0.15)", D8 + " (Fig. D.12)",
                Finding.difference(List.of(minus(small.klPriorMc(), large.klPriorMc())), small.zError(), large.zError()), "nats"));
        out.add(Finding.of("post hoc, \"the LARS prior matches it much better than the standard Normal proposal\"", D8
                + " (Fig. D.13)", Finding.difference(List.of(ph.gainMc()), ph.zError()), "nats"));
        out.add(Finding.of("post hoc, LARS fits the aggregate posterior \"even slightly better than in the jointly trained case\"",
                D8 + " (Fig. D.13)", Finding.difference(List.of(minus(large.klPriorMc(), ph.klPriorMc())), large.zError(),
                        ph.zError()), "nats"));
        return out;
    }

    /** a - b of two independent estimates. */
    private static Estimate minus(Estimate a, Estimate b) {
        return new Estimate(a.mean() - b.mean(), Math.hypot(a.standardError(), b.standardError()), Math.min(a.n(), b.n()));
    }

    /**
     * Observations of this run that are not the paper's claims, or claims the rule cannot judge (qualitative
     * ones), stated as such.
     *
     * @param s the study
     * @param r its finished runs
     * @return an HTML list
     */
    public static String observations(LarsStudy s, LarsStudy.Results r) {
        List<String> out = new ArrayList<>();
        out.add("Qualitative, shown as figures and not judged by the rule: \"Samples with a(z) \u2248 1 are visually pleasing and "
                + "show almost no artefacts, whereas samples with a(z) \u2264 10^-10 look poor\" (main text; Figs. 3, D.5, D.8).");
        for (DatasetSpec d : s.postHocData()) {
            double std = metric(over(s, r, seed -> s.standard(d, seed)), EvalResult::negativeElbo);
            double ph = metric(over(s, r, seed -> s.postHoc(d, seed)), EvalResult::negativeElbo);
            double joint = metric(over(s, r, seed -> s.joint(d, seed)), EvalResult::negativeElbo);
            double reStd = metric(over(s, r, seed -> s.standard(d, seed)), EvalResult::reconstruction);
            double rePh = metric(over(s, r, seed -> s.postHoc(d, seed)), EvalResult::reconstruction);
            out.add(String.format(Locale.ROOT, "%s: post-hoc LARS recovers %.0f%% of the joint gain in -ELBO (%.2f of %.2f nats; the "
                            + "paper: %s); its reconstruction term moves by %+.4f nats (it cannot: the decoder is frozen and the test "
                            + "noise is the same).", d.id(), 100 * (std - ph) / (std - joint), std - ph, std - joint,
                    PaperNumbers.larsPostHoc(d.id(), "standard").map(p -> {
                        double[] q = PaperNumbers.larsPostHoc(d.id(), "post-hoc").orElseThrow();
                        double[] j = PaperNumbers.larsPostHoc(d.id(), "joint").orElseThrow();
                        return String.format(Locale.ROOT, "%.0f%%", 100 * (p[0] - q[0]) / (p[0] - j[0]));
                    }).orElse("no row"), rePh - reStd));
        }
        if (!s.networks().isEmpty() && s.ladder().size() > 1) {
            Estimate zNetLo = z(over(s, r, seed -> s.network(s.networksBySize().get(0), seed)));
            Estimate zNetHi = z(over(s, r, seed -> s.network(s.networksBySize().get(s.networksBySize().size() - 1), seed)));
            Estimate zTLo = z(over(s, r, seed -> s.truncation(s.ladder().get(0), seed)));
            Estimate zTHi = z(over(s, r, seed -> s.truncation(s.ladder().get(s.ladder().size() - 1), seed)));
            out.add(String.format(Locale.ROOT, "\"Z is influenced much more by the truncation parameter than the network "
                            + "architecture\" (D.3): across the networks Z goes from %.3g to %.3g, across the T ladder from %.3g to %.3g.",
                    zNetLo.mean(), zNetHi.mean(), zTLo.mean(), zTHi.mean()));
        }
        StringBuilder sb = new StringBuilder("<ul>");
        out.forEach(line -> sb.append("<li>").append(HtmlTable.escape(line)).append("</li>"));
        return sb.append("</ul>").toString();
    }

    // ---- table plumbing ----

    /** Rows of per-model statistics, keyed by text columns, built model by model. */
    private static final class Rows {
        private final StringColumn[] keys;
        private final DoubleColumn nll = DoubleColumn.create("NLL");
        private final DoubleColumn nllSe = DoubleColumn.create("NLL se");
        private final DoubleColumn zErr = DoubleColumn.create("NLL se from Z");
        private final DoubleColumn z = DoubleColumn.create("Z");
        private final DoubleColumn zSe = DoubleColumn.create("Z se");
        private final DoubleColumn kl = DoubleColumn.create("KL");
        private final DoubleColumn re = DoubleColumn.create("RE");
        private final DoubleColumn elbo = DoubleColumn.create("-ELBO");

        Rows(String... keyNames) {
            keys = new StringColumn[keyNames.length];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = StringColumn.create(keyNames[i]);
            }
        }

        void add(LarsStudy s, LarsStudy.Results r, String label, String key, IntFunction<? extends VaeRun<?>> model) {
            add(s, r, new String[]{label, key}, model);
        }

        void add(LarsStudy s, LarsStudy.Results r, String[] keyValues, IntFunction<? extends VaeRun<?>> model) {
            for (int i = 0; i < keys.length; i++) {
                keys[i].append(keyValues[i]);
            }
            List<VaeResult> runs = over(s, r, model);
            Estimate n = nll(runs);
            Estimate zz = z(runs);
            nll.append(n.mean());
            nllSe.append(n.standardError());
            zErr.append(zError(s, r, model));
            z.append(zz.mean());
            zSe.append(zz.standardError());
            kl.append(metric(runs, EvalResult::kl));
            re.append(metric(runs, EvalResult::reconstruction));
            elbo.append(metric(runs, EvalResult::negativeElbo));
        }

        Table table(String name) {
            Table t = Table.create(name, keys).addColumns(nll, nllSe, zErr, z, zSe, kl, re, elbo);
            format(t);
            return t;
        }
    }

    /** Print formats: 2 decimals for nats, 3 significant digits for Z and standard errors. */
    static void format(Table t) {
        for (String name : t.columnNames()) {
            if (t.column(name) instanceof DoubleColumn c) {
                boolean sig = name.contains("Z") || name.contains("se") || name.contains("bias") || name.contains("shift")
                        || name.contains("draws");
                c.setPrintFormatter(sig ? new NumberColumnFormatter(new Significant(3), "") : NumberColumnFormatter.fixedWithGrouping(2));
            }
        }
    }

    /** A copy of a paper table with columns renamed: pairs of (old, new) names. */
    static Table renamed(Table t, String... pairs) {
        Table c = t.copy();
        for (int i = 0; i < pairs.length; i += 2) {
            c.column(pairs[i]).setName(pairs[i + 1]);
        }
        for (String name : c.columnNames()) {
            if (c.column(name) instanceof DoubleColumn d) {
                d.setPrintFormatter(new NumberColumnFormatter(new Significant(4), ""));
            }
        }
        return c;
    }

    /** A number format with a given count of significant digits ("%.3g"), for Tablesaw's print formatters. */
    static final class Significant extends NumberFormat {
        private static final long serialVersionUID = 1L;
        private final int digits;

        Significant(int digits) {
            this.digits = digits;
        }

        @Override
        public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(Double.isNaN(number) ? "" : String.format(Locale.ROOT, "%." + digits + "g", number)
                    .replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replaceAll("\\.(e|$)", "$1"));
        }

        @Override
        public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
            return format((double) number, toAppendTo, pos);
        }

        @Override
        public Number parse(String source, ParsePosition parsePosition) {
            throw new UnsupportedOperationException("a print format only");
        }
    }
}
