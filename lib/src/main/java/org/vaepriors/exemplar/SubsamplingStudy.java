package org.vaepriors.exemplar;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.vaepriors.data.DatasetId;
import org.vaepriors.eval.EvalSpec;
import org.vaepriors.experiment.DatasetSpec;
import org.vaepriors.experiment.Finding;
import org.vaepriors.experiment.Knobs;
import org.vaepriors.experiment.Profile;
import org.vaepriors.experiment.VaeResult;
import org.vaepriors.experiment.VaeRun;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.prior.MixtureOfGaussiansPrior;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.train.TrainSpec;
import org.vaepriors.vampprior.VampPrior;

/**
 * The runs behind the Exemplar VAE supplement's Table 5: a VAE on Omniglot with a Gaussian prior, a
 * mixture of Gaussians, the VampPrior with K components without and with component sub-sampling, and the
 * Exemplar prior with exemplar sub-sampling (M = N/2). Smaller profiles scale K down with the data.
 */
public final class SubsamplingStudy {
    /** The share of VampPrior components used per step when sub-sampling (the paper does not say; ours). */
    public static final double VAMP_FRACTION = 0.5;

    private SubsamplingStudy() {
    }

    /**
     * @param dataset    the data set
     * @param trainLimit training images (0 = all)
     * @param validation validation images (0 = all)
     * @param components the VampPrior sizes, smallest first (the paper's 1000, 2000, 5000)
     * @param train      the schedule
     * @param eval       the evaluation
     */
    public record Budget(DatasetId dataset, int trainLimit, int validation, List<Integer> components, TrainSpec train,
                         EvalSpec eval) {
        /** @return one line saying what the profile runs */
        public String summary() {
            return "VAE on " + dataset + ", VampPrior K in " + components + " (sub-sampled: " + (int) (100 * VAMP_FRACTION)
                    + "% of the components per step), Exemplar with M = N/2: " + (trainLimit == 0 ? "all" : trainLimit)
                    + " training images, at most " + train.maxEpochs() + " epochs (warm-up " + train.warmupEpochs()
                    + "), " + (eval.testLimit() == 0 ? "all" : eval.testLimit()) + " test images with S = "
                    + eval.iwSamples();
        }
    }

    /**
     * @param profile   the profile
     * @param available the data sets at hand (the paper's Omniglot if present, else Omniglot-small)
     * @return its budget
     */
    public static Budget budget(Profile profile, List<DatasetId> available) {
        DatasetId omniglot = available.contains(DatasetId.OMNIGLOT) && profile == Profile.PAPER ? DatasetId.OMNIGLOT
                : DatasetId.OMNIGLOT_SMALL;
        if (!available.contains(omniglot)) {
            throw new IllegalStateException("Table 5 needs Omniglot; neither chardata.mat nor the small background sets "
                    + "are in the data directory (found " + available + "): see the README's Data section");
        }
        return switch (profile) {
            case SMOKE -> new Budget(omniglot, 200, 100, List.of(10, 20, 50), TrainSpec.paper().withMaxEpochs(1).withWarmup(1),
                    new EvalSpec(3, 30));
            case QUICK -> new Budget(omniglot, 0, 0, List.of(100, 200, 500), TrainSpec.paper().withMaxEpochs(50).withWarmup(10),
                    new EvalSpec(200, 0));
            case PAPER -> new Budget(omniglot, 0, 0, List.of(1000, 2000, 5000), TrainSpec.paper(), EvalSpec.paper());
        };
    }

    /**
     * @param b the budget
     * @return Table 5's priors, in its order
     */
    public static List<PriorSpec<?>> priors(Budget b) {
        int k = b.components().get(0);
        List<PriorSpec<?>> out = new ArrayList<>();
        out.add(new StandardGaussianPrior.Spec());
        out.add(new MixtureOfGaussiansPrior.Spec(k));
        out.add(VampPrior.Spec.of(k));
        for (int c : b.components()) {
            out.add(VampPrior.Spec.of(c).withSubsampling(VAMP_FRACTION));
        }
        out.add(ExemplarPrior.Spec.paper());
        return out;
    }

    /**
     * @param knobs     the profile and overrides
     * @param available the data sets at hand
     * @return one VAE run per prior
     */
    public static List<VaeRun<?>> configs(Knobs knobs, List<DatasetId> available) {
        Budget b = budget(knobs.profile(), available);
        List<VaeRun<?>> out = new ArrayList<>();
        for (PriorSpec<?> p : priors(b)) {
            out.add(VaeRun.builder().profile(knobs.profile())
                    .dataset(new DatasetSpec(b.dataset(), b.trainLimit(), b.validation()))
                    .architecture(ArchitectureSpec.paper(ArchitectureSpec.Kind.VAE)).prior(p)
                    .train(b.train()).eval(b.eval()).seed(1).build());
        }
        return out;
    }

    /**
     * @param prior     a prior spec
     * @param exemplars N, the training images (the Exemplar prior's components)
     * @return its number of mixture components: K, N for the Exemplar prior, 1 for the Gaussian
     */
    public static int components(PriorSpec<?> prior, int exemplars) {
        if (prior instanceof VampPrior.Spec v) {
            return v.components();
        } else if (prior instanceof MixtureOfGaussiansPrior.Spec m) {
            return m.components();
        } else if (prior instanceof ExemplarPrior.Spec) {
            return exemplars;
        }
        return 1;
    }

    /**
     * Table 5's claims: the mixture beats the Gaussian; the VampPrior beats the mixture; sub-sampling helps the
     * VampPrior at the same K; the Exemplar prior beats every VampPrior.
     *
     * @param runs the runs of {@link #configs}, in order
     * @return the findings
     */
    public static List<Finding> findings(List<VaeResult> runs) {
        List<Finding> out = new ArrayList<>();
        Optional<VaeResult> g = first(runs, r -> r.config().prior() instanceof StandardGaussianPrior.Spec);
        Optional<VaeResult> mog = first(runs, r -> r.config().prior() instanceof MixtureOfGaussiansPrior.Spec);
        Optional<VaeResult> vamp = first(runs, r -> r.config().prior() instanceof VampPrior.Spec v && !v.subsampled());
        Optional<VaeResult> ex = first(runs, r -> r.config().prior() instanceof ExemplarPrior.Spec);
        if (g.isPresent() && mog.isPresent()) {
            out.add(better("the mixture of Gaussians beats the Gaussian prior", mog.get(), g.get()));
        }
        if (mog.isPresent() && vamp.isPresent()) {
            out.add(better("the VampPrior beats the mixture of Gaussians", vamp.get(), mog.get()));
        }
        if (vamp.isPresent() && vamp.get().config().prior() instanceof VampPrior.Spec full) {
            int k = full.components();
            first(runs, r -> r.config().prior() instanceof VampPrior.Spec v && v.subsampled() && v.components() == k)
                    .ifPresent(sub -> out.add(better("component sub-sampling helps the VampPrior (K = " + k + ")", sub,
                            vamp.get())));
        }
        if (ex.isPresent()) {
            VaeResult bestVamp = runs.stream().filter(r -> r.config().prior() instanceof VampPrior.Spec)
                    .min(java.util.Comparator.comparingDouble(r -> r.metrics().nll())).orElse(null);
            if (bestVamp != null) {
                out.add(better("the Exemplar prior beats every VampPrior", ex.get(), bestVamp));
            }
        }
        return out;
    }

    /** a beats b in mean test log-likelihood, judged on the paired per-image differences. */
    private static Finding better(String claim, VaeResult a, VaeResult b) {
        return Finding.of(claim, "Exemplar VAE supplement, Table 5", b.metrics().nllMinus(a.metrics()), "nats")
                .withEvidence(String.format(Locale.ROOT, "log p(x) %.2f (%s) vs %.2f (%s)", -a.metrics().nll(),
                        a.config().prior().label(), -b.metrics().nll(), b.config().prior().label()));
    }

    private static Optional<VaeResult> first(List<VaeResult> runs, java.util.function.Predicate<VaeResult> p) {
        return runs.stream().filter(p).findFirst();
    }
}
