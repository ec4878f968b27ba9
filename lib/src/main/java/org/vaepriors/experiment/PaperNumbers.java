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
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

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

    /**
     * Exemplar VAE supplement, section M: the test error of a classifier trained with exemplar augmentation.
     *
     * @return the error in percent (MNIST)
     */
    public static double exemplarAugmentationError() {
        return row("exemplar-vae-supplement-m-augmentation.csv", "MNIST", "real + exemplar augmentation")
                .map(r -> Double.parseDouble(r[2])).orElseThrow();
    }

    /**
     * LARS Table 1: test NLL with the standard prior and with LARS.
     *
     * @param arch    the architecture
     * @param dataset our data set (mapped with {@link #paperDataset}; MNIST is the paper's dynamic MNIST)
     * @return {standard, LARS}, if the paper has the cell
     */
    public static Optional<double[]> larsTable1(ArchitectureSpec.Kind arch, DatasetId dataset) {
        return row("lars-table1-nll.csv", paperDataset(dataset).name(), arch.name())
                .map(r -> new double[]{Double.parseDouble(r[2]), Double.parseDouble(r[3])});
    }

    /**
     * LARS Table D.1: standard, post-hoc and joint training.
     *
     * @param dataset our data set (mapped with {@link #paperDataset})
     * @param model   "standard", "post-hoc" or "joint"
     * @return {-ELBO, KL, reconstruction, Z}, if the paper has the row
     */
    public static Optional<double[]> larsPostHoc(DatasetId dataset, String model) {
        return row("lars-table-d1-posthoc.csv", paperDataset(dataset).name(), model).map(r -> numbers(r, 2));
    }

    /**
     * LARS Table D.2: acceptance network sizes at T = 100 (dynamic MNIST).
     *
     * @param network "standard" or a network such as "[100-100]"
     * @return {NLL, Z}, if the paper has the row
     */
    public static Optional<double[]> larsNetwork(String network) {
        return row("lars-table-d2-networks.csv", network).map(r -> numbers(r, 1));
    }

    /**
     * LARS Table D.3: truncation (dynamic MNIST, a = MLP[100-100]).
     *
     * @param truncation "1" (the standard prior), "2", ..., "100" or "inf"
     * @return {NLL, Z, KL, reconstruction}, if the paper has the row
     */
    public static Optional<double[]> larsTruncation(String truncation) {
        return row("lars-table-d3-truncation.csv", truncation).map(r -> numbers(r, 1));
    }

    /**
     * NCP-VAE supplement, section J: mean log-likelihood on the 25-Gaussians.
     *
     * @param model "VAE" or "NCP-VAE"
     * @return nats
     * @throws IllegalArgumentException for another model
     */
    public static double ncp(String model) {
        return row("ncp-vae-section-j.csv", model).map(r -> Double.parseDouble(r[1]))
                .orElseThrow(() -> new IllegalArgumentException("section J reports VAE and NCP-VAE, not " + model));
    }

    private static double[] numbers(String[] row, int from) {
        double[] v = new double[row.length - from];
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.parseDouble(row[from + i]);
        }
        return v;
    }

    /**
     * A paper table as a typed table, to join beside ours or to sort and plot: key columns as text, numbers as
     * numeric columns, and a "mean±std" cell split into the column (the mean) and the column + " sd" (the
     * paper's standard deviation over its runs). The table's name is the source line of the resource.
     *
     * @param resource the CSV's file name under {@code org/vaepriors/papers/}, e.g. "lars-table-d3-truncation.csv"
     * @return the table
     */
    public static Table table(String resource) {
        List<String[]> rows = rows(resource);
        String[] header = header(resource);
        Table t = Table.create(source(resource));
        for (int c = 0; c < header.length; c++) {
            int col = c;
            boolean numeric = rows.stream().allMatch(r -> r[col].isEmpty() || isNumber(r[col].split("±")[0].trim()));
            boolean spread = numeric && rows.stream().anyMatch(r -> r[col].contains("±"));
            if (!numeric) {
                t.addColumns(StringColumn.create(header[c], rows.stream().map(r -> r[col]).toList()));
                continue;
            }
            DoubleColumn mean = DoubleColumn.create(header[c]);
            DoubleColumn sd = DoubleColumn.create(header[c] + " sd");
            for (String[] r : rows) {
                String v = r[col].trim();
                if (v.isEmpty()) {
                    mean.appendMissing();
                    sd.appendMissing();
                    continue;
                }
                String[] parts = v.split("±");
                mean.append(Double.parseDouble(parts[0].trim()));
                if (parts.length > 1) {
                    sd.append(Double.parseDouble(parts[1].trim()));
                } else {
                    sd.appendMissing();
                }
            }
            t.addColumns(mean);
            if (spread) {
                t.addColumns(sd);
            }
        }
        return t;
    }

    private static boolean isNumber(String v) {
        try {
            Double.parseDouble(v);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
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

    private static String[] header(String file) {
        return lines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst()
                .map(PaperNumbers::fields).orElseThrow(() -> new IllegalStateException(DIR + file + " has no header"));
    }

    /** The comment line that names the table's source. */
    private static String source(String file) {
        return lines(file).stream().filter(l -> l.startsWith("#")).map(l -> l.substring(1).trim()).findFirst().orElse(file);
    }

    private static List<String> lines(String file) {
        try (InputStream in = PaperNumbers.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DIR + file + ": the library jar is incomplete");
            }
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DIR + file + ": " + e.getMessage(), e);
        }
    }

    private static List<String[]> read(String file) {
        List<String[]> out = new ArrayList<>();
        boolean header = true;
        for (String line : lines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            out.add(fields(line));
        }
        return List.copyOf(out);
    }

    /** A CSV line's fields: split at commas, except inside double quotes (which are removed; "" is a quote). */
    static String[] fields(String line) {
        if (line.indexOf('"') < 0) {
            return line.split(",", -1);
        }
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' && quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                f.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        out.add(f.toString());
        return out.toArray(new String[0]);
    }
}
