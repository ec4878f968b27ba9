package org.vaepriors.lars;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.vaepriors.data.DatasetId;
import org.vaepriors.eval.EvalResult;
import org.vaepriors.experiment.PaperNumbers;
import org.vaepriors.experiment.VaeResult;
import org.vaepriors.math.Estimate;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.notebook.HtmlTable;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;

/**
 * The LARS notebook's tables with the paper's numbers beside ours (labelled as the paper's, from
 * Bauer &amp; Mnih 2019, dynamic MNIST unless stated), and the "what we reproduced" text computed from
 * our numbers: a claim is reported as shown only when the run shows it beyond twice its standard error.
 */
public final class LarsReport {
    private LarsReport() {
    }

    /** What a table shows in place of the numbers of a run that diverged before it had any. */
    private static final String DIVERGED = "diverged";

    /**
     * A row of the LARS tables: a finished VAE run and its label.
     *
     * @param label  the row label
     * @param result the run's result
     */
    public record Row(String label, VaeResult result) {
        /** Validates the fields. */
        public Row {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(result, "result");
        }

        /** @return the test metrics */
        public EvalResult metrics() {
            return result.metrics();
        }

        /** @return Z as the run's evaluation estimated it, 1 exactly for a prior that is not resampled */
        public Estimate z() {
            return result.config().prior() instanceof ResampledPrior.Spec ? metrics().priorStatistic("Z")
                    : new Estimate(1, 0, 0);
        }

        /**
         * @param other a run evaluated on the same test images
         * @return this run's test NLL minus the other's, paired over images
         */
        public Estimate nllMinus(Row other) {
            return metrics().nllMinus(other.metrics());
        }
    }

    /**
     * Table D.2: network size of the acceptance function at T = 100.
     *
     * @param rows the standard prior first, then LARS runs
     * @return the table
     */
    public static Table networks(List<Row> rows) {
        Table t = base("Table D.2 (ours beside the paper's): acceptance network size, T = 100", rows);
        StringColumn pn = StringColumn.create("paper NLL");
        StringColumn pz = StringColumn.create("paper Z");
        for (Row r : rows) {
            double[] p = PaperNumbers.larsNetwork(lars(r) == null ? "standard" : lars(r).network()).orElse(null);
            pn.append(p == null ? "-" : f2(p[0]));
            pz.append(p == null ? "-" : g(p[1]));
        }
        return t.addColumns(pn, pz);
    }

    /**
     * Table D.3: truncation.
     *
     * @param rows the standard prior (T = 1) first, then LARS runs by increasing T
     * @return the table
     */
    public static Table truncations(List<Row> rows) {
        Table t = base("Table D.3 (ours beside the paper's): truncation T, a = MLP[100-100]", rows);
        StringColumn[] cols = {StringColumn.create("paper NLL"), StringColumn.create("paper Z"),
                StringColumn.create("paper KL"), StringColumn.create("paper RE")};
        for (Row r : rows) {
            double[] p = paperTruncation(truncationKey(r));
            for (int c = 0; c < 4; c++) {
                cols[c].append(p == null ? "-" : c == 1 ? g(p[c]) : f2(p[c]));
            }
        }
        return t.addColumns(cols);
    }

    /**
     * Table D.1: standard, post-hoc and joint.
     *
     * @param standard the VAE with the Gaussian prior
     * @param postHoc  LARS fitted post hoc on it
     * @param joint    LARS trained jointly
     * @return the table
     */
    public static Table postHoc(Row standard, Row postHoc, Row joint) {
        List<Row> rows = List.of(standard, postHoc, joint);
        Table t = base("Table D.1 (ours beside the paper's, dynamic MNIST): standard vs post-hoc vs joint", rows);
        StringColumn[] cols = {StringColumn.create("paper -ELBO"), StringColumn.create("paper KL"),
                StringColumn.create("paper RE"), StringColumn.create("paper Z")};
        for (String model : List.of("standard", "post-hoc", "joint")) {
            double[] p = PaperNumbers.larsPostHoc(DatasetId.MNIST_10K, model).orElseThrow();
            for (int c = 0; c < 4; c++) {
                cols[c].append(c == 3 ? g(p[c]) : f2(p[c]));
            }
        }
        return t.addColumns(cols);
    }

    /**
     * Table 1, VAE column: standard vs LARS per data set.
     *
     * @param pairs per data set, the standard run and the LARS run
     * @return the table
     */
    public static Table standardVsLars(List<Row[]> pairs) {
        StringColumn data = StringColumn.create("data");
        StringColumn std = StringColumn.create("NLL standard");
        StringColumn lars = StringColumn.create("NLL LARS");
        StringColumn diff = StringColumn.create("LARS - standard (paired)");
        StringColumn z = StringColumn.create("Z");
        StringColumn pStd = StringColumn.create("paper standard");
        StringColumn pLars = StringColumn.create("paper LARS");
        for (Row[] p : pairs) {
            DatasetId id = p[0].result().config().dataset().id();
            data.append(id.name());
            boolean both = p[0].result().hasMetrics() && p[1].result().hasMetrics();
            std.append(p[0].result().hasMetrics() ? pm(p[0].metrics().nll(), p[0].metrics().nllStandardError()) : DIVERGED);
            lars.append(p[1].result().hasMetrics() ? pm(p[1].metrics().nll(), p[1].metrics().nllStandardError()) : DIVERGED);
            Estimate d = both ? p[1].nllMinus(p[0]) : null;
            diff.append(both ? pm(d.mean(), d.standardError()) : "-");
            z.append(p[1].result().hasMetrics() ? zText(p[1].z()) : DIVERGED);
            double[] paper = PaperNumbers.larsTable1(ArchitectureSpec.Kind.VAE, id).orElse(null);
            pStd.append(paper == null ? "-" : f2(paper[0]) + paperData(id));
            pLars.append(paper == null ? "-" : f2(paper[1]));
        }
        return Table.create("Table 1, VAE (L = 1): test NLL in nats (ours beside the paper's)", data, std, lars, diff, z, pStd, pLars);
    }

    /**
     * The claims of the paper this notebook tests, each stated as shown, not shown (within noise) or
     * contradicted by this run's numbers.
     *
     * @param table1      Table 1 pairs (standard, LARS)
     * @param networks    Table D.2 rows (standard, then LARS by increasing network size)
     * @param truncations Table D.3 rows (standard, then LARS by increasing T)
     * @param d1          Table D.1 rows (standard, post-hoc, joint)
     * @return an HTML list
     */
    public static String claims(List<Row[]> table1, List<Row> networks, List<Row> truncations,
                                List<Row> d1) {
        List<String> out = new ArrayList<>();
        for (Row[] p : table1) {
            Estimate d = p[1].nllMinus(p[0]);
            out.add(verdict(d, "LARS beats the standard prior on " + p[0].result().config().dataset().id()
                    + ": test NLL " + diffText(d)));
        }
        List<Row> lars = truncations.subList(1, truncations.size());
        Estimate tGain = lars.get(lars.size() - 1).nllMinus(lars.get(0));
        out.add(verdict(tGain, "larger T lowers the NLL: T = " + tLabel(lars.get(lars.size() - 1)) + " vs T = "
                + tLabel(lars.get(0)) + ", " + diffText(tGain) + "; the NLL falls at " + falls(lars, true) + " of "
                + (lars.size() - 1) + " steps of the T ladder"));
        int zFalls = falls(lars, false);
        out.add(mark(zFalls == lars.size() - 1 ? 1 : zFalls == 0 ? -1 : 0, "larger T lowers Z: Z falls at " + zFalls
                + " of " + (lars.size() - 1) + " steps (" + zLadder(lars) + ")"));
        Estimate net = networks.get(networks.size() - 1).nllMinus(networks.get(1));
        out.add(verdict(net, "a larger acceptance network helps a little: " + lars(networks.get(networks.size() - 1)).network()
                + " vs " + lars(networks.get(1)).network() + ", " + diffText(net)));
        EvalResult s = d1.get(0).metrics();
        EvalResult ph = d1.get(1).metrics();
        EvalResult j = d1.get(2).metrics();
        double gainPost = s.negativeElbo() - ph.negativeElbo();
        double gainJoint = s.negativeElbo() - j.negativeElbo();
        double share = gainPost / gainJoint;
        out.add(mark(gainJoint > 0 && share >= 0.5 ? 1 : gainJoint > 0 && share > 0 ? 0 : -1, String.format(Locale.ROOT,
                "post-hoc LARS recovers most of the joint gain in ELBO: %.2f of %.2f nats (%.0f%%)", gainPost, gainJoint,
                100 * share)));
        double reChange = ph.reconstruction() - s.reconstruction();
        double klChange = ph.kl() - s.kl();
        out.add(mark(Math.abs(reChange) < 1e-3 && klChange < 0 ? 1 : -1, String.format(Locale.ROOT,
                "post-hoc, all of the gain is in the KL: KL %+.2f nats, reconstruction %+.4f nats", klChange, reChange)));
        StringBuilder sb = new StringBuilder("<ul>");
        out.forEach(line -> sb.append("<li>").append(line).append("</li>"));
        return sb.append("</ul>").toString();
    }

    /**
     * The 2-D illustration's claims (Fig. 2): both acceptance networks fit the target better than the
     * proposal, and the larger one fits better at a lower Z.
     *
     * @param proposal KL(q || pi)
     * @param small    KL(q || p) with MLP[10]
     * @param large    KL(q || p) with MLP[10-10]
     * @param zSmall   Z of MLP[10]
     * @param zLarge   Z of MLP[10-10]
     * @return an HTML list
     */
    public static String densityClaims(Estimate proposal, Estimate small, Estimate large, Estimate zSmall, Estimate zLarge) {
        double se = Math.hypot(small.standardError(), proposal.standardError());
        double se2 = Math.hypot(small.standardError(), large.standardError());
        return "<ul><li>" + mark(small.mean() < proposal.mean() - 2 * se ? 1 : -1, String.format(Locale.ROOT,
                "even MLP[10] fits the target better than the proposal: KL %.3f vs %.3f nats", small.mean(), proposal.mean()))
                + "</li><li>" + mark(large.mean() < small.mean() - 2 * se2 ? 1 : large.mean() < small.mean() ? 0 : -1,
                String.format(Locale.ROOT, "MLP[10-10] fits better than MLP[10]: KL %.3f vs %.3f nats", large.mean(), small.mean()))
                + "</li><li>" + mark(zLarge.mean() < zSmall.mean() ? 1 : -1, String.format(Locale.ROOT,
                "and samples less efficiently: Z %.3g vs %.3g", zLarge.mean(), zSmall.mean())) + "</li></ul>";
    }

    /**
     * The truncation ladder as a plot, ours beside the paper's: the NLL gained over the standard prior, or
     * log10 Z, against log10 T (T = infinity drawn at log10 T = 3.5).
     *
     * @param truncations the standard prior first, then LARS runs by increasing T
     * @param nll         true for the NLL gain, false for Z
     * @return the figure
     */
    public static Figure ladder(List<Row> truncations, boolean nll) {
        List<Row> lars = truncations.subList(1, truncations.size());
        double[] x = new double[lars.size()];
        double[] ours = new double[lars.size()];
        double[] paper = new double[lars.size()];
        double std = truncations.get(0).metrics().nll();
        for (int i = 0; i < x.length; i++) {
            int t = truncationKey(lars.get(i));
            x[i] = t == 0 ? 3.5 : Math.log10(t);
            ours[i] = nll ? std - lars.get(i).metrics().nll() : Math.log10(lars.get(i).z().mean());
            double[] p = paperTruncation(t);
            paper[i] = p == null ? Double.NaN : nll ? paperTruncation(1)[0] - p[0] : Math.log10(p[1]);
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

    private static Table base(String name, List<Row> rows) {
        StringColumn model = StringColumn.create("model");
        StringColumn nll = StringColumn.create("NLL");
        StringColumn z = StringColumn.create("Z");
        StringColumn kl = StringColumn.create("KL");
        StringColumn re = StringColumn.create("RE");
        StringColumn elbo = StringColumn.create("-ELBO");
        for (Row r : rows) {
            model.append(r.label());
            if (!r.result().hasMetrics()) {
                for (StringColumn c : List.of(nll, z, kl, re, elbo)) {
                    c.append(DIVERGED);
                }
                continue;
            }
            EvalResult m = r.metrics();
            nll.append(pm(m.nll(), m.nllStandardError()));
            z.append(lars(r) == null ? "1" : zText(r.z()));
            kl.append(f2(m.kl()));
            re.append(f2(m.reconstruction()));
            elbo.append(f2(m.negativeElbo()));
        }
        return Table.create(name, model, nll, z, kl, re, elbo);
    }

    private static ResampledPrior.Spec lars(Row r) {
        return r.result().config().prior() instanceof ResampledPrior.Spec s ? s : null;
    }

    /** Table D.3's row for a truncation key (1 = standard, 0 = infinity). */
    private static double[] paperTruncation(int key) {
        return PaperNumbers.larsTruncation(key == 0 ? "inf" : String.valueOf(key)).orElse(null);
    }

    private static int truncationKey(Row r) {
        ResampledPrior.Spec s = lars(r);
        return s == null ? 1 : s.truncated() ? s.truncation() : 0;
    }

    private static String tLabel(Row r) {
        int t = truncationKey(r);
        return t == 0 ? "infinity" : String.valueOf(t);
    }

    /** Steps of the ladder at which NLL (or Z) falls. */
    private static int falls(List<Row> ladder, boolean nll) {
        int n = 0;
        for (int i = 1; i < ladder.size(); i++) {
            double a = nll ? ladder.get(i - 1).metrics().nll() : ladder.get(i - 1).z().mean();
            double b = nll ? ladder.get(i).metrics().nll() : ladder.get(i).z().mean();
            n += b < a ? 1 : 0;
        }
        return n;
    }

    private static String zLadder(List<Row> ladder) {
        StringBuilder sb = new StringBuilder();
        for (Row r : ladder) {
            sb.append(sb.length() == 0 ? "" : ", ").append("T = ").append(tLabel(r)).append(": ").append(g(r.z().mean()));
        }
        return sb.toString();
    }

    /** Shown if the paired difference is below zero by more than two standard errors. */
    private static String verdict(Estimate d, String text) {
        return mark(d.mean() < -2 * d.standardError() ? 1 : d.mean() < 0 ? 0 : -1, text);
    }

    private static String mark(int shown, String text) {
        String tag = shown > 0 ? "<b>shown</b>" : shown == 0 ? "<b>not shown</b> (right direction, within noise or partial)"
                : "<b>not shown</b> (this run points the other way)";
        return tag + ": " + HtmlTable.escape(text);
    }

    private static String diffText(Estimate d) {
        return String.format(Locale.ROOT, "%+.2f ± %.2f nats (paired over %d test images)", d.mean(), d.standardError(), d.n());
    }

    private static String paperData(DatasetId id) {
        return switch (id) {
            case MNIST_10K -> " (dynamic MNIST)";
            case OMNIGLOT_SMALL -> " (Omniglot 28x28)";
            default -> "";
        };
    }

    private static String zText(Estimate z) {
        return String.format(Locale.ROOT, "%.3g ± %.1g", z.mean(), z.standardError());
    }

    private static String pm(double v, double se) {
        return String.format(Locale.ROOT, "%.2f ± %.2f", v, se);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String g(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
