package org.vaepriors.exemplar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.vaepriors.data.DatasetId;
import org.vaepriors.eval.EvalResult;
import org.vaepriors.eval.EvalSpec;
import org.vaepriors.experiment.DatasetSpec;
import org.vaepriors.experiment.Finding;
import org.vaepriors.experiment.Knobs;
import org.vaepriors.experiment.Profile;
import org.vaepriors.experiment.Spread;
import org.vaepriors.experiment.VaeResult;
import org.vaepriors.experiment.VaeRun;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.prior.MixtureOfGaussiansPrior;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.train.TrainSpec;
import org.vaepriors.vampprior.VampPrior;

/**
 * The runs behind the Exemplar VAE supplement's Table 1 (active units) and Table 3 (KL and reconstruction):
 * architectures x {Gaussian, VampPrior, Exemplar} x data sets x seeds, sized by the profile. Notebooks 01
 * and 02 ask for the same configs, so the second finds the first's runs in the results cache.
 */
public final class PriorComparison {
    private PriorComparison() {
    }

    /**
     * What one profile runs.
     *
     * @param architectures the architectures
     * @param datasets      the data sets, in order of preference (those at hand are used)
     * @param trainLimit    training images (0 = all)
     * @param validation    validation images for early stopping (0 = all)
     * @param train         the schedule
     * @param eval          the evaluation
     * @param vampK         the VampPrior's pseudo-inputs
     * @param seeds         runs per cell
     */
    public record Budget(List<ArchitectureSpec.Kind> architectures, List<DatasetId> datasets, int trainLimit,
                         int validation, TrainSpec train, EvalSpec eval, int vampK, int seeds) {
        /** @return one line saying what the profile runs */
        public String summary() {
            return architectures + " x {Gaussian, VampPrior (K=" + vampK + "), Exemplar} on " + datasets + ": "
                    + (trainLimit == 0 ? "all" : trainLimit) + " training images, at most " + train.maxEpochs()
                    + " epochs (warm-up " + train.warmupEpochs() + ", patience " + train.patience() + "), "
                    + (validation == 0 ? "all" : validation) + " validation images, "
                    + (eval.testLimit() == 0 ? "all" : eval.testLimit()) + " test images with S = " + eval.iwSamples()
                    + " importance samples, " + seeds + (seeds == 1 ? " seed" : " seeds");
        }
    }

    /**
     * @param profile the profile
     * @return its budget
     */
    public static Budget budget(Profile profile) {
        List<ArchitectureSpec.Kind> mlp = List.of(ArchitectureSpec.Kind.VAE, ArchitectureSpec.Kind.HVAE);
        return switch (profile) {
            case SMOKE -> new Budget(mlp, List.of(DatasetId.MNIST_10K), 200, 100,
                    TrainSpec.paper().withMaxEpochs(1).withWarmup(1), new EvalSpec(3, 30), 10, 1);
            case QUICK -> new Budget(mlp, List.of(DatasetId.FASHION_MNIST), 4000, 1000,
                    TrainSpec.paper().withMaxEpochs(40).withWarmup(10), new EvalSpec(200, 1000), 500, 1);
            case PAPER -> new Budget(List.of(ArchitectureSpec.Kind.values()),
                    List.of(DatasetId.MNIST, DatasetId.FASHION_MNIST, DatasetId.OMNIGLOT), 0, 0,
                    TrainSpec.paper(), EvalSpec.paper(), 500, 5);
        };
    }

    /**
     * @param budget what to run
     * @return the three priors of the tables
     */
    public static List<PriorSpec<?>> priors(Budget budget) {
        return List.of(new StandardGaussianPrior.Spec(), VampPrior.Spec.of(budget.vampK()), ExemplarPrior.Spec.paper());
    }

    /**
     * @param knobs     the profile and overrides
     * @param available the data sets at hand
     * @return every config, data set by data set, architecture by architecture
     * @throws IllegalStateException if none of the profile's data sets is at hand
     */
    public static List<VaeRun<?>> configs(Knobs knobs, List<DatasetId> available) {
        Budget b = budget(knobs.profile());
        List<DatasetId> sets = b.datasets().stream().filter(available::contains).toList();
        if (sets.isEmpty()) {
            throw new IllegalStateException("none of " + b.datasets() + " is in the data directory (found " + available
                    + "): see the README's Data section");
        }
        List<VaeRun<?>> out = new ArrayList<>();
        for (DatasetId d : sets) {
            for (ArchitectureSpec.Kind kind : b.architectures()) {
                for (PriorSpec<?> prior : priors(b)) {
                    for (int seed = 1; seed <= b.seeds(); seed++) {
                        out.add(VaeRun.builder().profile(knobs.profile())
                                .dataset(new DatasetSpec(d, b.trainLimit(), b.validation()))
                                .architecture(ArchitectureSpec.paper(kind)).prior(prior)
                                .train(b.train()).eval(b.eval()).seed(seed).build());
                    }
                }
            }
        }
        return out;
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

        /** @return per-dimension Var(mu) of the first run with metrics, for plots */
        public double[] unitVariances() {
            return evaluated().get(0).metrics().unitVariances();
        }

        /** @return true if every run of the cell diverged before it had test metrics: tables show "diverged" */
        public boolean diverged() {
            return evaluated().isEmpty();
        }

        /**
         * @param metric   one of this cell's spreads, e.g. {@code Cell::kl}
         * @param decimals decimals to show
         * @return the spread over the runs that have metrics, "diverged" if none has, and how many diverged
         */
        public String format(java.util.function.Function<Cell, Spread> metric, int decimals) {
            if (diverged()) {
                return "diverged";
            }
            int lost = runs.size() - evaluated().size();
            return metric.apply(this).format(decimals) + (lost == 0 ? "" : " (" + lost + " of " + runs.size() + " diverged)");
        }

        /** The runs that have test metrics (not those that diverged before finishing an epoch). */
        private List<VaeResult> evaluated() {
            return runs.stream().filter(VaeResult::hasMetrics).toList();
        }

        private Spread over(ToDoubleFunction<EvalResult> metric) {
            if (diverged()) {
                throw new IllegalStateException("every run of " + architecture + " / " + priorLabel + " on " + dataset
                        + " diverged: no numbers (" + runs.get(0).summary() + ")");
            }
            return Spread.of(evaluated().stream().mapToDouble(r -> metric.applyAsDouble(r.metrics())).toArray());
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

    /**
     * Table 1's claim, per data set and architecture: the VampPrior and the Exemplar prior keep more active
     * units than the Gaussian prior.
     *
     * @param cells the cells
     * @return one finding per comparison that the cells allow
     */
    public static List<Finding> activeUnitFindings(List<Cell> cells) {
        List<Finding> out = new ArrayList<>();
        for (Cell g : cells) {
            if (!g.prior().equals("gaussian") || g.diverged()) {
                continue;
            }
            for (String other : List.of("vamp", "exemplar")) {
                find(cells, g, other).ifPresent(o -> out.add(new Finding(
                        o.priorLabel() + " keeps more active units than the Gaussian prior (" + g.architecture() + ", "
                                + g.dataset() + ")",
                        o.activeUnits().mean() > g.activeUnits().mean(),
                        o.activeUnits().format(1) + " vs " + g.activeUnits().format(1) + " of 40")));
                // ours, not the paper's: a unit on its way to collapse shows as a small Var(mu) before it crosses 0.01
                find(cells, g, other).ifPresent(o -> out.add(new Finding(
                        "(ours) the Gaussian prior's least used unit is nearer collapse than the " + o.priorLabel() + "'s ("
                                + g.architecture() + ", " + g.dataset() + ")",
                        min(g.unitVariances()) < min(o.unitVariances()),
                        String.format(java.util.Locale.ROOT, "smallest Var(mu) %.3f vs %.3f (threshold 0.01)",
                                min(g.unitVariances()), min(o.unitVariances())))));
            }
        }
        return out;
    }

    /**
     * Table 3's claims, per data set and architecture: the Exemplar prior has the lowest KL, its
     * reconstruction is comparable to the VampPrior's (within {@code tolerance} nats), and the test
     * log-likelihood ranks Exemplar, VampPrior, Gaussian.
     *
     * @param cells     the cells
     * @param tolerance nats within which two reconstructions count as comparable
     * @return the findings
     */
    public static List<Finding> klFindings(List<Cell> cells, double tolerance) {
        List<Finding> out = new ArrayList<>();
        for (Cell e : cells) {
            if (!e.prior().equals("exemplar") || e.diverged()) {
                continue;
            }
            var g = find(cells, e, "gaussian");
            var v = find(cells, e, "vamp");
            if (g.isEmpty() || v.isEmpty()) {
                continue;
            }
            String where = " (" + e.architecture() + ", " + e.dataset() + ")";
            double lowest = Math.min(g.get().kl().mean(), v.get().kl().mean());
            out.add(new Finding("the Exemplar prior has the lowest KL" + where, e.kl().mean() < lowest,
                    "KL " + e.kl().format(2) + " vs VampPrior " + v.get().kl().format(2) + ", Gaussian "
                            + g.get().kl().format(2)));
            double gap = e.reconstruction().mean() - v.get().reconstruction().mean();
            out.add(new Finding("its reconstruction is comparable to the VampPrior's: not worse by more than " + tolerance
                    + " nats" + where, gap <= tolerance, String.format(java.util.Locale.ROOT, "-E log p(x|z) %s vs %s (%+.2f)",
                    e.reconstruction().format(2), v.get().reconstruction().format(2), gap)));
            boolean ranked = e.nll().mean() < v.get().nll().mean() && v.get().nll().mean() < g.get().nll().mean();
            out.add(new Finding("test -log p(x) ranks Exemplar < VampPrior < Gaussian" + where, ranked,
                    e.nll().format(2) + " < " + v.get().nll().format(2) + " < " + g.get().nll().format(2)));
        }
        return out;
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static java.util.Optional<Cell> find(List<Cell> cells, Cell like, String prior) {
        return cells.stream().filter(c -> c.dataset() == like.dataset() && c.architecture() == like.architecture()
                && c.prior().equals(prior) && !c.diverged()).findFirst();
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
