package org.vaepriors.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.vaepriors.data.DatasetId;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.prior.ExemplarPrior;
import org.vaepriors.prior.MixtureOfGaussiansPrior;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.prior.VampPrior;

/**
 * The papers' published numbers, copied from their tables into CSV resources
 * ({@code org/vaepriors/papers/*.csv}, each with its source in a comment line), to print beside ours.
 * Nothing here is computed.
 */
public final class PaperNumbers {
    private static final String DIR = "/org/vaepriors/papers/";
    private static final Map<String, List<String[]>> CACHE = new ConcurrentHashMap<>();

    private PaperNumbers() {
    }

    /**
     * The paper's data set that one of ours stands in for: MNIST-10k for the papers' dynamic MNIST,
     * Omniglot-small for Omniglot.
     *
     * @param id our data set
     * @return the paper's
     */
    public static DatasetId paperDataset(DatasetId id) {
        return switch (id) {
            case MNIST, MNIST_10K -> DatasetId.MNIST;
            case OMNIGLOT, OMNIGLOT_SMALL -> DatasetId.OMNIGLOT;
            case FASHION_MNIST -> DatasetId.FASHION_MNIST;
        };
    }

    /**
     * @param prior a prior spec
     * @return the key the paper tables use: gaussian, mog, vamp or exemplar
     */
    public static String priorKey(PriorSpec prior) {
        if (prior instanceof StandardGaussianPrior.Spec) {
            return "gaussian";
        } else if (prior instanceof MixtureOfGaussiansPrior.Spec) {
            return "mog";
        } else if (prior instanceof VampPrior.Spec) {
            return "vamp";
        } else if (prior instanceof ExemplarPrior.Spec) {
            return "exemplar";
        }
        throw new IllegalArgumentException("no paper key for " + prior);
    }

    /**
     * Exemplar VAE supplement, Table 1.
     *
     * @param arch    the architecture
     * @param prior   gaussian, vamp or exemplar
     * @param dataset our data set (mapped with {@link #paperDataset})
     * @return "mean±std" active units out of 40, if the paper has the cell
     */
    public static Optional<String> activeUnits(ArchitectureSpec.Kind arch, String prior, DatasetId dataset) {
        return row("exemplar-vae-table1-active-units.csv", arch.name(), prior, paperDataset(dataset).name()).map(r -> r[3]);
    }

    /**
     * Exemplar VAE supplement, Table 3.
     *
     * @param arch    the architecture
     * @param prior   gaussian, vamp or exemplar
     * @param dataset our data set
     * @return {KL, negative reconstruction} as "mean±std", if the paper has the row
     */
    public static Optional<String[]> klAndReconstruction(ArchitectureSpec.Kind arch, String prior, DatasetId dataset) {
        return row("exemplar-vae-table3-kl-reconstruction.csv", arch.name(), prior, paperDataset(dataset).name())
                .map(r -> new String[]{r[3], r[4]});
    }

    /** @return Exemplar VAE supplement, Table 5 (Omniglot, VAE): rows {setting, components, log-likelihood} */
    public static List<String[]> subsampling() {
        return rows("exemplar-vae-table5-subsampling.csv");
    }

    /**
     * @param value "mean±std" or "mean"
     * @return the mean
     */
    public static double mean(String value) {
        return Double.parseDouble(value.split("±")[0].trim());
    }

    /** The first row whose leading columns are {@code key}. */
    private static Optional<String[]> row(String file, String... key) {
        return rows(file).stream().filter(r -> Arrays.equals(Arrays.copyOf(r, key.length), key)).findFirst();
    }

    /** The data rows of a resource, without the comment lines and the header; each file is read once. */
    static List<String[]> rows(String file) {
        return CACHE.computeIfAbsent(file, PaperNumbers::read);
    }

    private static List<String[]> read(String file) {
        try (InputStream in = PaperNumbers.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DIR + file + ": the library jar is incomplete");
            }
            List<String[]> out = new ArrayList<>();
            boolean header = true;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                out.add(line.split(",", -1));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DIR + file + ": " + e.getMessage(), e);
        }
    }
}
