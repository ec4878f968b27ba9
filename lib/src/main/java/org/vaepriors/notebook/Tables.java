package org.vaepriors.notebook;

import java.util.List;
import java.util.Locale;

import org.vaepriors.data.ImageDataset;
import org.vaepriors.experiment.VaeResult;
import org.vaepriors.runtime.BackendInfo;
import org.vaepriors.runtime.LibraryVersion;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Tables the notebooks share, as Tablesaw tables (show them with {@link Notebook#show(Table)}). */
public final class Tables {
    private Tables() {
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
     * @return one row per run: model, prior, test -log p(x) with its standard error, RE, KL, active units,
     * epochs and outcome (nats per image)
     */
    public static Table results(List<VaeResult> runs) {
        StringColumn model = StringColumn.create("model");
        StringColumn prior = StringColumn.create("prior");
        StringColumn nll = StringColumn.create("-log p(x)");
        StringColumn re = StringColumn.create("RE");
        StringColumn kl = StringColumn.create("KL");
        StringColumn au = StringColumn.create("active units");
        IntColumn epochs = IntColumn.create("epochs");
        StringColumn outcome = StringColumn.create("outcome");
        for (VaeResult r : runs) {
            model.append(r.config().architecture().label());
            prior.append(r.config().prior().label());
            epochs.append(r.history().size());
            outcome.append(r.outcome().getClass().getSimpleName());
            if (!r.hasMetrics()) {
                // diverged before its first finished epoch: no numbers to show
                for (StringColumn c : List.of(nll, re, kl, au)) {
                    c.append("diverged");
                }
                continue;
            }
            nll.append(String.format(Locale.ROOT, "%.2f ± %.2f (S=%d)", r.metrics().nll(), r.metrics().nllStandardError(),
                    r.metrics().iwSamples()));
            re.append(String.format(Locale.ROOT, "%.2f", r.metrics().reconstruction()));
            kl.append(String.format(Locale.ROOT, "%.2f", r.metrics().kl()));
            au.append(r.metrics().activeUnits() + " / " + r.metrics().unitVariances().length);
        }
        return Table.create("Test-set results", model, prior, nll, re, kl, au, epochs, outcome);
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
