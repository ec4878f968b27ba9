package org.vaepriors.exemplar;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.vaepriors.LabPaths;
import org.vaepriors.data.DatasetId;
import org.vaepriors.data.Datasets;
import org.vaepriors.eval.EvalSpec;
import org.vaepriors.experiment.DatasetSpec;
import org.vaepriors.experiment.PaperNumbers;
import org.vaepriors.experiment.Profile;
import org.vaepriors.experiment.Protocol;
import org.vaepriors.experiment.RunConfig;
import org.vaepriors.experiment.Study;
import org.vaepriors.experiment.VaeRun;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.prior.MixtureOfGaussiansPrior;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.train.TrainSpec;
import org.vaepriors.vampprior.VampPrior;
import tech.tablesaw.api.Table;

/**
 * The study behind the Exemplar VAE supplement's Table 5, as a value: a VAE on Omniglot with a Gaussian prior, a
 * mixture of Gaussians (K = the first of the VampPrior sizes), the VampPrior with the first K without
 * sub-sampling and with every K sub-sampled, and the Exemplar prior (k = 10, M = N/2). A cell changes it with the
 * withers ({@code SubsamplingStudy.of(profile).withComponents(100, 300).withEpochs(80)}).
 *
 * <p>A VampPrior with more pseudo-inputs than training images is not Table 5's setting (the paper's K are 4-22% of
 * its N = 23,000), so K &gt; N is refused; without the paper's Omniglot (chardata.mat), the {@code paper} profile
 * runs on Omniglot-small with K scaled by N / 23,000 and says it is not the paper's setting.
 *
 * @param profile      the profile it was sized for
 * @param dataset      OMNIGLOT or OMNIGLOT_SMALL
 * @param trainLimit   training images (0 = all)
 * @param validation   validation images (0 = all)
 * @param components   the VampPrior sizes K, in the paper's order (its 1000, 2000, 5000)
 * @param vampFraction the share of the VampPrior's components used per training step when sub-sampling
 * @param train        the schedule
 * @param eval         the evaluation
 * @param seeds        runs per prior (seeds 1..seeds)
 */
public record SubsamplingStudy(Profile profile, DatasetId dataset, int trainLimit, int validation, List<Integer> components,
                               double vampFraction, TrainSpec train, EvalSpec eval, int seeds) implements Study {
    /** The share of components per step: the paper does not say; half, as the Exemplar prior's M = N/2. */
    public static final double VAMP_FRACTION = 0.5;
    private static final String TABLE5 = "exemplar-vae-table5-subsampling.csv";
    private static final Map<DatasetId, Integer> TRAINING_IMAGES = new ConcurrentHashMap<>();

    /** Validates and copies. */
    public SubsamplingStudy {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(dataset, "dataset");
        components = List.copyOf(components);
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(eval, "eval");
        if (components.isEmpty() || components.stream().anyMatch(k -> k < 2)) {
            throw new IllegalArgumentException("the VampPrior sizes must be a non-empty list of K >= 2, got " + components);
        }
        if (!(vampFraction > 0 && vampFraction < 1)) {
            throw new IllegalArgumentException("the sub-sampling share must be in (0, 1), got " + vampFraction);
        }
        if (trainLimit < 0 || validation < 0 || seeds < 1) {
            throw new IllegalArgumentException("limits must be >= 0 and seeds >= 1, got " + trainLimit + ", " + validation
                    + ", " + seeds);
        }
    }

    /**
     * The profile's study on the data at hand: the paper's Omniglot under {@code paper} when chardata.mat is there,
     * Omniglot-small otherwise.
     *
     * @param profile the profile
     * @return its study
     * @throws IllegalStateException if neither Omniglot is in the data directory
     */
    public static SubsamplingStudy of(Profile profile) {
        List<DatasetId> available = Datasets.available(LabPaths.data());
        DatasetId omniglot = profile == Profile.PAPER && available.contains(DatasetId.OMNIGLOT) ? DatasetId.OMNIGLOT
                : DatasetId.OMNIGLOT_SMALL;
        if (!available.contains(omniglot)) {
            throw new IllegalStateException("Table 5 needs Omniglot; neither chardata.mat nor the small background sets "
                    + "are in the data directory (found " + available + "): see the README's Data section");
        }
        return switch (profile) {
            case SMOKE -> new SubsamplingStudy(profile, omniglot, 200, 100, List.of(10, 20, 50), VAMP_FRACTION,
                    TrainSpec.paper().withMaxEpochs(1).withWarmup(1), new EvalSpec(3, 30), 1);
            case QUICK -> new SubsamplingStudy(profile, omniglot, 0, 0, List.of(100, 200, 500), VAMP_FRACTION,
                    TrainSpec.paper().withMaxEpochs(50).withWarmup(10), new EvalSpec(200, 0), 1);
            case PAPER -> new SubsamplingStudy(profile, omniglot, 0, 0, omniglot == DatasetId.OMNIGLOT ? paperComponents()
                    : scaledComponents(trainingImages(omniglot, 0)), VAMP_FRACTION, TrainSpec.paper(), EvalSpec.paper(), 1);
        };
    }

    /** @return the paper's VampPrior sizes with sub-sampling, in its order (1000, 2000, 5000) */
    public static List<Integer> paperComponents() {
        Table t = PaperNumbers.table(TABLE5);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            if (t.stringColumn("setting").get(i).startsWith("vamp") && t.stringColumn("sub-sampled").get(i).equals("yes")) {
                out.add((int) Math.round(t.doubleColumn("components").get(i)));
            }
        }
        return out;
    }

    /** @return the paper's N: its Exemplar prior's M = 11,500 is N/2 (supplement L.2), so 23,000 */
    public static int paperTrainingImages() {
        Table t = PaperNumbers.table(TABLE5);
        for (int i = 0; i < t.rowCount(); i++) {
            if (t.stringColumn("setting").get(i).startsWith("exemplar")) {
                return 2 * (int) Math.round(t.doubleColumn("components").get(i));
            }
        }
        throw new IllegalStateException(TABLE5 + " has no Exemplar row");
    }

    /**
     * The paper's K scaled to another training set, keeping K / N: what must scale when Omniglot-small stands in for
     * Omniglot (N = 3,430 gives 149, 298, 746).
     *
     * @param n training images
     * @return the paper's K times n / 23,000, rounded
     */
    public static List<Integer> scaledComponents(int n) {
        int paperN = paperTrainingImages();
        return paperComponents().stream().map(k -> (int) Math.round((double) k * n / paperN)).toList();
    }

    /** @param ks the VampPrior sizes, in the paper's order @return this study with them */
    public SubsamplingStudy withComponents(Integer... ks) {
        return withComponents(List.of(ks));
    }

    /** @param ks the VampPrior sizes, in the paper's order @return this study with them */
    public SubsamplingStudy withComponents(List<Integer> ks) {
        return new SubsamplingStudy(profile, dataset, trainLimit, validation, ks, vampFraction, train, eval, seeds);
    }

    /** @param fraction the share of the VampPrior's components per step @return this study with it */
    public SubsamplingStudy withSubsampleFraction(double fraction) {
        return new SubsamplingStudy(profile, dataset, trainLimit, validation, components, fraction, train, eval, seeds);
    }

    /** @param epochs the most epochs a run trains @return this study with it (the warm-up capped by it) */
    public SubsamplingStudy withEpochs(int epochs) {
        return withTrain(train.withMaxEpochs(epochs).withWarmup(Math.min(train.warmupEpochs(), epochs)));
    }

    /** @param epochs the KL warm-up @return this study with it */
    public SubsamplingStudy withWarmup(int epochs) {
        return withTrain(train.withWarmup(epochs));
    }

    /** @param t the schedule @return this study with it */
    public SubsamplingStudy withTrain(TrainSpec t) {
        return new SubsamplingStudy(profile, dataset, trainLimit, validation, components, vampFraction, t, eval, seeds);
    }

    /** @param e the evaluation @return this study with it */
    public SubsamplingStudy withEval(EvalSpec e) {
        return new SubsamplingStudy(profile, dataset, trainLimit, validation, components, vampFraction, train, e, seeds);
    }

    /** @param d OMNIGLOT or OMNIGLOT_SMALL (or any other data set, which is then not Table 5's) @return this study on it */
    public SubsamplingStudy withDataset(DatasetId d) {
        return new SubsamplingStudy(profile, d, trainLimit, validation, components, vampFraction, train, eval, seeds);
    }

    /**
     * @param images     training images (0 = all)
     * @param validation validation images (0 = all)
     * @return this study on that much data
     */
    public SubsamplingStudy withData(int images, int validation) {
        return new SubsamplingStudy(profile, dataset, images, validation, components, vampFraction, train, eval, seeds);
    }

    /** @param n runs per prior @return this study with them */
    public SubsamplingStudy withSeeds(int n) {
        return new SubsamplingStudy(profile, dataset, trainLimit, validation, components, vampFraction, train, eval, n);
    }

    @Override
    public String notebook() {
        return "03-vampprior-subsampling";
    }

    @Override
    public String summary() {
        return "VAE on " + dataset + " (N = " + exemplars() + " training images), VampPrior K in " + components
                + " (sub-sampled: " + Math.round(100 * vampFraction) + "% of the components per step), MoG with K = "
                + components.get(0) + ", Exemplar with M = N/2 = " + ExemplarPrior.Spec.paper().exemplarsPerStep(exemplars())
                + ": at most " + train.maxEpochs() + " epochs (warm-up " + train.warmupEpochs() + "), "
                + (validation == 0 ? "all" : validation) + " validation images, "
                + (eval.testLimit() == 0 ? "all" : eval.testLimit()) + " test images with S = " + eval.iwSamples() + ", "
                + seeds + (seeds == 1 ? " seed" : " seeds") + (isPapersSetting() ? "" : "; not the paper's setting");
    }

    /** @return true when this is Table 5's setting: the paper's Omniglot, all of it, the paper's K and schedule */
    public boolean isPapersSetting() {
        return dataset == DatasetId.OMNIGLOT && trainLimit == 0 && validation == 0 && components.equals(paperComponents())
                && train.equals(TrainSpec.paper()) && eval.equals(EvalSpec.paper());
    }

    /** @return N, the training images (the Exemplar prior's components) */
    public int exemplars() {
        return trainingImages(dataset, trainLimit);
    }

    private static int trainingImages(DatasetId d, int limit) {
        int all = TRAINING_IMAGES.computeIfAbsent(d, id -> Datasets.load(id).train().size());
        return limit > 0 ? Math.min(limit, all) : all;
    }

    /** @return Table 5's priors, in its order */
    public List<PriorSpec<?>> priors() {
        int k = components.get(0);
        List<PriorSpec<?>> out = new ArrayList<>();
        out.add(new StandardGaussianPrior.Spec());
        out.add(new MixtureOfGaussiansPrior.Spec(k));
        out.add(VampPrior.Spec.of(k));
        for (int c : components) {
            out.add(VampPrior.Spec.of(c).withSubsampling(vampFraction));
        }
        out.add(ExemplarPrior.Spec.paper());
        return out;
    }

    /**
     * @param prior a prior of {@link #priors()}
     * @param seed  the seed
     * @param <P>   its type
     * @return its run
     */
    public <P extends org.vaepriors.prior.Prior> VaeRun<P> run(PriorSpec<P> prior, int seed) {
        return VaeRun.builder().profile(profile).dataset(new DatasetSpec(dataset, trainLimit, validation))
                .architecture(ArchitectureSpec.paper(ArchitectureSpec.Kind.VAE)).prior(prior).train(train).eval(eval)
                .seed(seed).build();
    }

    /**
     * @return one VAE run per prior and seed
     * @throws IllegalArgumentException if a VampPrior would have more components than there are training images
     */
    public List<VaeRun<?>> configs() {
        int n = exemplars();
        for (int k : components) {
            if (k > n) {
                throw new IllegalArgumentException("K = " + k + " pseudo-inputs exceed the N = " + n + " training images of "
                        + dataset + ": Table 5's K are " + paperComponents() + " of N = " + paperTrainingImages()
                        + "; scale them (SubsamplingStudy.scaledComponents(" + n + ") = " + scaledComponents(n) + ")");
            }
        }
        List<VaeRun<?>> out = new ArrayList<>();
        for (PriorSpec<?> p : priors()) {
            for (int s = 1; s <= seeds; s++) {
                out.add(run(p, s));
            }
        }
        return out;
    }

    @Override
    public List<RunConfig<?, ?>> runs() {
        return List.copyOf(configs());
    }

    /**
     * @param prior a prior spec
     * @return its mixture components as Table 5 counts them: K, M = N/2 drawn per step for the Exemplar prior
     * (the paper's 11,500), 1 for the Gaussian
     */
    public int components(PriorSpec<?> prior) {
        if (prior instanceof VampPrior.Spec v) {
            return v.components();
        } else if (prior instanceof MixtureOfGaussiansPrior.Spec m) {
            return m.components();
        } else if (prior instanceof ExemplarPrior.Spec e) {
            return e.exemplarsPerStep(exemplars());
        }
        return 1;
    }

    /**
     * The row of Table 5 that a prior of this study stands for, by what it is: a VampPrior's K stands for the paper's
     * K of the same rank in {@link #components()} (the same K under the paper's setting).
     *
     * @param prior a prior of {@link #priors()}
     * @return the paper's "setting" key, e.g. "vamp K=2000 sub-sampled", or "" when the paper has no such row
     */
    public String paperSetting(PriorSpec<?> prior) {
        if (prior instanceof StandardGaussianPrior.Spec) {
            return "gaussian";
        } else if (prior instanceof MixtureOfGaussiansPrior.Spec) {
            return "mog";
        } else if (prior instanceof ExemplarPrior.Spec) {
            return "exemplar M=" + paperTrainingImages() / 2 + " sub-sampled";
        } else if (prior instanceof VampPrior.Spec v) {
            List<Integer> paper = paperComponents();
            int rank = components.indexOf(v.components());
            if (rank < 0 || components.size() != paper.size()) {
                return paper.contains(v.components()) ? "vamp K=" + v.components() + (v.subsampled() ? " sub-sampled" : "")
                        : "";
            }
            return "vamp K=" + paper.get(rank) + (v.subsampled() ? " sub-sampled" : "");
        }
        return "";
    }

    /**
     * "Protocol: ours vs the paper's" for this study.
     *
     * @return the table
     */
    public Table protocol() {
        boolean omniglot = dataset == DatasetId.OMNIGLOT;
        int n = exemplars();
        int m = ExemplarPrior.Spec.paper().exemplarsPerStep(n);
        Protocol p = Protocol.of("exemplar-vae-table5-protocol.csv")
                .ours("data set", dataset.name(), omniglot)
                .ours("training images", String.valueOf(n), omniglot && trainLimit == 0)
                .ours("validation images", validation == 0 ? "all" : "the first " + validation, omniglot && validation == 0)
                .ours("test images", eval.testLimit() == 0 ? "all" : "the first " + eval.testLimit(),
                        omniglot && eval.testLimit() == 0)
                .ours("architecture", "VAE")
                .ours("optimiser", "Adam with normalised gradients, learning rate " + Protocol.number(train.learningRate()))
                .ours("batch size", String.valueOf(train.batchSize()))
                .ours("warm-up (epochs)", String.valueOf(train.warmupEpochs()))
                .ours("most epochs", String.valueOf(train.maxEpochs()))
                .ours("early-stopping patience (epochs)", String.valueOf(train.patience()))
                .ours("VampPrior K", components + " with sub-sampling; " + components.get(0) + " without",
                        components.equals(paperComponents()))
                .ours("VampPrior sub-sampling share", Math.round(100 * vampFraction) + "% of the components per step", false)
                .ours("mixture of Gaussians K", String.valueOf(components.get(0)), false)
                .ours("Exemplar prior", "kNN retrieval k = " + ExemplarPrior.Spec.paper().neighbours() + ", M = " + m
                        + " = N/2 exemplars per step, leave-one-out", m == paperTrainingImages() / 2)
                .ours("importance samples S", String.valueOf(eval.iwSamples()))
                .ours("runs", String.valueOf(seeds), false);
        p.note("VampPrior sub-sampling share", "ours: the paper does not say");
        p.note("mixture of Gaussians K", "ours: the first VampPrior K");
        if (!omniglot) {
            p.note("data set", dataset + " stands in (chardata.mat is not here): not the paper's setting");
            p.note("VampPrior K", "K scaled with N (K must not exceed N): the paper's K x " + n + " / " + paperTrainingImages()
                    + " = " + scaledComponents(n));
        }
        if (profile != Profile.PAPER) {
            for (String s : List.of("warm-up (epochs)", "most epochs", "importance samples S")) {
                p.note(s, "scaled for the " + profile + " profile");
            }
        }
        return p.table();
    }
}
