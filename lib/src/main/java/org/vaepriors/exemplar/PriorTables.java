package org.vaepriors.exemplar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.vaepriors.eval.EvalResult;
import org.vaepriors.experiment.Columns;
import org.vaepriors.experiment.Finding;
import org.vaepriors.experiment.PaperNumbers;
import org.vaepriors.experiment.Spread;
import org.vaepriors.experiment.VaeResult;
import org.vaepriors.exemplar.PriorComparison.Cell;
import org.vaepriors.math.Estimate;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.train.TrainingStatus;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * The typed tables and figures of the prior comparison (Exemplar VAE supplement, Tables 1 and 3). Every table has
 * numeric columns (a mean, "&lt;name&gt; se" its standard error over test images combined over seeds, "&lt;name&gt;
 * sd" the population standard deviation over seeds as the papers' ±) and the key columns to join the paper's table
 * beside it: "model" (the architecture as the paper CSVs name it), "prior" (gaussian, vamp, exemplar) and "paper
 * data" (the paper's data set that ours stands in for).
 */
public final class PriorTables {
    /** Our key columns, matched in order to {@link #PAPER_KEYS}. */
    public static final List<String> KEYS = List.of("model", "prior", "paper data");
    /** The paper CSVs' key columns. */
    public static final List<String> PAPER_KEYS = List.of("architecture", "prior", "dataset");

    private PriorTables() {
    }

    /**
     * @param cells the cells
     * @return active units of the top latent per cell, over seeds (Var over test images of E[z_u|x] above 0.01)
     */
    public static Table activeUnits(List<Cell> cells) {
        Table t = keyed("Active units of the top latent, ours", cells);
        DoubleColumn mean = Columns.numbers("active units", 1);
        DoubleColumn sd = Columns.numbers("active units sd", 2);
        IntColumn of = IntColumn.create("of");
        for (Cell c : cells) {
            Spread s = c.activeUnits();
            mean.append(s.mean());
            sd.append(s.n() > 1 ? s.std() : Double.NaN);
            of.append(c.unitVariances().length);
        }
        return t.addColumns(mean, sd, of);
    }

    /**
     * @param cells the cells
     * @return the paper's Table 1 joined beside {@link #activeUnits}
     */
    public static Table activeUnitsBesidePaper(List<Cell> cells) {
        return Columns.besidePaper(activeUnits(cells), KEYS, PaperNumbers.table("exemplar-vae-table1-active-units.csv"),
                PAPER_KEYS);
    }

    /**
     * @param cells the cells
     * @return test KL, negative reconstruction (one posterior sample) and importance-weighted -log p(x) per cell, each
     * with its standard error over test images (combined over seeds) and its spread over seeds
     */
    public static Table klAndReconstruction(List<Cell> cells) {
        Table t = keyed("Test KL, negative reconstruction and -log p(x), ours (nats per image)", cells);
        addEstimate(t, cells, "KL", r -> Estimate.of(r.klPerImage()));
        addEstimate(t, cells, "-reconstruction", r -> Estimate.of(r.reconstructionPerImage()));
        addEstimate(t, cells, "-log p(x)", r -> new Estimate(r.nll(), r.nllStandardError(), r.testImages()));
        IntColumn s = IntColumn.create("S");
        for (Cell c : cells) {
            s.append(c.runs().get(0).metrics().iwSamples());
        }
        return t.addColumns(s);
    }

    /**
     * @param cells the cells
     * @return the paper's Table 3 joined beside {@link #klAndReconstruction}
     */
    public static Table klAndReconstructionBesidePaper(List<Cell> cells) {
        return Columns.besidePaper(klAndReconstruction(cells), KEYS,
                PaperNumbers.table("exemplar-vae-table3-kl-reconstruction.csv"), PAPER_KEYS);
    }

    /** The key and label columns every table of the cells starts with. */
    private static Table keyed(String name, List<Cell> cells) {
        StringColumn data = StringColumn.create("data");
        StringColumn paperData = StringColumn.create("paper data");
        StringColumn model = StringColumn.create("model");
        StringColumn prior = StringColumn.create("prior");
        StringColumn label = StringColumn.create("prior (ours)");
        IntColumn runs = IntColumn.create("runs");
        for (Cell c : cells) {
            data.append(c.dataset().name());
            paperData.append(PaperNumbers.paperDataset(c.dataset()).name());
            model.append(c.architecture().name());
            prior.append(c.prior());
            label.append(c.priorLabel());
            runs.append(c.runs().size());
        }
        return Table.create(name, data, paperData, model, prior, label, runs);
    }

    /** Adds "name", "name se" (over images, combined over seeds) and "name sd" (over seeds, population). */
    private static void addEstimate(Table t, List<Cell> cells, String name, Function<EvalResult, Estimate> perRun) {
        DoubleColumn mean = Columns.numbers(name, 2);
        DoubleColumn se = Columns.numbers(name + " se", 2);
        DoubleColumn sd = Columns.numbers(name + " sd", 2);
        for (Cell c : cells) {
            List<Estimate> runs = c.runs().stream().map(r -> perRun.apply(r.metrics())).toList();
            Estimate e = Finding.difference(runs);
            mean.append(e.mean());
            se.append(e.standardError());
            sd.append(runs.size() > 1 ? Spread.of(runs.stream().mapToDouble(Estimate::mean).toArray()).std() : Double.NaN);
        }
        t.addColumns(mean, se, sd);
    }

    /**
     * Active units on the validation images after every epoch (log.csv), one row per run and epoch: what a
     * learner plots to see collapse coming. Epochs saved before the count was logged have it missing.
     *
     * @param runs finished runs
     * @return columns run, data, model, prior, seed, epoch, beta, active units, train KL, validation -ELBO
     */
    public static Table activeUnitsPerEpoch(List<VaeResult> runs) {
        StringColumn run = StringColumn.create("run");
        StringColumn data = StringColumn.create("data");
        StringColumn model = StringColumn.create("model");
        StringColumn prior = StringColumn.create("prior");
        IntColumn seed = IntColumn.create("seed");
        IntColumn epoch = IntColumn.create("epoch");
        DoubleColumn beta = Columns.numbers("beta", 2);
        IntColumn active = IntColumn.create("active units");
        DoubleColumn kl = Columns.numbers("train KL", 2);
        DoubleColumn val = Columns.numbers("validation -ELBO", 2);
        for (VaeResult r : runs) {
            String label = r.config().architecture().label() + ", " + r.config().prior().label()
                    + (r.config().seed() == 1 ? "" : ", seed " + r.config().seed());
            for (TrainingStatus s : r.history()) {
                run.append(label);
                data.append(r.config().dataset().id().name());
                model.append(r.config().architecture().label());
                prior.append(PriorComparison.priorKey(r.config().prior()));
                seed.append((int) r.config().seed());
                epoch.append(s.epoch());
                beta.append(s.beta());
                if (s.activeUnits() == null) {
                    active.appendMissing();
                } else {
                    active.append(s.activeUnits());
                }
                kl.append(s.trainKl());
                val.append(s.validationLoss());
            }
        }
        return Table.create("Active units on the validation images after each epoch", run, data, model, prior, seed, epoch,
                beta, active, kl, val);
    }

    /**
     * @param cells the cells of one data set and model
     * @return Var(mu) per latent dimension, sorted, log scale, with the 0.01 threshold
     */
    public static Figure unitVariances(List<Cell> cells) {
        List<Trace> traces = new ArrayList<>();
        int d = 0;
        for (Cell c : cells) {
            double[] v = c.unitVariances().clone();
            Arrays.sort(v);
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
        String where = cells.isEmpty() ? "" : " (" + ArchitectureSpec.paper(cells.get(0).architecture()).label() + ", "
                + cells.get(0).dataset() + ")";
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
            byPrior.computeIfAbsent(c.prior().equals("vamp") ? "VampPrior" : c.priorLabel(), k -> new ArrayList<>()).add(c);
        }
        List<Trace> traces = new ArrayList<>();
        for (var e : byPrior.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(c -> c.reconstruction().mean()).toArray();
            double[] y = e.getValue().stream().mapToDouble(c -> c.kl().mean()).toArray();
            String[] text = e.getValue().stream().map(c -> ArchitectureSpec.paper(c.architecture()).label() + " "
                    + c.dataset()).toArray(String[]::new);
            traces.add(ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.MARKERS).name(e.getKey()).text(text)
                    .marker(Marker.builder().size(11).build()).build());
        }
        Layout layout = Layout.builder("KL against reconstruction (test set, nats)").width(640).height(440)
                .xAxis(Axis.builder().title("-E log p(x|z)").build()).yAxis(Axis.builder().title("KL").build()).build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }
}
