package org.vaepriors.exemplar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.ToDoubleFunction;

import org.vaepriors.LabPaths;
import org.vaepriors.data.DatasetId;
import org.vaepriors.data.Datasets;
import org.vaepriors.eval.EvalResult;
import org.vaepriors.eval.EvalSpec;
import org.vaepriors.experiment.DatasetSpec;
import org.vaepriors.experiment.Finding;
import org.vaepriors.experiment.Profile;
import org.vaepriors.experiment.RunConfig;
import org.vaepriors.experiment.Spread;
import org.vaepriors.experiment.Study;
import org.vaepriors.experiment.VaeResult;
import org.vaepriors.experiment.VaeRun;
import org.vaepriors.math.Estimate;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.prior.MixtureOfGaussiansPrior;
import org.vaepriors.prior.Prior;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.train.TrainSpec;
import org.vaepriors.vampprior.VampPrior;

/**
 * The study behind the Exemplar VAE supplement's Table 1 (active units) and Table 3 (KL and reconstruction),
 * as a value: architectures x {Gaussian, VampPrior (K), Exemplar} x data sets x seeds, with the training and
 * evaluation budget. Notebooks 01 and 02 show the same study, so the second finds the first's runs in the
 * results cache; a cell changes it with the withers ({@code PriorComparison.of(profile).withVampK(1000)}).
 *
 * @param profile       the profile it was sized for
 * @param architectures the architectures
 * @param datasets      the data sets
 * @param trainLimit    training images (0 = all)
 * @param validation    validation images for early stopping (0 = all)
 * @param train         the schedule
 * @param eval          the evaluation
 * @param vampK         the VampPrior's pseudo-inputs
 * @param seeds         runs per cell
 */
public record PriorComparison(Profile profile, List<ArchitectureSpec.Kind> architectures, List<DatasetId> datasets,
                              int trainLimit, int validation, TrainSpec train, EvalSpec eval, int vampK, int seeds)
        implements Study {

    /** Validates and copies. */
    public PriorComparison {
        Objects.requireNonNull(profile, "profile");
        architectures = List.copyOf(architectures);
        datasets = List.copyOf(datasets);
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(eval, "eval");
        if (architectures.isEmpty() || datasets.isEmpty()) {
            throw new IllegalArgumentException("a study needs at least one architecture and one data set");
        }
        if (vampK < 1 || seeds < 1 || trainLimit < 0 || validation < 0) {
            throw new IllegalArgumentException("need K >= 1, seeds >= 1, limits >= 0; got K = " + vampK + ", seeds = "
                    + seeds + ", limits " + trainLimit + ", " + validation);
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
                    TrainSpec.paper().withMaxEpochs(1).withWarmup(1), new EvalSpec(3, 30), 10, 1);
            case QUICK -> new PriorComparison(profile, mlp, List.of(DatasetId.FASHION_MNIST), 4000, 1000,
                    TrainSpec.paper().withMaxEpochs(40).withWarmup(10), new EvalSpec(200, 1000), 500, 1);
            case PAPER -> new PriorComparison(profile,
                    List.of(ArchitectureSpec.Kind.VAE, ArchitectureSpec.Kind.HVAE, ArchitectureSpec.Kind.CONV_HVAE),
                    List.of(DatasetId.MNIST, DatasetId.FASHION_MNIST, DatasetId.OMNIGLOT), 0, 0,
                    TrainSpec.paper(), EvalSpec.paper(), 500, 5);
        };
        List<DatasetId> available = Datasets.available(LabPaths.data());
        List<DatasetId> sets = wanted.datasets().stream().filter(available::contains).toList();
        if (sets.isEmpty()) {
            throw new IllegalStateException("none of " + wanted.datasets() + " is in the data directory (found " + available
                    + "): see the README's Data section");
        }
        return wanted.withDatasets(sets);
    }

    /** @param k the VampPrior's pseudo-inputs @return this study with them */
    public PriorComparison withVampK(int k) {
        return new PriorComparison(profile, architectures, datasets, trainLimit, validation, train, eval, k, seeds);
    }

    /** @param epochs the most epochs a run trains @return this study with it (the warm-up capped by it) */
    public PriorComparison withEpochs(int epochs) {
        return withTrain(train.withMaxEpochs(epochs).withWarmup(Math.min(train.warmupEpochs(), epochs)));
    }

    /** @param t the schedule @return this study with it */
    public PriorComparison withTrain(TrainSpec t) {
        return new PriorComparison(profile, architectures, datasets, trainLimit, validation, t, eval, vampK, seeds);
    }

    /** @param e the evaluation @return this study with it */
    public PriorComparison withEval(EvalSpec e) {
        return new PriorComparison(profile, architectures, datasets, trainLimit, validation, train, e, vampK, seeds);
    }

    /** @param n runs per cell @return this study with them (seeds 1..n) */
    public PriorComparison withSeeds(int n) {
        return new PriorComparison(profile, architectures, datasets, trainLimit, validation, train, eval, vampK, n);
    }

    /** @param d the data sets @return this study on them */
    public PriorComparison withDatasets(List<DatasetId> d) {
        return new PriorComparison(profile, architectures, d, trainLimit, validation, train, eval, vampK, seeds);
    }

    /** @param d the data sets @return this study on them */
    public PriorComparison withDatasets(DatasetId... d) {
        return withDatasets(List.of(d));
    }

    /** @param a the architectures @return this study with them */
    public PriorComparison withArchitectures(ArchitectureSpec.Kind... a) {
        return new PriorComparison(profile, List.of(a), datasets, trainLimit, validation, train, eval, vampK, seeds);
    }

    /**
     * @param images     training images (0 = all)
     * @param validation validation images (0 = all)
     * @return this study on that much data
     */
    public PriorComparison withData(int images, int validation) {
        return new PriorComparison(profile, architectures, datasets, images, validation, train, eval, vampK, seeds);
    }

    @Override
    public String notebook() {
        return "01-active-dimensions";
    }

    @Override
    public String summary() {
        return architectures + " x {Gaussian, VampPrior (K=" + vampK + "), Exemplar} on " + datasets + ": "
                + (trainLimit == 0 ? "all" : trainLimit) + " training images, at most " + train.maxEpochs()
                + " epochs (warm-up " + train.warmupEpochs() + ", patience " + train.patience() + "), "
                + (validation == 0 ? "all" : validation) + " validation images, "
                + (eval.testLimit() == 0 ? "all" : eval.testLimit()) + " test images with S = " + eval.iwSamples()
                + " importance samples, " + seeds + (seeds == 1 ? " seed" : " seeds");
    }

    /** @return the three priors of the tables */
    public List<PriorSpec<?>> priors() {
        return List.of(new StandardGaussianPrior.Spec(), VampPrior.Spec.of(vampK), ExemplarPrior.Spec.paper());
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

    /** @return every VAE run, data set by data set, architecture by architecture, prior by prior, seed by seed */
    public List<VaeRun<?>> configs() {
        List<VaeRun<?>> out = new ArrayList<>();
        for (DatasetId d : datasets) {
            for (ArchitectureSpec.Kind kind : architectures) {
                for (PriorSpec<?> prior : priors()) {
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
     * One cell of the tables: a data set, an architecture and a prior, over seeds.
     *
     * @param dataset      the data set
     * @param architecture the architecture
     * @param prior        the paper's key (gaussian, vamp, exemplar)
     * @param priorLabel   the prior's label
     * @param runs         its runs
     */
    public record Cell(DatasetId dataset, ArchitectureSpec.Kind architecture, String prior, String priorLabel,
                       List<VaeResult> runs) {
        /** @return active units of the top latent */
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

        /** @return per-dimension Var(mu) of the first run, for plots */
        public double[] unitVariances() {
            return runs.get(0).metrics().unitVariances();
        }

        private Spread over(ToDoubleFunction<EvalResult> metric) {
            return Spread.of(runs.stream().mapToDouble(r -> metric.applyAsDouble(r.metrics())).toArray());
        }
    }

    /**
     * @param runs finished runs
     * @return their cells, in the order first seen
     */
    public static List<Cell> cells(List<VaeResult> runs) {
        Map<String, List<VaeResult>> groups = new LinkedHashMap<>();
        for (VaeResult r : runs) {
            VaeRun<?> c = r.config();
            groups.computeIfAbsent(c.dataset().id() + "/" + c.architecture().kind() + "/" + c.prior().label(),
                    k -> new ArrayList<>()).add(r);
        }
        List<Cell> out = new ArrayList<>();
        for (List<VaeResult> g : groups.values()) {
            VaeRun<?> c = g.get(0).config();
            out.add(new Cell(c.dataset().id(), c.architecture().kind(), priorKey(c.prior()),
                    c.prior().label(), List.copyOf(g)));
        }
        return out;
    }

    /** Where the claims stand. */
    static final String TABLE1 = "Exemplar VAE supplement, Table 1";
    static final String TABLE3 = "Exemplar VAE supplement, Table 3";

    /**
     * Table 1's claim, per data set and architecture: the VampPrior and the Exemplar prior keep more active
     * units than the Gaussian prior (a per-model count: its standard error comes from the seed spread alone).
     *
     * @param cells the cells
     * @return one finding per comparison that the cells allow
     */
    public static List<Finding> activeUnitFindings(List<Cell> cells) {
        List<Finding> out = new ArrayList<>();
        for (Cell g : cells) {
            if (!g.prior().equals("gaussian")) {
                continue;
            }
            for (String other : List.of("vamp", "exemplar")) {
                find(cells, g, other).ifPresent(o -> out.add(Finding.of(
                        o.priorLabel() + " keeps more active units than the Gaussian prior (" + g.architecture() + ", "
                                + g.dataset() + ")", TABLE1,
                        Finding.difference(perSeed(o, g, (a, b) -> new Estimate(a.activeUnits() - b.activeUnits(), 0, 1))),
                        "units").withEvidence(o.activeUnits().format(1) + " vs " + g.activeUnits().format(1) + " of 40")));
            }
        }
        return out;
    }

    /**
     * Table 3's claims, per data set and architecture, judged on paired per-image differences: the Exemplar
     * prior has a lower KL than the VampPrior, its reconstruction is not worse than the VampPrior's, and the
     * test log-likelihood ranks Exemplar above VampPrior above Gaussian.
     *
     * @param cells the cells
     * @return the findings
     */
    public static List<Finding> klFindings(List<Cell> cells) {
        List<Finding> out = new ArrayList<>();
        for (Cell e : cells) {
            if (!e.prior().equals("exemplar")) {
                continue;
            }
            var g = find(cells, e, "gaussian");
            var v = find(cells, e, "vamp");
            if (g.isEmpty() || v.isEmpty()) {
                continue;
            }
            String where = " (" + e.architecture() + ", " + e.dataset() + ")";
            out.add(Finding.of("the Exemplar prior has a lower KL than the VampPrior" + where, TABLE3,
                    Finding.difference(perSeed(v.get(), e, EvalResult::klMinus)), "nats"));
            out.add(Finding.of("the Exemplar prior's reconstruction is not worse than the VampPrior's" + where, TABLE3,
                    Finding.difference(perSeed(v.get(), e, EvalResult::reconstructionMinus)), "nats"));
            out.add(Finding.of("the Exemplar prior's test log-likelihood is higher than the VampPrior's" + where, TABLE3,
                    Finding.difference(perSeed(v.get(), e, EvalResult::nllMinus)), "nats"));
            out.add(Finding.of("the VampPrior's test log-likelihood is higher than the Gaussian prior's" + where, TABLE3,
                    Finding.difference(perSeed(g.get(), v.get(), EvalResult::nllMinus)), "nats"));
        }
        return out;
    }

    /** a(seed) - b(seed) for every seed both cells have, in seed order. */
    private static List<Estimate> perSeed(Cell a, Cell b, BiFunction<EvalResult, EvalResult, Estimate> minus) {
        List<Estimate> out = new ArrayList<>();
        for (int i = 0; i < Math.min(a.runs().size(), b.runs().size()); i++) {
            out.add(minus.apply(a.runs().get(i).metrics(), b.runs().get(i).metrics()));
        }
        return out;
    }

    private static java.util.Optional<Cell> find(List<Cell> cells, Cell like, String prior) {
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
