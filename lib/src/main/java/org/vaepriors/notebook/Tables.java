package org.vaepriors.notebook;

import java.util.List;

import org.vaepriors.data.ImageDataset;
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
