package org.vaepriors.notebook;

import java.util.List;

import org.vaepriors.data.ImageDataset;
import org.vaepriors.experiment.Columns;
import org.vaepriors.experiment.VaeResult;
import org.vaepriors.runtime.BackendInfo;
import org.vaepriors.runtime.LibraryVersion;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Tables the notebooks share, as Tablesaw tables (show them with {@link Notebook#show(Table)}), and the helpers
 * that keep every table typed: numbers in numeric columns with a print format (so a cell can sort, filter, join
 * or plot them), a standard error in its own column named "&lt;column&gt; se", and a paper's table joined beside
 * ours ({@link #besidePaper}).
 */
public final class Tables {
    private Tables() {
    }

    /**
     * @param name     the column's name
     * @param decimals decimals to print (the stored value is not rounded)
     * @return an empty numeric column that prints with that many decimals, a missing value as "–"
     */
    public static DoubleColumn numbers(String name, int decimals) {
        return Columns.numbers(name, decimals);
    }

    /**
     * Sets a print format on every numeric column of a table that has none of its own: an integer column prints
     * as integers, a double column with {@code decimals} decimals.
     *
     * @param table    the table (changed in place)
     * @param decimals decimals of the double columns
     * @return the table
     */
    public static Table formatted(Table table, int decimals) {
        for (Column<?> c : table.columns()) {
            if (c instanceof DoubleColumn d) {
                d.setPrintFormatter(Columns.format(decimals));
            }
        }
        return table;
    }

    /**
     * A paper's table joined beside ours ({@link Columns#besidePaper}): every row of ours in its order, the paper's
     * matching row beside it, the paper's columns named "&lt;name&gt;, paper".
     *
     * @param ours      our table
     * @param ourKeys   our key columns
     * @param paper     the paper's table ({@code PaperNumbers.table})
     * @param paperKeys the paper's key columns, matched to ours in order
     * @return the joined table
     */
    public static Table besidePaper(Table ours, List<String> ourKeys, Table paper, List<String> paperKeys) {
        return Columns.besidePaper(ours, ourKeys, paper, paperKeys);
    }

    /**
     * @param sets loaded data sets
     * @return one row per data set: split sizes, image size, whether the split is the papers'
     */
    public static Table datasets(List<ImageDataset> sets) {
        StringColumn name = StringColumn.create("data set");
        IntColumn train = IntColumn.create("train");
        IntColumn validation = IntColumn.create("validation");
        IntColumn test = IntColumn.create("test");
        StringColumn size = StringColumn.create("image");
        StringColumn split = StringColumn.create("split");
        for (ImageDataset d : sets) {
            name.append(d.id().name());
            train.append(d.train().size());
            validation.append(d.validation().size());
            test.append(d.test().size());
            size.append(d.train().rows() + "x" + d.train().cols());
            split.append(d.id().paperSplit() ? "the papers'" : "ours");
        }
        return Table.create("Data sets at hand", name, train, validation, test, size, split);
    }

    /**
     * @param runs finished runs
     * @return one row per run: model, prior, seed, test -log p(x) with its standard error over images and the
     * importance samples S, RE, KL, active units of the latent's units, epochs and outcome (nats per image)
     */
    public static Table results(List<VaeResult> runs) {
        StringColumn model = StringColumn.create("model");
        StringColumn prior = StringColumn.create("prior");
        IntColumn seed = IntColumn.create("seed");
        DoubleColumn nll = numbers("-log p(x)", 2);
        DoubleColumn nllSe = numbers("-log p(x) se", 2);
        IntColumn samples = IntColumn.create("S");
        DoubleColumn re = numbers("RE", 2);
        DoubleColumn kl = numbers("KL", 2);
        IntColumn au = IntColumn.create("active units");
        IntColumn units = IntColumn.create("of");
        IntColumn epochs = IntColumn.create("epochs");
        StringColumn outcome = StringColumn.create("outcome");
        for (VaeResult r : runs) {
            model.append(r.config().architecture().label());
            prior.append(r.config().prior().label());
            seed.append((int) r.config().seed());
            epochs.append(r.history().size());
            outcome.append(r.outcome().getClass().getSimpleName());
            if (!r.hasMetrics()) {
                // diverged before its first finished epoch: no numbers, the outcome column says why
                for (var c : List.of(nll, nllSe, re, kl)) {
                    c.appendMissing();
                }
                for (var c : List.of(samples, au, units)) {
                    c.appendMissing();
                }
                continue;
            }
            nll.append(r.metrics().nll());
            nllSe.append(r.metrics().nllStandardError());
            samples.append(r.metrics().iwSamples());
            re.append(r.metrics().reconstruction());
            kl.append(r.metrics().kl());
            au.append(r.metrics().activeUnits());
            units.append(r.metrics().unitVariances().length);
        }
        return Table.create("Test-set results (nats per image; se: standard error over test images)", model, prior, seed,
                nll, nllSe, samples, re, kl, au, units, epochs, outcome);
    }

    /**
     * @param backend the backend
     * @return a two-column table describing the compute backend and library versions
     */
    public static Table backend(BackendInfo backend) {
        StringColumn key = StringColumn.create("setting");
        StringColumn value = StringColumn.create("value");
        String[][] rows = {
                {"library", "VAE Priors Lab " + LibraryVersion.version()},
                {"DL4J / ND4J", LibraryVersion.dl4jVersion()},
                {"backend", backend.backend()},
                {"native build", backend.nativeBuild()},
                {"ND4J threads", Integer.toString(backend.threads())},
                {"BLAS", backend.blas()},
                {"cores", Integer.toString(backend.cores())},
                {"Java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"},
                {"OS", System.getProperty("os.name") + " " + System.getProperty("os.arch")}};
        for (String[] r : rows) {
            key.append(r[0]);
            value.append(r[1]);
        }
        return Table.create("Compute backend", key, value);
    }
}
