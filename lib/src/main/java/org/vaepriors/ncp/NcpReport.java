package org.vaepriors.ncp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import org.vaepriors.experiment.Finding;
import org.vaepriors.experiment.PaperNumbers;
import org.vaepriors.math.Estimate;
import org.vaepriors.notebook.HtmlTable;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Notebook 05's tables, findings and protocol, from an {@link NcpStudy} and its finished runs: typed Tablesaw tables
 * (numbers in numeric columns with print formats, standard errors in their own columns, the paper's section J
 * joined beside ours), and the paper's claims judged by the project's one rule ({@link Finding}) with log Z's
 * Monte Carlo error carried in.
 */
public final class NcpReport {
    static final String J = "NCP-VAE supplement, section J (Fig. 13)";

    private NcpReport() {
    }

    /**
     * Mean log-likelihoods and low-density shares, averaged over the study's seeds, beside the paper's.
     *
     * @param s the study
     * @param r its finished runs
     * @return one row per density: the true mixture, the VAE, NCP-VAE, and the aggregate posterior decoded
     */
    public static Table table(NcpStudy s, NcpStudy.Results r) {
        List<NcpRun.Numbers> runs = s.ncpRuns().stream().map(c -> r.ncp(c).numbers()).toList();
        StringColumn model = StringColumn.create("model");
        StringColumn what = StringColumn.create("what");
        DoubleColumn ll = DoubleColumn.create("mean log p(x)");
        DoubleColumn llSe = DoubleColumn.create("se");
        DoubleColumn logZ = DoubleColumn.create("log Z");
        DoubleColumn logZSe = DoubleColumn.create("log Z se");
        DoubleColumn far = DoubleColumn.create(String.format(Locale.ROOT, "share > %.0f sd from every mode", s.lowDensitySigmas()));
        DoubleColumn farSe = DoubleColumn.create("share se");
        int m = s.generated();
        Estimate entropy = over(runs.stream().map(NcpRun.Numbers::entropy).toList());
        row(model, what, "true mixture", "-H, the best any model can reach", ll, llSe, new Estimate(-entropy.mean(),
                entropy.standardError(), entropy.n()), logZ, logZSe, null, far, farSe, share(runs, NcpRun.Numbers::dataLowDensityShare, m));
        row(model, what, "VAE", "decoded from p(z) = N(0, I)", ll, llSe, over(runs.stream().map(NcpRun.Numbers::vaeLogLikelihood)
                .toList()), logZ, logZSe, null, far, farSe, share(runs, NcpRun.Numbers::vaeLowDensityShare, m));
        row(model, what, "NCP-VAE", "decoded from p(z) r(z) / Z", ll, llSe, over(runs.stream()
                        .map(n -> new Estimate(n.ncpLogLikelihood().mean(), Math.hypot(n.ncpLogLikelihood().standardError(),
                                n.logZ().standardError()), n.ncpLogLikelihood().n())).toList()), logZ, logZSe,
                over(runs.stream().map(NcpRun.Numbers::logZ).toList()), far, farSe,
                share(runs, NcpRun.Numbers::ncpLowDensityShare, m));
        row(model, what, "q(z) decoded", "decoded from the aggregate posterior: a prior equal to q(z) would give this", ll, llSe,
                null, logZ, logZSe, null, far, farSe, share(runs, NcpRun.Numbers::posteriorLowDensityShare, m));
        Table t = Table.create(String.format(Locale.ROOT, "25-Gaussians (std %.2f): %,d test points, S = %d, log Z from %,d "
                        + "samples, %,d generated points, %d %s; ours beside the paper's (its mixture's width not stated)",
                s.mixture().std(), s.testPoints(), s.iwSamples(), s.ncp().logZSamples(), m, s.seeds(), s.seeds() == 1 ? "seed" : "seeds"),
                model, what, ll, llSe, logZ, logZSe, far, farSe);
        for (DoubleColumn c : List.of(ll, logZ)) {
            c.setPrintFormatter(new NumberColumnFormatter(fixed(3), ""));
        }
        for (DoubleColumn c : List.of(llSe, logZSe, farSe)) {
            c.setPrintFormatter(new NumberColumnFormatter(fixed(4), ""));
        }
        far.setPrintFormatter(NumberColumnFormatter.percent(1));
        farSe.setPrintFormatter(NumberColumnFormatter.percent(2));
        Table paper = PaperNumbers.table("ncp-vae-section-j.csv").copy();
        paper.column("log_likelihood").setName("paper mean log p(x)");
        return t.joinOn("model").leftOuter(paper);
    }

    /**
     * log Z checked, seed by seed: the run's estimate, {@code checkFactor} times the samples, the measured and the
     * delta method's bias, the effective sample size, and the shift of NCP's mean log-likelihood.
     *
     * @param s the study
     * @param r its finished runs
     * @return the table
     */
    public static Table logZ(NcpStudy s, NcpStudy.Results r) {
        IntColumn seed = IntColumn.create("seed");
        IntColumn n = IntColumn.create("samples");
        DoubleColumn logZ = DoubleColumn.create("log Z");
        DoubleColumn logZSe = DoubleColumn.create("log Z se");
        DoubleColumn check = DoubleColumn.create("log Z, " + s.checkFactor() + "x samples");
        DoubleColumn checkSe = DoubleColumn.create("its se");
        DoubleColumn bias = DoubleColumn.create("log Z bias, measured");
        DoubleColumn biasSe = DoubleColumn.create("bias se");
        DoubleColumn delta = DoubleColumn.create("bias, delta method");
        DoubleColumn ess = DoubleColumn.create("effective samples");
        DoubleColumn shift = DoubleColumn.create("NCP log p(x) shift");
        for (int i = 1; i <= s.seeds(); i++) {
            LogZCheckRun.Result x = r.check(s.check(i));
            seed.append(i);
            n.append(x.samples());
            logZ.append(x.logZ().mean());
            logZSe.append(x.logZ().standardError());
            check.append(x.logZCheck().mean());
            checkSe.append(x.logZCheck().standardError());
            bias.append(x.bias().mean());
            biasSe.append(x.bias().standardError());
            delta.append(x.deltaBias());
            ess.append(x.ess());
            shift.append(x.logLikelihoodShift());
        }
        Table t = Table.create("NCP's log Z, checked (nats; a negative bias of log Z raises NCP's reported log-likelihood)", seed, n,
                logZ, logZSe, check, checkSe, bias, biasSe, delta, ess, shift);
        for (DoubleColumn c : List.of(logZ, check)) {
            c.setPrintFormatter(new NumberColumnFormatter(fixed(4), ""));
        }
        for (DoubleColumn c : List.of(logZSe, checkSe, bias, biasSe, delta, shift)) {
            c.setPrintFormatter(new NumberColumnFormatter(fixed(5), ""));
        }
        ess.setPrintFormatter(NumberColumnFormatter.intsWithGrouping());
        n.setPrintFormatter(NumberColumnFormatter.intsWithGrouping());
        return t;
    }

    /**
     * Section J's protocol line by line (from {@code ncp-protocol.csv}) beside the study's.
     *
     * @param s the study
     * @return the table: every "no" row is a difference, every "not stated" row is ours
     */
    public static Table protocol(NcpStudy s) {
        Table paper = PaperNumbers.table("ncp-protocol.csv");
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
        return Table.create("Protocol: ours (" + s.profile() + ") vs section J's", setting, theirs, ours, same);
    }

    private static String[] ours(NcpStudy s, String key) {
        ContinuousVae.Spec v = s.vae();
        NoiseContrastivePrior.Spec c = s.ncp();
        ContinuousVaeTrainer.Schedule t = s.vaeSchedule();
        return switch (key) {
            case "data" -> row(String.format(Locale.ROOT, "%d Gaussians on a grid with spacing 2 and std %.2f (MATH.md); %,d "
                    + "training points", s.mixture().components(), s.mixture().std(), s.trainPoints()),
                    s.mixture().components() == 25 ? "not stated" : "no");
            case "VAE" -> row(String.format(Locale.ROOT, "encoder and decoder %d x %d, ReLU; d = %d; Gaussian likelihood with a "
                    + "learned variance per dimension (ours)", v.layers(), v.hidden(), v.latentDim()),
                    v.layers() == 4 && v.hidden() == 256 && v.latentDim() == 20 ? "yes" : "no");
            case "VAE training" -> row(String.format(Locale.ROOT, "%,d steps of AdamNormGrad, batch %d, lr %.0e (a tenth for the "
                    + "last quarter), KL warm-up over %,d steps", t.steps(), t.batchSize(), t.learningRate(), t.warmupSteps()), "not stated");
            case "prior of the VAE" -> row(c.base().label(), "yes");
            case "discriminator" -> row(String.format(Locale.ROOT, "%d x %d, ReLU, one logit", c.layers(), c.hidden()),
                    c.layers() == 4 && c.hidden() == 256 ? "yes" : "no");
            case "discriminator training" -> row(String.format(Locale.ROOT, "%,d steps of Adam at %.0e, %d samples of each class per "
                    + "step", c.steps(), c.learningRate(), c.batchSize()), "not stated");
            case "log-likelihood" -> row(String.format(Locale.ROOT, "%,d fresh samples; importance sampling through the encoder "
                    + "with S = %d", s.testPoints(), s.iwSamples()), s.testPoints() == 50_000 ? "yes" : "no");
            case "log partition function" -> row(String.format(Locale.ROOT, "%,d Monte Carlo samples (checked with %dx)",
                    c.logZSamples(), s.checkFactor()), c.logZSamples() == 20_000 ? "yes" : "no");
            case "sampling from the NCP prior" -> row(String.format(Locale.ROOT, "sampling-importance-resampling, %d proposals per "
                    + "sample", c.proposalsPerSample()), "not stated");
            case "seeds" -> row(s.seeds() + (s.seeds() == 1 ? " seed" : " seeds"), "not stated");
            default -> row("(no counterpart)", "no");
        };
    }

    private static String[] row(String text, String same) {
        return new String[]{text, same};
    }

    /**
     * Section J's claims, as the paper states them, judged by the one rule over the study's seeds.
     *
     * @param s the study
     * @param r its finished runs
     * @return the findings
     */
    public static List<Finding> findings(NcpStudy s, NcpStudy.Results r) {
        List<Estimate> far = new ArrayList<>();
        List<Estimate> gain = new ArrayList<>();
        List<Double> logZErrors = new ArrayList<>();
        int m = s.generated();
        for (NcpRun c : s.ncpRuns()) {
            NcpRun.Result x = r.ncp(c);
            NcpRun.Numbers n = x.numbers();
            double pv = n.vaeLowDensityShare();
            double pn = n.ncpLowDensityShare();
            far.add(new Estimate(pv - pn, Math.sqrt(pv * (1 - pv) / m + pn * (1 - pn) / m), m));
            gain.add(x.pairedGain());
            logZErrors.add(n.logZ().standardError() / s.seeds());
        }
        List<Finding> out = new ArrayList<>();
        out.add(Finding.of(String.format(Locale.ROOT, "\"the samples decoded from prior p(z) ... without the NCP approach generates "
                        + "many points from the low density regions in the data distribution. These are removed by using our NCP "
                        + "approach\": NCP-VAE's share of generated points farther than %.0f sd from every mode is below the VAE's",
                s.lowDensitySigmas()), J, Finding.difference(far), "(share)"));
        out.add(Finding.of("\"Our NCP-VAE obtains an average log-likelihood of -0.954 nats compared to the log-likelihood obtained "
                + "by vanilla VAE, -2.753 nats\": NCP-VAE's mean log-likelihood is above the VAE's", J,
                Finding.difference(gain, logZErrors.stream().mapToDouble(Double::doubleValue).toArray()), "nats"));
        return out;
    }

    /**
     * What this run shows beyond the verdicts, stated as observations.
     *
     * @param s the study
     * @param r its finished runs
     * @return an HTML list
     */
    public static String observations(NcpStudy s, NcpStudy.Results r) {
        List<NcpRun.Numbers> runs = s.ncpRuns().stream().map(c -> r.ncp(c).numbers()).toList();
        double h = runs.stream().mapToDouble(n -> n.entropy().mean()).average().orElse(Double.NaN);
        double vae = runs.stream().mapToDouble(n -> n.vaeLogLikelihood().mean()).average().orElse(Double.NaN);
        double ncp = runs.stream().mapToDouble(n -> n.ncpLogLikelihood().mean()).average().orElse(Double.NaN);
        double paperGain = PaperNumbers.ncp("NCP-VAE") - PaperNumbers.ncp("VAE");
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "The gain is %+.3f nats here, %+.2f in the paper. Absolute values do not compare with "
                + "the paper's: it states neither the mixture's width nor its spacing. With std %.2f the best achievable mean "
                + "log-likelihood is %.3f nats; NCP-VAE is %.3f nats below it, the VAE %.3f.", ncp - vae, paperGain, s.mixture().std(),
                -h, -h - ncp, -h - vae));
        double floor = runs.stream().mapToDouble(NcpRun.Numbers::posteriorLowDensityShare).average().orElse(Double.NaN);
        double nf = runs.stream().mapToDouble(NcpRun.Numbers::ncpLowDensityShare).average().orElse(Double.NaN);
        out.add(String.format(Locale.ROOT, "\"Removed\" has a floor: the decoder itself puts %.1f%% of the points it decodes from the "
                + "aggregate posterior q(z) into low-density regions, so a perfect prior could not go below that with this VAE; "
                + "NCP-VAE puts %.1f%% there.", 100 * floor, 100 * nf));
        for (int i = 1; i <= s.seeds(); i++) {
            LogZCheckRun.Result x = r.check(s.check(i));
            out.add(String.format(Locale.ROOT, "log Z (seed %d) from %,d samples: %.4f \u00b1 %.4f; from %dx the samples %.4f. The "
                            + "bias of log Z at %,d samples, measured over %d independent batches: %+.5f \u00b1 %.5f nats (the delta "
                            + "method's -se^2/2: %+.5f); %.0f effective samples of %,d. With the larger sample NCP's mean "
                            + "log-likelihood moves by %+.4f nats.", i, x.samples(), x.logZ().mean(), x.logZ().standardError(),
                    s.checkFactor(), x.logZCheck().mean(), x.samples(), s.checkFactor(), x.bias().mean(), x.bias().standardError(),
                    x.deltaBias(), x.ess(), x.samples(), x.logLikelihoodShift()));
        }
        StringBuilder sb = new StringBuilder("<ul>");
        out.forEach(line -> sb.append("<li>").append(HtmlTable.escape(line)).append("</li>"));
        return sb.append("</ul>").toString();
    }

    /** The mean over seeds with the rule's combined standard error. */
    private static Estimate over(List<Estimate> perSeed) {
        return Finding.difference(perSeed);
    }

    private static Estimate share(List<NcpRun.Numbers> runs, ToDoubleFunction<NcpRun.Numbers> f, int m) {
        return over(runs.stream().map(n -> {
            double p = f.applyAsDouble(n);
            return new Estimate(p, Math.sqrt(p * (1 - p) / m), m);
        }).toList());
    }

    private static void row(StringColumn model, StringColumn what, String name, String description, DoubleColumn ll,
                            DoubleColumn llSe, Estimate l, DoubleColumn logZ, DoubleColumn logZSe, Estimate z, DoubleColumn far,
                            DoubleColumn farSe, Estimate share) {
        model.append(name);
        what.append(description);
        append(ll, llSe, l);
        append(logZ, logZSe, z);
        append(far, farSe, share);
    }

    private static void append(DoubleColumn v, DoubleColumn se, Estimate e) {
        if (e == null) {
            v.appendMissing();
            se.appendMissing();
        } else {
            v.append(e.mean());
            se.append(e.standardError());
        }
    }

    private static java.text.NumberFormat fixed(int decimals) {
        java.text.DecimalFormat f = new java.text.DecimalFormat("0." + "0".repeat(decimals),
                java.text.DecimalFormatSymbols.getInstance(Locale.ROOT));
        return f;
    }

    /**
     * A grey-level picture of where 2-D points fall: log(1 + count) per pixel, scaled to [0, 1], y up.
     *
     * @param points {@code [n][2]}
     * @param lo     lower bound of both axes
     * @param hi     upper bound of both axes
     * @param side   pixels per side
     * @return {@code [side * side]} row-major, the top row the largest y
     */
    public static float[] histogram(double[][] points, double lo, double hi, int side) {
        float[] px = new float[side * side];
        for (double[] p : points) {
            int col = (int) Math.floor((p[0] - lo) / (hi - lo) * side);
            int row = side - 1 - (int) Math.floor((p[1] - lo) / (hi - lo) * side);
            if (col >= 0 && col < side && row >= 0 && row < side) {
                px[row * side + col]++;
            }
        }
        float max = 0;
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) Math.log1p(px[i]);
            max = Math.max(max, px[i]);
        }
        for (int i = 0; i < px.length && max > 0; i++) {
            px[i] /= max;
        }
        return px;
    }
}
