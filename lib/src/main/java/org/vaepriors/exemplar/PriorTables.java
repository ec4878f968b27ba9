package org.vaepriors.exemplar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.vaepriors.exemplar.PriorComparison.Cell;
import org.vaepriors.experiment.PaperNumbers;
import org.vaepriors.experiment.VaeResult;
import org.vaepriors.vampprior.VampPrior;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.BarTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * Tables and figures of the prior comparison (Exemplar VAE supplement, Tables 1 and 3), ours beside the
 * paper's. A paper column is always labelled with the paper's data set, which may differ from ours
 * (MNIST-10k stands in for dynamic MNIST, Omniglot-small for Omniglot).
 */
public final class PriorTables {
    private PriorTables() {
    }

    private static String paperSet(Cell c) {
        return PaperNumbers.paperDataset(c.dataset()).name();
    }

    /**
     * @param cells the cells
     * @return active units out of 40, ours and the paper's
     */
    public static Table activeUnits(List<Cell> cells) {
        StringColumn data = StringColumn.create("data (ours)");
        StringColumn model = StringColumn.create("model");
        StringColumn prior = StringColumn.create("prior");
        StringColumn ours = StringColumn.create("active units, ours");
        StringColumn runs = StringColumn.create("runs");
        StringColumn paper = StringColumn.create("paper (its data set)");
        for (Cell c : cells) {
            data.append(c.dataset().name());
            model.append(c.architecture().name());
            prior.append(c.priorLabel());
            ours.append(c.diverged() ? "diverged" : c.format(Cell::activeUnits, 1) + " / " + c.unitVariances().length);
            runs.append(String.valueOf(c.runs().size()));
            paper.append(PaperNumbers.activeUnits(c.architecture(), c.prior(), c.dataset())
                    .map(v -> v + " (" + paperSet(c) + ")").orElse("-"));
        }
        return Table.create("Active units of the top latent (Var(mu) > 0.01), ours vs Exemplar VAE supplement Table 1",
                data, model, prior, ours, runs, paper);
    }

    /**
     * @param cells the cells
     * @return test KL, negative reconstruction and -log p(x), ours and the paper's
     */
    public static Table klAndReconstruction(List<Cell> cells) {
        StringColumn data = StringColumn.create("data (ours)");
        StringColumn model = StringColumn.create("model");
        StringColumn prior = StringColumn.create("prior");
        StringColumn kl = StringColumn.create("KL, ours");
        StringColumn klPaper = StringColumn.create("KL, paper");
        StringColumn re = StringColumn.create("-reconstruction, ours");
        StringColumn rePaper = StringColumn.create("-reconstruction, paper");
        StringColumn nll = StringColumn.create("-log p(x), ours");
        for (Cell c : cells) {
            data.append(c.dataset().name());
            model.append(c.architecture().name());
            prior.append(c.priorLabel());
            kl.append(c.format(Cell::kl, 2));
            re.append(c.format(Cell::reconstruction, 2));
            nll.append(c.diverged() ? "diverged" : c.format(Cell::nll, 2) + " (S=" + c.runs().get(0).config().eval().iwSamples() + ")");
            var p = PaperNumbers.klAndReconstruction(c.architecture(), c.prior(), c.dataset());
            klPaper.append(p.map(v -> v[0] + " (" + paperSet(c) + ")").orElse("-"));
            rePaper.append(p.map(v -> v[1]).orElse("-"));
        }
        return Table.create("Test KL and negative reconstruction (nats, one posterior sample), ours vs Exemplar VAE "
                + "supplement Table 3", data, model, prior, kl, klPaper, re, rePaper, nll);
    }

    /**
     * @param cells the cells
     * @return grouped bars of active units, one group per data set and model, one bar per prior
     */
    public static Figure activeUnitBars(List<Cell> cells) {
        Map<String, List<Cell>> byPrior = new LinkedHashMap<>();
        for (Cell c : cells) {
            if (!c.diverged()) {
                byPrior.computeIfAbsent(c.priorLabel(), k -> new ArrayList<>()).add(c);
            }
        }
        List<Trace> traces = new ArrayList<>();
        for (var e : byPrior.entrySet()) {
            Object[] x = e.getValue().stream().map(c -> c.architecture() + " " + c.dataset()).toArray();
            double[] y = e.getValue().stream().mapToDouble(c -> c.activeUnits().mean()).toArray();
            traces.add(BarTrace.builder(x, y).name(e.getKey()).build());
        }
        Layout layout = Layout.builder("Active units (of 40)").width(720).height(420).barMode(Layout.BarMode.GROUP)
                .yAxis(Axis.builder().title("active units").build()).build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }

    /**
     * @param cells the cells of one data set and model
     * @return Var(mu_u) per latent dimension, sorted, log scale, with the 0.01 threshold
     */
    public static Figure unitVariances(List<Cell> cells) {
        List<Trace> traces = new ArrayList<>();
        int d = 0;
        for (Cell c : cells) {
            if (c.diverged()) {
                continue;
            }
            double[] v = c.unitVariances().clone();
            java.util.Arrays.sort(v);
            double[] desc = new double[v.length];
            double[] rank = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                desc[i] = Math.max(v[v.length - 1 - i], 1e-8);
                rank[i] = i + 1;
            }
            d = Math.max(d, v.length);
            traces.add(ScatterTrace.builder(rank, desc).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name(c.priorLabel()).build());
        }
        traces.add(ScatterTrace.builder(new double[]{1, d}, new double[]{0.01, 0.01}).mode(ScatterTrace.Mode.LINE)
                .name("threshold 0.01").line(Line.builder().dash(Line.Dash.DASH).color("grey").build()).build());
        String where = cells.isEmpty() ? "" : " (" + cells.get(0).architecture() + ", " + cells.get(0).dataset() + ")";
        Layout layout = Layout.builder("Var(mu) per latent dimension, sorted" + where).width(640).height(420)
                .xAxis(Axis.builder().title("dimension (by variance)").build())
                .yAxis(Axis.builder().title("Var over test images of E[z_u | x]").type(Axis.Type.LOG).build()).build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }

    /**
     * @param cells the cells
     * @return KL against negative reconstruction, one marker per cell, one colour per prior
     */
    public static Figure klVersusReconstruction(List<Cell> cells) {
        Map<String, List<Cell>> byPrior = new LinkedHashMap<>();
        for (Cell c : cells) {
            if (!c.diverged()) {
                byPrior.computeIfAbsent(c.priorLabel(), k -> new ArrayList<>()).add(c);
            }
        }
        List<Trace> traces = new ArrayList<>();
        for (var e : byPrior.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(c -> c.reconstruction().mean()).toArray();
            double[] y = e.getValue().stream().mapToDouble(c -> c.kl().mean()).toArray();
            String[] text = e.getValue().stream().map(c -> c.architecture() + " " + c.dataset()).toArray(String[]::new);
            traces.add(ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.MARKERS).name(e.getKey()).text(text)
                    .marker(Marker.builder().size(11).build()).build());
        }
        Layout layout = Layout.builder("KL against reconstruction (test set, nats)").width(640).height(440)
                .xAxis(Axis.builder().title("-E log p(x|z)").build()).yAxis(Axis.builder().title("KL").build()).build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }

    /**
     * Table 5, row by row: our run with the paper's corresponding setting beside it.
     *
     * @param runs      the runs of {@link SubsamplingStudy#configs}, in order
     * @param exemplars N, the training images
     * @return the table
     */
    public static Table subsampling(List<VaeResult> runs, int exemplars) {
        List<String[]> paper = PaperNumbers.subsampling();
        StringColumn prior = StringColumn.create("prior (ours)");
        StringColumn k = StringColumn.create("components (ours)");
        StringColumn ll = StringColumn.create("log p(x), ours");
        StringColumn setting = StringColumn.create("paper setting");
        StringColumn paperLl = StringColumn.create("log p(x), paper (Omniglot)");
        for (int i = 0; i < runs.size(); i++) {
            VaeResult r = runs.get(i);
            prior.append(r.config().prior().label());
            k.append(String.valueOf(SubsamplingStudy.components(r.config().prior(), exemplars)));
            ll.append(!r.hasMetrics() ? "diverged" : String.format(Locale.ROOT, "%.2f ± %.2f (S=%d)", -r.metrics().nll(),
                    r.metrics().nllStandardError(), r.metrics().iwSamples()));
            String[] p = i < paper.size() ? paper.get(i) : new String[]{"-", "", "-"};
            setting.append(p[0] + (p[1].isEmpty() ? "" : ", K=" + p[1]));
            paperLl.append(p[2]);
        }
        return Table.create("Test log-likelihood with and without sub-sampling, ours vs Exemplar VAE supplement Table 5",
                prior, k, ll, setting, paperLl);
    }

    /**
     * @param runs      the runs of {@link SubsamplingStudy#configs}
     * @param exemplars N
     * @return log p(x) against the number of components, one series per kind of prior
     */
    public static Figure likelihoodByComponents(List<VaeResult> runs, int exemplars) {
        Map<String, List<VaeResult>> series = new LinkedHashMap<>();
        for (VaeResult r : runs) {
            String name = r.config().prior() instanceof VampPrior.Spec v ? (v.subsampled() ? "VampPrior, sub-sampled"
                    : "VampPrior") : r.config().prior().label();
            if (r.hasMetrics()) {
                series.computeIfAbsent(name, n -> new ArrayList<>()).add(r);
            }
        }
        List<Trace> traces = new ArrayList<>();
        for (var e : series.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(r -> SubsamplingStudy.components(r.config().prior(), exemplars))
                    .toArray();
            double[] y = e.getValue().stream().mapToDouble(r -> -r.metrics().nll()).toArray();
            traces.add(ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name(e.getKey())
                    .marker(Marker.builder().size(10).build()).build());
        }
        Layout layout = Layout.builder("Test log-likelihood against the number of mixture components").width(680)
                .height(440).xAxis(Axis.builder().title("components (K; N for the Exemplar prior)").type(Axis.Type.LOG).build())
                .yAxis(Axis.builder().title("log p(x), nats").build()).build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }

    /**
     * @param priors  one label per row
     * @param results their kNN accuracies (the same k for all)
     * @return test error (%) for each prior and k
     */
    public static Table knnErrors(List<String> priors, List<org.vaepriors.exemplar.KnnClassification> results) {
        List<tech.tablesaw.columns.Column<?>> cols = new ArrayList<>();
        cols.add(StringColumn.create("prior", priors));
        int[] ks = results.get(0).ks();
        for (int j = 0; j < ks.length; j++) {
            StringColumn c = StringColumn.create("k=" + ks[j]);
            for (var r : results) {
                c.append(String.format(Locale.ROOT, "%.2f", 100 * (1 - r.accuracy()[j])));
            }
            cols.add(c);
        }
        return Table.create("kNN classification error (%) on the latent means, " + results.get(0).n() + " test images",
                cols.toArray(new tech.tablesaw.columns.Column<?>[0]));
    }

    /**
     * @param priors  one label per series
     * @param results their kNN accuracies
     * @return test error (%) against k, one line per prior
     */
    public static Figure knnErrorPlot(List<String> priors, List<org.vaepriors.exemplar.KnnClassification> results) {
        List<Trace> traces = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            var r = results.get(i);
            double[] k = java.util.Arrays.stream(r.ks()).asDoubleStream().toArray();
            double[] err = java.util.Arrays.stream(r.accuracy()).map(a -> 100 * (1 - a)).toArray();
            traces.add(ScatterTrace.builder(k, err).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name(priors.get(i)).build());
        }
        Layout layout = Layout.builder("kNN classification error on the latent means").width(640).height(420)
                .xAxis(Axis.builder().title("k").build()).yAxis(Axis.builder().title("test error (%)").build()).build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }
}
