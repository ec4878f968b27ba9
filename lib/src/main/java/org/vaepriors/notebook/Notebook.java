package org.vaepriors.notebook;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaepriors.LabPaths;
import org.vaepriors.data.ImageSet;
import org.vaepriors.experiment.Claim;
import org.vaepriors.experiment.ExperimentRunner;
import org.vaepriors.experiment.Finding;
import org.vaepriors.experiment.Knobs;
import org.vaepriors.experiment.Profile;
import org.vaepriors.experiment.RunConfig;
import org.vaepriors.experiment.RunResult;
import org.vaepriors.io.AtomicFiles;
import org.vaepriors.runtime.BackendInfo;
import org.vaepriors.runtime.LibraryVersion;
import org.vaepriors.train.Listener;
import org.vaepriors.train.TrainingStatus;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * A notebook's one handle on the library: its knobs, and showing and saving tables, plots and images.
 * A notebook starts with {@code var nb = Notebook.start("00-tour");} and then uses plain Java.
 *
 * <p>Plots are plotly figures built with Tablesaw's jsplot; each plot's output loads plotly.js by itself
 * ({@link PlotOutput}), so plots survive re-running, saving and reopening in any order. Figures saved with
 * {@link #save(Figure, String)} go to {@link LabPaths#figures()} as PNG (when Chromium is installed) and
 * to {@code output/html/} as interactive HTML.
 */
public final class Notebook {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 480;

    private final String name;
    private final Knobs knobs;
    private final Display display;
    private final AtomicInteger figures = new AtomicInteger();

    private Notebook(String name, Knobs knobs, Display display) {
        this.name = name;
        this.knobs = knobs;
        this.display = display;
    }

    /**
     * Starts a notebook: reads the knobs from the environment and shows a one-line header with the
     * library version, profile and backend.
     *
     * @param name the notebook's name, used as the prefix of saved figures (e.g. "00-tour")
     * @return the handle
     * @throws IllegalArgumentException if an environment knob is malformed
     */
    public static Notebook start(String name) {
        Objects.requireNonNull(name, "name");
        Nd4jLoading.seeLibrary();
        Notebook nb = new Notebook(name, Knobs.fromEnv(), Display.detect());
        BackendInfo b = BackendInfo.current();
        nb.display.html(String.format(Locale.ROOT,
                "<div style=\"font-family:monospace\">VAE Priors Lab %s &middot; %s &middot; %s</div>",
                LibraryVersion.version(), HtmlTable.escape(nb.knobs.toString()), HtmlTable.escape(b.toString())));
        return nb;
    }

    /** @return the notebook's name */
    public String name() {
        return name;
    }

    /** @return the run-size knobs */
    public Knobs knobs() {
        return knobs;
    }

    /** @return the profile */
    public Profile profile() {
        return knobs.profile();
    }

    /**
     * @param smoke value under smoke
     * @param quick value under quick
     * @param paper value under paper
     * @param <T>   the type
     * @return the value for this notebook's profile
     */
    public <T> T pick(T smoke, T quick, T paper) {
        return knobs.pick(smoke, quick, paper);
    }

    /** @return the display this notebook writes to */
    public Display display() {
        return display;
    }

    /** @param table a table to show */
    public void show(Table table) {
        show(table, table.name());
    }

    /**
     * @param table   a table to show
     * @param caption its caption
     */
    public void show(Table table, String caption) {
        if (display.rich()) {
            display.html(HtmlTable.of(table, caption));
        } else {
            display.text(table.printAll());
        }
    }

    /**
     * Shows the paper's claims as this run judged them: the verdict, the claim and where the paper states it,
     * and the numbers that decided it.
     *
     * @param findings the findings
     */
    public void findings(List<Finding> findings) {
        StringBuilder sb = new StringBuilder("<ul>");
        for (Finding f : findings) {
            String color = switch (f.outcome()) {
                case HELD -> "#1a7f37";
                case NOT_SHOWN -> "#9a6700";
                case CONTRADICTED -> "#cf222e";
            };
            sb.append(String.format(Locale.ROOT, "<li><b style=\"color:%s\">%s</b>: %s <i>(%s)</i>. %s.</li>", color,
                    f.outcome(), HtmlTable.escape(f.claim()), HtmlTable.escape(f.source()), HtmlTable.escape(f.evidence())));
        }
        html(sb.append("</ul><p style=\"font-size:90%\">The rule: a difference counts when it exceeds ")
                .append((int) Finding.STANDARD_ERRORS).append(" standard errors (paired over test images, combined with "
                        + "the seed spread and any normaliser's Monte Carlo error).</p>").toString());
    }

    /**
     * Shows a paper's claims as this run judged them: each sentence quoted with where it stands, how it is tested,
     * its outcome over the data sets and models it applies to, and the findings behind it; the rule once at the end.
     * A notebook's last cell calls it, so that its last output says per claim held, not shown or contradicted.
     *
     * @param claims the claims
     */
    public void claims(List<Claim> claims) {
        StringBuilder sb = new StringBuilder();
        for (Claim c : claims) {
            sb.append(String.format(Locale.ROOT, "<div style=\"margin:0.6em 0\"><b style=\"color:%s\">%s</b> "
                            + "<q>%s</q> <i>(%s)</i><br><span style=\"font-size:90%%\">Tested as: %s%s. %s.</span><ul>",
                    color(c.outcome()), c.outcome(), HtmlTable.escape(c.quote()), HtmlTable.escape(c.where()),
                    HtmlTable.escape(c.tested()), c.exceptions() > 0 ? " (the sentence allows " + c.exceptions()
                            + " exception" + (c.exceptions() > 1 ? "s" : "") + ")" : "", c.tally()));
            for (Finding f : c.findings()) {
                sb.append(String.format(Locale.ROOT, "<li><b style=\"color:%s\">%s</b>: %s. %s.</li>", color(f.outcome()),
                        f.outcome(), HtmlTable.escape(f.claim()), HtmlTable.escape(f.evidence())));
            }
            sb.append("</ul></div>");
        }
        html(sb.append(rule()).toString());
    }

    private static String color(Finding.Outcome o) {
        return switch (o) {
            case HELD -> "#1a7f37";
            case NOT_SHOWN -> "#9a6700";
            case CONTRADICTED -> "#cf222e";
        };
    }

    private static String rule() {
        return "<p style=\"font-size:90%\">The rule: a difference counts when it exceeds " + (int) Finding.STANDARD_ERRORS
                + " standard errors (paired over test images, combined with the seed spread and any normaliser's Monte "
                + "Carlo error); held beyond it in the claimed direction, contradicted beyond it in the other, not shown "
                + "otherwise.</p>";
    }

    /** @param html an HTML fragment to show */
    public void html(String html) {
        display.html(html);
    }

    /**
     * Shows a plot inline.
     *
     * @param figure the plot
     */
    public void show(Figure figure) {
        if (!display.rich()) {
            display.text("[plot: " + figure.getLayout() + "]");
            return;
        }
        String div = "vpfig" + Long.toHexString(System.nanoTime()) + figures.incrementAndGet();
        display.html(PlotOutput.html(div, figure.asJavascript(div), WIDTH, HEIGHT));
    }

    /**
     * Shows a plot inline and saves it ({@link #save(Figure, String)}).
     *
     * @param figure the plot
     * @param stem   a file name without extension; the notebook's name is prefixed
     */
    public void show(Figure figure, String stem) {
        show(figure);
        save(figure, stem);
    }

    /**
     * Saves a plot as interactive HTML under {@code output/html/} and as PNG under the figures folder.
     *
     * @param figure the plot
     * @param stem   a file name without extension; the notebook's name is prefixed
     * @return the PNG written, or the HTML file when no PNG could be rendered (no Chromium)
     */
    public Path save(Figure figure, String stem) {
        String file = name + "-" + stem;
        Path html = FigureExport.writeHtml(figure, LabPaths.output().resolve("html").resolve(file + ".html"),
                WIDTH, HEIGHT);
        Path png = LabPaths.figures().resolve(file + ".png");
        return FigureExport.renderPng(html, png, WIDTH, HEIGHT) ? png : html;
    }

    /**
     * Shows a grid of images.
     *
     * @param images the images
     * @param count  how many (the first ones)
     * @param cols   images per row
     */
    public void showImages(ImageSet images, int count, int cols) {
        display.png(ImageGrid.png(ImageGrid.of(images, count, cols, 2)));
    }

    /**
     * Shows a grid of images given as rows of an array (decoder means, samples).
     *
     * @param images {@code [n, rows * cols]} values in [0, 1]
     * @param rows   image height
     * @param cols   image width
     * @param count  how many (the first ones)
     * @param perRow images per row
     * @param stem   a file name without extension to save a PNG under the figures folder, or null
     */
    public void showImages(INDArray images, int rows, int cols, int count, int perRow, String stem) {
        int n = (int) Math.min(count, images.size(0));
        float[] px = images.castTo(DataType.FLOAT).dup('c').data().asFloat();
        byte[] png = ImageGrid.png(ImageGrid.tile(px, n, rows, cols, perRow, 2));
        display.png(png);
        if (stem != null) {
            AtomicFiles.write(LabPaths.figures().resolve(name + "-" + stem + ".png"), png);
        }
    }

    /**
     * Shows a grid of images and saves it as PNG under the figures folder.
     *
     * @param images the images
     * @param count  how many (the first ones)
     * @param cols   images per row
     * @param stem   a file name without extension; the notebook's name is prefixed
     */
    public void showImages(ImageSet images, int count, int cols, String stem) {
        byte[] png = ImageGrid.png(ImageGrid.of(images, count, cols, 2));
        display.png(png);
        AtomicFiles.write(LabPaths.figures().resolve(name + "-" + stem + ".png"), png);
    }

    /**
     * Runs (or loads, when it has run before) an experiment, showing a progress bar over its steps with the
     * last epoch's losses.
     *
     * @param config the run's config (the environment's overrides are applied to it, {@link RunConfig#scaled})
     * @param <R>    its result
     * @param <M>    its model
     * @return the finished run
     */
    public <R extends RunResult, M> ExperimentRunner.Run<R, M> run(RunConfig<R, M> config) {
        RunConfig<R, M> cfg = config.scaled(knobs);
        if (ExperimentRunner.isDone(cfg)) {
            return ExperimentRunner.run(cfg, knobs, Listener.NONE);
        }
        String what = cfg.label();
        ProgressListener listener = new ProgressListener(what, cfg.epochs());
        ExperimentRunner.Run<R, M> r = ExperimentRunner.run(cfg, knobs, listener);
        listener.finish(r.result().outcome().toString());
        return r;
    }

    /**
     * Runs (or loads) several experiments, {@link ExperimentRunner#defaultParallelism()} at a time, with
     * one progress bar over all their epochs.
     *
     * @param configs the configs (the environment's overrides are applied, {@link RunConfig#scaled})
     * @param <R>     their result
     * @param <M>     their model
     * @return the finished runs, in order
     */
    public <R extends RunResult, M> List<ExperimentRunner.Run<R, M>> runAll(
            List<? extends RunConfig<R, ? extends M>> configs) {
        List<RunConfig<R, ? extends M>> cfgs = new ArrayList<>();
        for (RunConfig<R, ? extends M> c : configs) {
            cfgs.add(c.scaled(knobs));
        }
        int epochs = cfgs.stream().filter(c -> !ExperimentRunner.isDone(c)).mapToInt(RunConfig::epochs).sum();
        long cached = cfgs.stream().filter(ExperimentRunner::isDone).count();
        int parallel = ExperimentRunner.defaultParallelism();
        Progress bar = epochs == 0 ? null : progress(cfgs.size() + " runs (" + cached + " cached, " + parallel
                + " at a time), epochs", epochs);
        AtomicInteger done = new AtomicInteger();
        List<ExperimentRunner.Run<R, M>> runs = ExperimentRunner.runAll(cfgs, knobs, parallel, (cfg, s) -> {
            int n = done.incrementAndGet();
            synchronized (this) {
                bar.update(n, cfg.label() + ": " + s);
            }
        });
        if (bar != null) {
            bar.finish("done (runs stop early when validation stops improving)");
        }
        return runs;
    }

    /** A progress bar over a run's steps, made at its first step (when the steps per epoch are known). */
    private final class ProgressListener implements Listener {
        private final String what;
        private final int epochs;
        private Progress bar;
        private String last = "";

        ProgressListener(String what, int epochs) {
            this.what = what;
            this.epochs = epochs;
        }

        @Override
        public void step(int epoch, int step, int steps, double loss) {
            if (bar == null) {
                bar = progress(what + ", steps", Math.max(1, epochs * steps));
            }
            bar.update((epoch - 1) * steps + step, last.isEmpty() ? String.format(Locale.ROOT, "loss %.3f", loss) : last);
        }

        @Override
        public void epoch(TrainingStatus status) {
            last = status.toString();
        }

        void finish(String message) {
            if (bar != null) {
                bar.finish(message);
            }
        }
    }

    /**
     * @param what  what is counted, e.g. "epochs"
     * @param total how many steps
     * @return a progress bar shown in this cell's output
     */
    public Progress progress(String what, int total) {
        return new Progress(display, what, total);
    }
}
