package org.vaepriors.exemplar;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import org.vaepriors.LabPaths;
import org.vaepriors.data.DatasetId;
import org.vaepriors.data.Datasets;
import org.vaepriors.eval.EvalResult;
import org.vaepriors.eval.EvalSpec;
import org.vaepriors.experiment.DatasetSpec;
import org.vaepriors.experiment.PaperNumbers;
import org.vaepriors.experiment.Profile;
import org.vaepriors.experiment.Protocol;
import org.vaepriors.experiment.RunConfig;
import org.vaepriors.experiment.Spread;
import org.vaepriors.experiment.Study;
import org.vaepriors.experiment.VaeResult;
import org.vaepriors.experiment.VaeRun;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.prior.MixtureOfGaussiansPrior;
import org.vaepriors.prior.Prior;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.train.TrainSpec;
import org.vaepriors.vampprior.VampPrior;
import tech.tablesaw.api.Table;

/**
 * The study behind the Exemplar VAE supplement's Table 1 (active units) and Table 3 (KL and reconstruction),
 * as a value: architectures x {Gaussian, VampPrior (K), Exemplar} x data sets x seeds, with the training and
 * evaluation budget. Notebooks 01 and 02 show the same study, so the second finds the first's runs in the
 * results cache; a cell changes it with the withers
 * ({@code PriorComparison.of(profile).withVampK(1000).withEpochs(100)}).
 *
 * <p>The VampPrior's K is per data set: the VampPrior paper (section 5.1) uses 500 pseudo-inputs "for all datasets
 * except OMNIGLOT for which we utilized 1000", and so do the Exemplar VAE's comparisons (author response, R1).
 *
 * @param profile       the profile it was sized for
 * @param architectures the architectures
 * @param datasets      the data sets
 * @param trainLimit    training images (0 = all)
 * @param validation    validation images for early stopping (0 = all)
 * @param train         the schedule
 * @param eval          the evaluation
 * @param vampK         the VampPrior's pseudo-inputs on every data set without its own
 * @param vampKByData   the VampPrior's pseudo-inputs on particular data sets
 * @param seeds         runs per cell (seeds 1..seeds)
 */
public record PriorComparison(Profile profile, List<ArchitectureSpec.Kind> architectures, List<DatasetId> datasets,
                              int trainLimit, int validation, TrainSpec train, EvalSpec eval, int vampK,
                              Map<DatasetId, Integer> vampKByData, int seeds) implements Study {

    /** Validates and copies. */
    public PriorComparison {
        Objects.requireNonNull(profile, "profile");
        architectures = List.copyOf(architectures);
        datasets = List.copyOf(datasets);
        vampKByData = Map.copyOf(vampKByData);
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(eval, "eval");
        if (architectures.isEmpty() || datasets.isEmpty()) {
            throw new IllegalArgumentException("a study needs at least one architecture and one data set");
        }
        if (vampK < 1 || vampKByData.values().stream().anyMatch(k -> k < 1) || seeds < 1 || trainLimit < 0
                || validation < 0) {
            throw new IllegalArgumentException("need K >= 1, seeds >= 1, limits >= 0; got K = " + vampK + " " + vampKByData
                    + ", seeds = " + seeds + ", limits " + trainLimit + ", " + validation);
        }
    }

    /**
     * The profile's study on the data at hand.
     *
     * @param profile the profile
     * @return its study
     * @throws IllegalStateException if none of the profile's data sets is in the data directory
     */
    public static PriorComparison of(Profile profile) {
        List<ArchitectureSpec.Kind> mlp = List.of(ArchitectureSpec.Kind.VAE, ArchitectureSpec.Kind.HVAE);
        PriorComparison wanted = switch (profile) {
            case SMOKE -> new PriorComparison(profile, mlp, List.of(DatasetId.MNIST_10K), 200, 100,
                    TrainSpec.paper().withMaxEpochs(1).withWarmup(1), new EvalSpec(3, 30), 10, Map.of(), 1);
            case QUICK -> new PriorComparison(profile, mlp, List.of(DatasetId.FASHION_MNIST), 4000, 1000,
                    TrainSpec.paper().withMaxEpochs(40).withWarmup(10), new EvalSpec(200, 1000), 500, Map.of(), 1);
            case PAPER -> new PriorComparison(profile,
                    List.of(ArchitectureSpec.Kind.VAE, ArchitectureSpec.Kind.HVAE, ArchitectureSpec.Kind.CONV_HVAE),
                    List.of(DatasetId.MNIST, DatasetId.FASHION_MNIST, DatasetId.OMNIGLOT), 0, 0,
                    TrainSpec.paper(), EvalSpec.paper(), paperVampK(DatasetId.MNIST),
                    Map.of(DatasetId.OMNIGLOT, paperVampK(DatasetId.OMNIGLOT)), 5);
        };
        List<DatasetId> available = Datasets.available(LabPaths.data());
        List<DatasetId> sets = wanted.datasets().stream().filter(available::contains).toList();
        if (sets.isEmpty()) {
            throw new IllegalStateException("none of " + wanted.datasets() + " is in the data directory (found " + available
                    + "): see the README's Data section");
        }
        return wanted.withDatasets(sets);
    }

    /**
     * @param k the VampPrior's pseudo-inputs on every data set that has no K of its own (under {@code paper},
     *          Omniglot keeps the VampPrior paper's 1000; {@link #withVampK(DatasetId, int)} changes that)
     * @return this study with them
     */
    public PriorComparison withVampK(int k) {
        return new PriorComparison(profile, architectures, datasets, trainLimit, validation, train, eval, k, vampKByData,
                seeds);
    }

    /**
     * @param dataset a data set
     * @param k       the VampPrior's pseudo-inputs on it
     * @return this study with them there
     */
    public PriorComparison withVampK(DatasetId dataset, int k) {
        Map<DatasetId, Integer> m = new EnumMap<>(DatasetId.class);
        m.putAll(vampKByData);
        m.put(dataset, k);
        return new PriorComparison(profile, architectures, datasets, trainLimit, validation, train, eval, vampK, m, seeds);
    }

    /**
     * @param dataset a data set
     * @return the VampPrior's pseudo-inputs on it
     */
    public int vampK(DatasetId dataset) {
        return vampKByData.getOrDefault(dataset, vampK);
    }

    /** @param epochs the most epochs a run trains @return this study with it (the warm-up capped by it) */
    public PriorComparison withEpochs(int epochs) {
        return withTrain(train.withMaxEpochs(epochs).withWarmup(Math.min(train.warmupEpochs(), epochs)));
    }

    /** @param epochs the KL warm-up W (beta = min(1, epoch / W)) @return this study with it */
    public PriorComparison withWarmup(int epochs) {
        return withTrain(train.withWarmup(epochs));
    }

    /** @param t the schedule @return this study with it */
    public PriorComparison withTrain(TrainSpec t) {
        return new PriorComparison(profile, architectures, datasets, trainLimit, validation, t, eval, vampK, vampKByData,
                seeds);
    }

    /** @param e the evaluation @return this study with it */
    public PriorComparison withEval(EvalSpec e) {
        return new PriorComparison(profile, architectures, datasets, trainLimit, validation, train, e, vampK, vampKByData,
                seeds);
    }

    /** @param n runs per cell @return this study with them (seeds 1..n) */
    public PriorComparison withSeeds(int n) {
        return new PriorComparison(profile, architectures, datasets, trainLimit, validation, train, eval, vampK, vampKByData,
                n);
    }

    /** @param d the data sets @return this study on them */
    public PriorComparison withDatasets(List<DatasetId> d) {
        return new PriorComparison(profile, architectures, d, trainLimit, validation, train, eval, vampK, vampKByData, seeds);
    }

    /** @param d the data sets @return this study on them */
    public PriorComparison withDatasets(DatasetId... d) {
        return withDatasets(List.of(d));
    }

    /** @param a the architectures @return this study with them */
    public PriorComparison withArchitectures(ArchitectureSpec.Kind... a) {
        return new PriorComparison(profile, List.of(a), datasets, trainLimit, validation, train, eval, vampK, vampKByData,
                seeds);
    }

    /**
     * @param images     training images (0 = all)
     * @param validation validation images (0 = all)
     * @return this study on that much data
     */
    public PriorComparison withData(int images, int validation) {
        return new PriorComparison(profile, architectures, datasets, images, validation, train, eval, vampK, vampKByData,
                seeds);
    }

    @Override
    public String notebook() {
        return "01-active-dimensions";
    }

    @Override
    public String summary() {
        return architectures + " x {Gaussian, VampPrior (" + kLabel() + "), Exemplar} on " + datasets + ": "
                + (trainLimit == 0 ? "all" : trainLimit) + " training images, at most " + train.maxEpochs()
                + " epochs (warm-up " + train.warmupEpochs() + ", patience " + train.patience() + "), "
                + (validation == 0 ? "all" : validation) + " validation images, "
                + (eval.testLimit() == 0 ? "all" : eval.testLimit()) + " test images with S = " + eval.iwSamples()
                + " importance samples, " + seeds + (seeds == 1 ? " seed" : " seeds");
    }

    /** @return "K=500" or "K=500; K=1000 on OMNIGLOT" for the study's data sets */
    private String kLabel() {
        StringBuilder sb = new StringBuilder("K=").append(vampK);
        for (DatasetId d : datasets) {
            if (vampKByData.containsKey(d) && vampKByData.get(d) != vampK) {
                sb.append("; K=").append(vampKByData.get(d)).append(" on ").append(d);
            }
        }
        return sb.toString();
    }

    /**
     * @param dataset a data set
     * @return the three priors of the tables on it
     */
    public List<PriorSpec<?>> priors(DatasetId dataset) {
        return List.of(new StandardGaussianPrior.Spec(), VampPrior.Spec.of(vampK(dataset)), ExemplarPrior.Spec.paper());
    }

    /**
     * @param dataset the data set
     * @param kind    the architecture
     * @param prior   the prior
     * @param seed    the seed, from 1
     * @param <P>     the prior's type
     * @return that cell's run
     */
    public <P extends Prior> VaeRun<P> run(DatasetId dataset, ArchitectureSpec.Kind kind, PriorSpec<P> prior, int seed) {
        return VaeRun.builder().profile(profile).dataset(new DatasetSpec(dataset, trainLimit, validation))
                .architecture(ArchitectureSpec.paper(kind)).prior(prior).train(train).eval(eval).seed(seed).build();
    }

    /**
     * @param dataset the data set
     * @param kind    the architecture
     * @param seed    the seed
     * @return the run of the Exemplar prior in that cell
     */
    public VaeRun<ExemplarPrior> exemplarRun(DatasetId dataset, ArchitectureSpec.Kind kind, int seed) {
        return run(dataset, kind, ExemplarPrior.Spec.paper(), seed);
    }

    /** @return every VAE run, data set by data set, architecture by architecture, prior by prior, seed by seed */
    public List<VaeRun<?>> configs() {
        List<VaeRun<?>> out = new ArrayList<>();
        for (DatasetId d : datasets) {
            for (ArchitectureSpec.Kind kind : architectures) {
                for (PriorSpec<?> prior : priors(d)) {
                    for (int seed = 1; seed <= seeds; seed++) {
                        out.add(run(d, kind, prior, seed));
                    }
                }
            }
        }
        return out;
    }

    @Override
    public List<RunConfig<?, ?>> runs() {
        return List.copyOf(configs());
    }

    /**
     * The VampPrior paper's K (section 5.1): "500 pseudo-inputs for all datasets except OMNIGLOT for which we
     * utilized 1000".
     *
     * @param dataset a data set (Omniglot-small counts as Omniglot)
     * @return its K
     */
    public static int paperVampK(DatasetId dataset) {
        return PaperNumbers.paperDataset(dataset) == DatasetId.OMNIGLOT ? 1000 : 500;
    }

    /**
     * "Protocol: ours vs the paper's" for this study, line by line.
     *
     * @return the table
     */
    public Table protocol() {
        List<DatasetId> paperSets = List.of(DatasetId.MNIST, DatasetId.FASHION_MNIST, DatasetId.OMNIGLOT);
        boolean papersData = paperSets.containsAll(datasets);
        String sets = String.join(", ", datasets.stream().map(Enum::name).toList());
        String ks = String.join("; ", datasets.stream().map(d -> d + ": " + vampK(d)).toList());
        ExemplarPrior.Spec ex = ExemplarPrior.Spec.paper();
        Protocol p = Protocol.of("exemplar-vae-protocol.csv")
                .ours("data set", sets, papersData)
                .ours("training images", trainLimit == 0 ? "all" : "the first " + trainLimit, trainLimit == 0 && papersData)
                .ours("validation images", validation == 0 ? "all" : "the first " + validation, validation == 0 && papersData)
                .ours("test images", eval.testLimit() == 0 ? "all" : "the first " + eval.testLimit(),
                        eval.testLimit() == 0 && papersData)
                .ours("architectures", String.join(", ", architectures.stream().map(k -> ArchitectureSpec.paper(k).label())
                        .toList()), architectures.size() == ArchitectureSpec.Kind.values().length)
                .ours("latent dimensions", String.valueOf(ArchitectureSpec.paper(architectures.get(0)).latentDim()))
                .ours("optimiser", "Adam with normalised gradients, learning rate " + Protocol.number(train.learningRate()))
                .ours("batch size", String.valueOf(train.batchSize()))
                .ours("warm-up (epochs)", String.valueOf(train.warmupEpochs()))
                .ours("most epochs", String.valueOf(train.maxEpochs()))
                .ours("early-stopping patience (epochs)", String.valueOf(train.patience()))
                .ours("VampPrior pseudo-inputs K", ks, datasets.stream().allMatch(d -> vampK(d) == paperVampK(d)))
                .ours("Exemplar prior", "kNN retrieval k = " + ex.neighbours() + ", M = N/2 exemplars per step, leave-one-out")
                .ours("importance samples S", String.valueOf(eval.iwSamples()))
                .ours("active units counted on", (eval.testLimit() == 0 ? "the test set" : "the first " + eval.testLimit()
                        + " test images") + ", Var(mu) > 0.01 (population variance)")
                .ours("runs per cell", seeds + " (± over seeds as np.std, ddof = 0)", false);
        String scaled = "scaled for the " + profile + " profile";
        for (String s : List.of("training images", "validation images", "test images", "warm-up (epochs)", "most epochs",
                "importance samples S")) {
            if (profile != Profile.PAPER) {
                p.note(s, scaled);
            }
        }
        if (!papersData) {
            p.note("data set", "stand-ins on our splits (MNIST_10K for dynamic MNIST, OMNIGLOT_SMALL for Omniglot)");
        } else if (datasets.size() < paperSets.size()) {
            p.note("data set", "those of the paper's at hand");
        }
        p.note("runs per cell", "the paper does not say how many");
        return p.table();
    }

    /**
     * One cell of the tables: a data set, an architecture and a prior, over seeds.
     *
     * @param dataset      the data set
     * @param architecture the architecture
     * @param prior        the paper's key (gaussian, vamp, exemplar)
     * @param priorLabel   the prior's label
     * @param runs         its runs, by seed
     */
    public record Cell(DatasetId dataset, ArchitectureSpec.Kind architecture, String prior, String priorLabel,
                       List<VaeResult> runs) {
        /** Copies the runs. */
        public Cell {
            runs = List.copyOf(runs);
        }

        /** @return active units of the top latent, over seeds (population sd, as the paper's ±) */
        public Spread activeUnits() {
            return over(m -> m.activeUnits());
        }

        /** @return test KL (nats) */
        public Spread kl() {
            return over(EvalResult::kl);
        }

        /** @return test negative reconstruction, -E log p(x|z) (nats) */
        public Spread reconstruction() {
            return over(EvalResult::reconstruction);
        }

        /** @return importance-weighted test negative log-likelihood (nats) */
        public Spread nll() {
            return over(EvalResult::nll);
        }

        /** @return per-dimension Var(mu) of the first seed's run, for plots */
        public double[] unitVariances() {
            return runs.get(0).metrics().unitVariances();
        }

        /**
         * @param seed a seed
         * @return this cell's run with it
         */
        public Optional<VaeResult> seed(long seed) {
            return runs.stream().filter(r -> r.config().seed() == seed).findFirst();
        }

        private Spread over(ToDoubleFunction<EvalResult> metric) {
            return Spread.of(runs.stream().mapToDouble(r -> metric.applyAsDouble(r.metrics())).toArray());
        }
    }

    /**
     * @param runs finished runs
     * @return their cells, in the order first seen, over the runs that have test metrics: a run that diverged
     *         before its first finished epoch has none (the results table shows it as diverged), and a cell whose
     *         every run diverged is left out
     */
    public static List<Cell> cells(List<VaeResult> runs) {
        Map<String, List<VaeResult>> groups = new LinkedHashMap<>();
        for (VaeResult r : runs.stream().filter(VaeResult::hasMetrics).toList()) {
            VaeRun<?> c = r.config();
            groups.computeIfAbsent(c.dataset().id() + "/" + c.architecture().kind() + "/" + c.prior().label(),
                    k -> new ArrayList<>()).add(r);
        }
        List<Cell> out = new ArrayList<>();
        for (List<VaeResult> g : groups.values()) {
            VaeRun<?> c = g.get(0).config();
            out.add(new Cell(c.dataset().id(), c.architecture().kind(), priorKey(c.prior()), c.prior().label(), g));
        }
        return out;
    }

    /**
     * @param cells  the cells
     * @param like   a cell
     * @param prior  the paper's key of another prior
     * @return the cell of that prior with the same data set and architecture
     */
    static Optional<Cell> find(List<Cell> cells, Cell like, String prior) {
        return cells.stream().filter(c -> c.dataset() == like.dataset() && c.architecture() == like.architecture()
                && c.prior().equals(prior)).findFirst();
    }

    /**
     * @param prior a prior spec
     * @return the key the paper tables use: gaussian, mog, vamp or exemplar
     */
    public static String priorKey(PriorSpec<?> prior) {
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
}
