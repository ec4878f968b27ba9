package org.vaepriors.lars;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.vaepriors.LabPaths;
import org.vaepriors.data.DatasetId;
import org.vaepriors.data.Datasets;
import org.vaepriors.data.synthetic.GaussianMixture2D;
import org.vaepriors.eval.EvalSpec;
import org.vaepriors.experiment.DatasetSpec;
import org.vaepriors.experiment.Knobs;
import org.vaepriors.experiment.PaperNumbers;
import org.vaepriors.experiment.Profile;
import org.vaepriors.experiment.RunConfig;
import org.vaepriors.experiment.Study;
import org.vaepriors.experiment.StudyResults;
import org.vaepriors.experiment.VaeResult;
import org.vaepriors.experiment.VaeRun;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.model.VaeModel;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.train.TrainSpec;

/**
 * Notebook 04's study as a value: Bauer &amp; Mnih's (AISTATS 2019) experiments on a VAE with a resampled
 * prior, with their budget. Its first cell shows it and a reader changes it with the withers
 * ({@code LarsStudy.of(profile).withTruncations(2, 10, ResampledPrior.UNTRUNCATED).withEpochs(40)}); the
 * runs, tables, summary and findings follow the value, and find their runs by what they are (a truncation, a
 * network, a data set), never by position.
 *
 * <ul>
 * <li>Fig. 2: two acceptance networks fitted to a 2-D target ({@link Fits});</li>
 * <li>Table 1 (VAE column): the standard prior against LARS on the ablation data set and the others;</li>
 * <li>Table D.3: the truncation ladder; Table D.2: the acceptance networks; both at the study's LARS prior
 *     otherwise, on the ablation data set;</li>
 * <li>Table D.1: LARS fitted post hoc on the standard VAE against LARS trained jointly, on every data set the
 *     paper has a row for (its MNIST and Omniglot rows);</li>
 * <li>section D.8: a VAE with a 2-D latent, its LARS prior fitted post hoc, and jointly trained with a large and
 *     a small a(z) ({@link Plane});</li>
 * <li>for every LARS run, a check of its normaliser Z ({@link NormaliserCheckRun}).</li>
 * </ul>
 *
 * @param profile      the profile it was sized for
 * @param ablation     the data set of Tables D.2, D.3, D.1's first row and section D.8 (the paper: dynamic MNIST)
 * @param others       Table 1's other data sets (the paper: Omniglot, Fashion-MNIST; static MNIST is not ours)
 * @param architecture the VAE
 * @param train        how VAEs are trained (jointly with their prior)
 * @param postHocTrain how an acceptance function is fitted on a frozen VAE (the post-hoc budget)
 * @param eval         the test evaluation
 * @param lars         the resampled prior of Table 1, D.1 and D.8's large network: a(z), T, S, eps, draws for Z
 * @param truncations  Table D.3's T ladder (besides T = 1, the standard prior), each with {@code lars}'s network
 * @param networks     Table D.2's acceptance networks, each at {@code lars}'s T
 * @param fits         Fig. 2's 2-D fits
 * @param plane        section D.8's 2-D latent
 * @param checkFactor  the normaliser check draws this many times the evaluation's draws for Z
 * @param checkImages  test images the normaliser check recomputes the NLL on (0 = the run's own)
 * @param seeds        runs per model, seeds 1..seeds
 */
public record LarsStudy(Profile profile, DatasetSpec ablation, List<DatasetSpec> others, ArchitectureSpec architecture,
                        TrainSpec train, TrainSpec postHocTrain, EvalSpec eval, ResampledPrior.Spec lars,
                        List<Integer> truncations, List<List<Integer>> networks, Fits fits, Plane plane, int checkFactor,
                        int checkImages, int seeds) implements Study {

    /** Validates and copies. */
    public LarsStudy {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(ablation, "ablation");
        others = List.copyOf(others);
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(postHocTrain, "postHocTrain");
        Objects.requireNonNull(eval, "eval");
        Objects.requireNonNull(lars, "lars");
        truncations = List.copyOf(truncations);
        networks = networks.stream().map(List::copyOf).toList();
        Objects.requireNonNull(fits, "fits");
        Objects.requireNonNull(plane, "plane");
        for (int t : truncations) {
            if (t < 2) {
                throw new IllegalArgumentException("the T ladder holds resampled priors, T >= 2 (T = 1 is the standard prior, "
                        + "always in the table); got " + truncations);
            }
        }
        if (others.stream().anyMatch(d -> d.id() == ablation.id())) {
            throw new IllegalArgumentException("the ablation data set " + ablation.id() + " is Table 1's first row already; "
                    + "others must be other data sets, got " + others);
        }
        if (checkFactor < 2 || checkImages < 0 || seeds < 1) {
            throw new IllegalArgumentException("need checkFactor >= 2, checkImages >= 0, seeds >= 1; got " + checkFactor
                    + ", " + checkImages + ", " + seeds);
        }
    }

    /**
     * Fig. 2: a resampled density fitted by maximum likelihood to a 2-D mixture target (T = infinity, the proposal
     * N(0, I)), with a small and a large acceptance network.
     *
     * @param target            the target q (the paper does not give its own)
     * @param small             the small network's hidden layers (the paper: [10])
     * @param large             the large one's (the paper: [10-10])
     * @param steps             Adam steps
     * @param batchSize         target samples per step
     * @param learningRate      Adam's step size
     * @param trainingSamples   proposal draws per step for the training estimate of Z
     * @param evaluationSamples proposal draws for Z after fitting
     * @param klSamples         target samples per KL estimate
     */
    public record Fits(GaussianMixture2D target, List<Integer> small, List<Integer> large, int steps, int batchSize,
                       double learningRate, int trainingSamples, long evaluationSamples, int klSamples) {
        /** Validates and copies. */
        public Fits {
            Objects.requireNonNull(target, "target");
            small = List.copyOf(small);
            large = List.copyOf(large);
        }

        /** @param n Adam steps @return these fits with them */
        public Fits withSteps(int n) {
            return new Fits(target, small, large, n, batchSize, learningRate, trainingSamples, evaluationSamples, klSamples);
        }

        /** @param q the target @return these fits to it */
        public Fits withTarget(GaussianMixture2D q) {
            return new Fits(q, small, large, steps, batchSize, learningRate, trainingSamples, evaluationSamples, klSamples);
        }

        /**
         * @param smallNet the small network's hidden layers
         * @param largeNet the large network's
         * @return these fits with those networks
         */
        public Fits withNetworks(List<Integer> smallNet, List<Integer> largeNet) {
            return new Fits(target, smallNet, largeNet, steps, batchSize, learningRate, trainingSamples, evaluationSamples,
                    klSamples);
        }

        /**
         * @param hidden the network's hidden layers
         * @param profile the profile
         * @return the fit of that network
         */
        DensityFitRun run(List<Integer> hidden, Profile profile) {
            ResampledPrior.Spec spec = ResampledPrior.Spec.paperDefaults().withTruncation(ResampledPrior.UNTRUNCATED)
                    .withTrainingSamples(trainingSamples).withEvaluationSamples(evaluationSamples).withHidden(hidden);
            return new DensityFitRun(profile, target, spec, steps, batchSize, learningRate, klSamples, 1);
        }
    }

    /**
     * Section D.8: a VAE with a 2-D latent, trained with the standard prior (LARS then fitted post hoc) and jointly
     * with a large and a small acceptance network, its densities drawn on a grid of [lo, hi]^2.
     *
     * @param large  the large a(z)'s hidden layers (the paper: [100-100])
     * @param small  the small a(z)'s (the paper: [20-20])
     * @param lo     the grid's lower bound
     * @param hi     its upper bound
     * @param cells  cells per side
     * @param images training images whose posteriors form the aggregate posterior q(z)
     */
    public record Plane(List<Integer> large, List<Integer> small, double lo, double hi, int cells, int images) {
        /** Validates and copies. */
        public Plane {
            large = List.copyOf(large);
            small = List.copyOf(small);
        }
    }

    /**
     * The profile's study on the data at hand.
     *
     * @param profile the profile
     * @return its study
     * @throws IllegalStateException if the ablation data set is missing
     */
    public static LarsStudy of(Profile profile) {
        return of(profile, Datasets.available(LabPaths.data()));
    }

    /**
     * @param profile   the profile
     * @param available the data sets at hand
     * @return the profile's study on them
     * @throws IllegalStateException if the ablation data set is not among them
     */
    static LarsStudy of(Profile profile, List<DatasetId> available) {
        GaussianMixture2D target = GaussianMixture2D.grid(3, 1.0, 0.1);
        ResampledPrior.Spec paper = ResampledPrior.Spec.paperDefaults();
        LarsStudy s = switch (profile) {
            case SMOKE -> new LarsStudy(profile, new DatasetSpec(DatasetId.MNIST_10K, 300),
                    List.of(new DatasetSpec(DatasetId.OMNIGLOT_SMALL, 300)), ArchitectureSpec.paper(ArchitectureSpec.Kind.VAE),
                    TrainSpec.paper().withMaxEpochs(1).withWarmup(0), TrainSpec.paper().withMaxEpochs(1).withWarmup(0),
                    new EvalSpec(5, 50), paper.withTrainingSamples(32).withEvaluationSamples(1 << 12),
                    List.of(100, ResampledPrior.UNTRUNCATED), List.of(List.of(10, 10), List.of(100, 100)),
                    new Fits(target, List.of(10), List.of(10, 10), 50, 256, 3e-3, 64, 1 << 12, 2_000),
                    new Plane(List.of(100, 100), List.of(20, 20), -4, 4, 96, 200), 10, 20, 1);
            case QUICK -> new LarsStudy(profile, new DatasetSpec(DatasetId.MNIST_10K, 0),
                    List.of(new DatasetSpec(DatasetId.FASHION_MNIST, 6_000, 1_000), new DatasetSpec(DatasetId.OMNIGLOT_SMALL, 0)),
                    ArchitectureSpec.paper(ArchitectureSpec.Kind.VAE), TrainSpec.paper().withMaxEpochs(20).withWarmup(5),
                    TrainSpec.paper().withMaxEpochs(10).withWarmup(0), new EvalSpec(100, 500),
                    paper.withTrainingSamples(128).withEvaluationSamples(1 << 17),
                    List.of(2, 5, 10, 50, 100, ResampledPrior.UNTRUNCATED), List.of(List.of(10, 10), List.of(100, 100)),
                    new Fits(target, List.of(10), List.of(10, 10), 2_000, 256, 3e-3, 512, 1 << 20, 100_000),
                    new Plane(List.of(100, 100), List.of(20, 20), -4, 4, 96, 2_000), 10, 200, 1);
            case PAPER -> {
                DatasetId mnist = available.contains(DatasetId.MNIST) ? DatasetId.MNIST : DatasetId.MNIST_10K;
                DatasetId omniglot = available.contains(DatasetId.OMNIGLOT) ? DatasetId.OMNIGLOT : DatasetId.OMNIGLOT_SMALL;
                yield new LarsStudy(profile, DatasetSpec.of(mnist),
                        List.of(DatasetSpec.of(omniglot), DatasetSpec.of(DatasetId.FASHION_MNIST)), ArchitectureSpec.lars(),
                        TrainSpec.lars(), TrainSpec.lars(), new EvalSpec(1000, 0), paper.withEvaluationSamples(10_000_000_000L),
                        List.of(2, 5, 10, 50, 100, ResampledPrior.UNTRUNCATED),
                        List.of(List.of(10, 10), List.of(50, 50), List.of(100, 100), List.of(50, 50, 50), List.of(100, 100, 100)),
                        new Fits(target, List.of(10), List.of(10, 10), 20_000, 256, 3e-3, 1024, 1 << 24, 1_000_000),
                        new Plane(List.of(100, 100), List.of(20, 20), -4, 4, 96, mnist.trainImages()), 10, 0, 3);
            }
        };
        if (!available.contains(s.ablation.id())) {
            throw new IllegalStateException(s.ablation.id() + " is not in the data directory " + LabPaths.data() + " (found "
                    + available + "): see the README's Data section");
        }
        return s.withOthers(s.others.stream().filter(d -> available.contains(d.id())).toList());
    }

    @Override
    public String notebook() {
        return "04-lars-ablations";
    }

    // ---- withers: what a reader changes in the notebook's first cell ----

    /** @param ts the T ladder (T >= 2; {@link ResampledPrior#UNTRUNCATED} for infinity) @return this study with it */
    public LarsStudy withTruncations(Integer... ts) {
        return withTruncations(List.of(ts));
    }

    /** @param ts the T ladder @return this study with it */
    public LarsStudy withTruncations(List<Integer> ts) {
        return new LarsStudy(profile, ablation, others, architecture, train, postHocTrain, eval, lars, ts, networks, fits,
                plane, checkFactor, checkImages, seeds);
    }

    /** @param nets Table D.2's acceptance networks, e.g. List.of(List.of(10, 10), List.of(100, 100)) @return this study with them */
    public LarsStudy withNetworks(List<List<Integer>> nets) {
        return new LarsStudy(profile, ablation, others, architecture, train, postHocTrain, eval, lars, truncations, nets, fits,
                plane, checkFactor, checkImages, seeds);
    }

    /** @param d the ablation data set @return this study with it */
    public LarsStudy withAblation(DatasetSpec d) {
        return new LarsStudy(profile, d, others, architecture, train, postHocTrain, eval, lars, truncations, networks, fits,
                plane, checkFactor, checkImages, seeds);
    }

    /** @param d Table 1's other data sets @return this study with them */
    public LarsStudy withOthers(List<DatasetSpec> d) {
        return new LarsStudy(profile, ablation, d, architecture, train, postHocTrain, eval, lars, truncations, networks, fits,
                plane, checkFactor, checkImages, seeds);
    }

    /** @param d Table 1's other data sets @return this study with them */
    public LarsStudy withOthers(DatasetSpec... d) {
        return withOthers(List.of(d));
    }

    /** @param a the VAE architecture @return this study with it */
    public LarsStudy withArchitecture(ArchitectureSpec a) {
        return new LarsStudy(profile, ablation, others, a, train, postHocTrain, eval, lars, truncations, networks, fits,
                plane, checkFactor, checkImages, seeds);
    }

    /** @param t how VAEs are trained @return this study with it */
    public LarsStudy withTrain(TrainSpec t) {
        return new LarsStudy(profile, ablation, others, architecture, t, postHocTrain, eval, lars, truncations, networks, fits,
                plane, checkFactor, checkImages, seeds);
    }

    /** @param epochs the most epochs of a VAE's training (its warm-up capped by it) @return this study with it */
    public LarsStudy withEpochs(int epochs) {
        return withTrain(train.withMaxEpochs(epochs).withWarmup(Math.min(train.warmupEpochs(), epochs)));
    }

    /** @param t how a post-hoc acceptance function is trained @return this study with it */
    public LarsStudy withPostHoc(TrainSpec t) {
        return new LarsStudy(profile, ablation, others, architecture, train, t, eval, lars, truncations, networks, fits,
                plane, checkFactor, checkImages, seeds);
    }

    /** @param epochs the post-hoc fit's epochs @return this study with them */
    public LarsStudy withPostHocEpochs(int epochs) {
        return withPostHoc(postHocTrain.withMaxEpochs(epochs));
    }

    /** @param e the test evaluation @return this study with it */
    public LarsStudy withEval(EvalSpec e) {
        return new LarsStudy(profile, ablation, others, architecture, train, postHocTrain, e, lars, truncations, networks, fits,
                plane, checkFactor, checkImages, seeds);
    }

    /** @param p the resampled prior of Table 1, D.1 and D.8 @return this study with it */
    public LarsStudy withLars(ResampledPrior.Spec p) {
        return new LarsStudy(profile, ablation, others, architecture, train, postHocTrain, eval, p, truncations, networks, fits,
                plane, checkFactor, checkImages, seeds);
    }

    /** @param s S, proposal draws per training step @return this study with it */
    public LarsStudy withTrainingSamples(int s) {
        return withLars(lars.withTrainingSamples(s));
    }

    /** @param n proposal draws for the evaluation's Z @return this study with them */
    public LarsStudy withEvaluationSamples(long n) {
        return withLars(lars.withEvaluationSamples(n));
    }

    /** @param f Fig. 2's fits @return this study with them */
    public LarsStudy withFits(Fits f) {
        return new LarsStudy(profile, ablation, others, architecture, train, postHocTrain, eval, lars, truncations, networks, f,
                plane, checkFactor, checkImages, seeds);
    }

    /** @param p section D.8's plane @return this study with it */
    public LarsStudy withPlane(Plane p) {
        return new LarsStudy(profile, ablation, others, architecture, train, postHocTrain, eval, lars, truncations, networks, fits,
                p, checkFactor, checkImages, seeds);
    }

    /**
     * @param factor the stability check's multiple of the evaluation's draws for Z
     * @param images test images it recomputes the NLL on (0 = the run's own)
     * @return this study with that check
     */
    public LarsStudy withCheck(int factor, int images) {
        return new LarsStudy(profile, ablation, others, architecture, train, postHocTrain, eval, lars, truncations, networks, fits,
                plane, factor, images, seeds);
    }

    /** @param n runs per model (seeds 1..n) @return this study with them */
    public LarsStudy withSeeds(int n) {
        return new LarsStudy(profile, ablation, others, architecture, train, postHocTrain, eval, lars, truncations, networks, fits,
                plane, checkFactor, checkImages, n);
    }

    // ---- the runs, by what they are ----

    /**
     * @param data  the data set
     * @param prior the prior
     * @param seed  the seed, from 1
     * @param <P>   the prior's type
     * @return the VAE trained from scratch with that prior
     */
    public <P extends org.vaepriors.prior.Prior> VaeRun<P> run(DatasetSpec data, PriorSpec<P> prior, int seed) {
        return VaeRun.builder().profile(profile).dataset(data).architecture(architecture).prior(prior).train(train).eval(eval)
                .seed(seed).build();
    }

    /** @param data the data set @param seed the seed @return the VAE with the standard prior */
    public VaeRun<StandardGaussianPrior> standard(DatasetSpec data, int seed) {
        return run(data, new StandardGaussianPrior.Spec(), seed);
    }

    /** @param data the data set @param seed the seed @return the VAE trained jointly with the study's LARS prior */
    public VaeRun<ResampledPrior> joint(DatasetSpec data, int seed) {
        return run(data, lars, seed);
    }

    /** @param t a truncation of the ladder @param seed the seed @return the ablation VAE with LARS truncated at T */
    public VaeRun<ResampledPrior> truncation(int t, int seed) {
        return run(ablation, lars.withTruncation(t), seed);
    }

    /** @param hidden an acceptance network @param seed the seed @return the ablation VAE with that a(z) */
    public VaeRun<ResampledPrior> network(List<Integer> hidden, int seed) {
        return run(ablation, lars.withHidden(hidden), seed);
    }

    /** @param data the data set @param seed the seed @return the study's LARS prior fitted post hoc on the standard VAE */
    public VaeRun<ResampledPrior> postHoc(DatasetSpec data, int seed) {
        return standard(data, seed).postHoc(lars, postHocTrain);
    }

    /** @return the data sets of Table 1: the ablation data set first */
    public List<DatasetSpec> table1Data() {
        List<DatasetSpec> out = new ArrayList<>(List.of(ablation));
        out.addAll(others);
        return out;
    }

    /** @return the data sets with a Table D.1 row in the paper (its MNIST and Omniglot), the ablation data set first */
    public List<DatasetSpec> postHocData() {
        return table1Data().stream().filter(d -> PaperNumbers.larsPostHoc(d.id(), "standard").isPresent()).toList();
    }

    /** @return the 2-D latent VAE's architecture: the study's with d = 2 */
    public ArchitectureSpec planeArchitecture() {
        return new ArchitectureSpec(architecture.kind(), architecture.rows(), architecture.cols(), 2, architecture.hidden());
    }

    /** @param seed the seed @return section D.8's VAE with a 2-D latent and the standard prior */
    public VaeRun<StandardGaussianPrior> planeStandard(int seed) {
        return standard(ablation, seed).toBuilder().architecture(planeArchitecture()).build();
    }

    /** @param seed the seed @return section D.8's LARS prior (the large a(z)) fitted post hoc on the 2-D VAE */
    public VaeRun<ResampledPrior> planePostHoc(int seed) {
        return planeStandard(seed).postHoc(lars.withHidden(plane.large()), postHocTrain);
    }

    /**
     * @param hidden the acceptance network (the plane's large or small one)
     * @param seed   the seed (the paper used the same for both networks)
     * @return section D.8's 2-D VAE trained jointly with that a(z)
     */
    public VaeRun<ResampledPrior> planeJoint(List<Integer> hidden, int seed) {
        return planeStandard(seed).toBuilder().prior(lars.withHidden(hidden)).build();
    }

    /** @param model a 2-D VAE with a LARS prior @return its latent-plane run (maps and KLs) */
    public LatentPlaneRun planeOf(VaeRun<ResampledPrior> model) {
        return new LatentPlaneRun(model, plane.lo(), plane.hi(), plane.cells(), plane.images(), 3L);
    }

    /** @param model a VAE run with a LARS prior @return the check of its normaliser */
    public NormaliserCheckRun check(VaeRun<ResampledPrior> model) {
        return new NormaliserCheckRun(model, checkFactor, checkImages);
    }

    /** @return Fig. 2's fit with the small network */
    public DensityFitRun fitSmall() {
        return fits.run(fits.small(), profile);
    }

    /** @return Fig. 2's fit with the large network */
    public DensityFitRun fitLarge() {
        return fits.run(fits.large(), profile);
    }

    /** @return the truncations of the ladder in increasing order (infinity last) */
    public List<Integer> ladder() {
        return truncations.stream().distinct().sorted().toList();
    }

    /** @return Table D.2's networks from the fewest parameters to the most */
    public List<List<Integer>> networksBySize() {
        int d = architecture.latentDim();
        return networks.stream().distinct().sorted(Comparator.comparingLong(h -> parameters(d, h))).toList();
    }

    /** Weights and biases of a(z) = MLP[d - h... - 1]. */
    static long parameters(int d, List<Integer> hidden) {
        long n = 0;
        int in = d;
        for (int h : hidden) {
            n += (long) in * h + h;
            in = h;
        }
        return n + in + 1;
    }

    /** @return every VAE the study trains from scratch (standard and LARS priors, the 2-D ones), each once */
    public List<VaeRun<?>> trained() {
        Map<String, VaeRun<?>> out = new LinkedHashMap<>();
        for (int seed = 1; seed <= seeds; seed++) {
            for (DatasetSpec d : table1Data()) {
                put(out, standard(d, seed));
                put(out, joint(d, seed));
            }
            for (int t : truncations) {
                put(out, truncation(t, seed));
            }
            for (List<Integer> h : networks) {
                put(out, network(h, seed));
            }
            put(out, planeStandard(seed));
            put(out, planeJoint(plane.large(), seed));
            put(out, planeJoint(plane.small(), seed));
        }
        return List.copyOf(out.values());
    }

    /** @return the post-hoc fits (Table D.1's and section D.8's), each once */
    public List<VaeRun<?>> postHocs() {
        Map<String, VaeRun<?>> out = new LinkedHashMap<>();
        for (int seed = 1; seed <= seeds; seed++) {
            for (DatasetSpec d : postHocData()) {
                put(out, postHoc(d, seed));
            }
            put(out, planePostHoc(seed));
        }
        return List.copyOf(out.values());
    }

    /** @return the latent-plane runs of section D.8: post hoc, joint large, joint small */
    public List<LatentPlaneRun> planes() {
        Map<String, LatentPlaneRun> out = new LinkedHashMap<>();
        for (int seed = 1; seed <= seeds; seed++) {
            put(out, planeOf(planePostHoc(seed)));
            put(out, planeOf(planeJoint(plane.large(), seed)));
            put(out, planeOf(planeJoint(plane.small(), seed)));
        }
        return List.copyOf(out.values());
    }

    /** @return a normaliser check for every LARS run with a latent of more than two dimensions */
    @SuppressWarnings("unchecked")
    public List<NormaliserCheckRun> checks() {
        Map<String, NormaliserCheckRun> out = new LinkedHashMap<>();
        for (VaeRun<?> r : concat(trained(), postHocs())) {
            if (r.prior() instanceof ResampledPrior.Spec && r.architecture().latentDim() > 2) {
                put(out, check((VaeRun<ResampledPrior>) r));
            }
        }
        return List.copyOf(out.values());
    }

    /** @return Fig. 2's two fits */
    public List<DensityFitRun> fitRuns() {
        return fits.small().equals(fits.large()) ? List.of(fitSmall()) : List.of(fitSmall(), fitLarge());
    }

    @Override
    public List<RunConfig<?, ?>> runs() {
        List<RunConfig<?, ?>> out = new ArrayList<>(fitRuns());
        out.addAll(trained());
        out.addAll(postHocs());
        out.addAll(planes());
        out.addAll(checks());
        return List.copyOf(out);
    }

    @Override
    public String summary() {
        return architecture.label() + " (d = " + architecture.latentDim() + ") on " + table1Data().stream()
                .map(d -> d.id() + (d.trainLimit() > 0 ? " (" + d.trainLimit() + " images)" : "")).collect(Collectors.joining(", "))
                + "; " + trainingText(train) + "; LARS a = MLP" + lars.network() + ", T = " + tText(lars.truncation()) + ", S = "
                + lars.trainingSamples() + " proposal draws per step, Z from " + count(lars.evaluationSamples())
                + " draws; T ladder " + truncations.stream().map(LarsStudy::tText).toList() + "; networks "
                + networksBySize().stream().map(h -> lars.withHidden(h).network()).toList() + "; post hoc " + trainingText(postHocTrain)
                + "; test NLL with S = " + eval.iwSamples() + " importance samples on "
                + (eval.testLimit() == 0 ? "all" : String.valueOf(eval.testLimit())) + " test images; 2-D fits "
                + fits.steps() + " steps; " + seeds + (seeds == 1 ? " seed" : " seeds");
    }

    /** @param t T @return "inf" for {@link ResampledPrior#UNTRUNCATED}, else the number */
    public static String tText(int t) {
        return t == ResampledPrior.UNTRUNCATED ? "inf" : String.valueOf(t);
    }

    static String trainingText(TrainSpec t) {
        if (t.iterations() != null) {
            return String.format(java.util.Locale.ROOT, "%s at %.0e to %.0e after %s iterations, %s iterations (warm-up %s), batch %d",
                    t.plainAdam() ? "Adam" : "AdamNormGrad", t.learningRate(), t.iterations().decayedLearningRate(),
                    count(t.iterations().decayAfter()), count(t.iterations().total()), count(t.iterations().warmup()), t.batchSize());
        }
        return String.format(java.util.Locale.ROOT, "%s at %.0e, at most %d epochs (warm-up %d, patience %d), batch %d",
                t.plainAdam() ? "Adam" : "AdamNormGrad", t.learningRate(), t.maxEpochs(), t.warmupEpochs(), t.patience(),
                t.batchSize());
    }

    /** @param n a count @return it as 2^k, 10^k or with grouping */
    static String count(long n) {
        if (n > 0 && Long.bitCount(n) == 1 && n >= 1024) {
            return "2^" + Long.numberOfTrailingZeros(n);
        }
        long p = 1;
        int k = 0;
        while (p < n && k < 18) {
            p *= 10;
            k++;
        }
        return p == n && k >= 4 ? "10^" + k : String.format(java.util.Locale.ROOT, "%,d", n);
    }

    private static <C extends RunConfig<?, ?>> void put(Map<String, C> out, C c) {
        out.putIfAbsent(c.id(), c);
    }

    private static List<VaeRun<?>> concat(List<VaeRun<?>> a, List<VaeRun<?>> b) {
        List<VaeRun<?>> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /**
     * The finished runs of a study, found by their configs: the notebook asks the runner for the study's configs
     * (with the environment's overrides applied) and this finds each run by the config the study names.
     */
    public static final class Results extends StudyResults {
        /** @param knobs the overrides the runs were asked for with */
        public Results(Knobs knobs) {
            super(knobs);
        }

        /** @param cfg a VAE config @return its result */
        public VaeResult vae(VaeRun<?> cfg) {
            return (VaeResult) result(cfg);
        }

        /** @param cfg a check @return its result */
        public NormaliserCheckRun.Result check(NormaliserCheckRun cfg) {
            return (NormaliserCheckRun.Result) result(cfg);
        }

        /** @param cfg a latent-plane run @return its result */
        public LatentPlaneRun.Result plane(LatentPlaneRun cfg) {
            return (LatentPlaneRun.Result) result(cfg);
        }

        /** @param cfg a 2-D fit @return its result */
        public DensityFitRun.Result fit(DensityFitRun cfg) {
            return (DensityFitRun.Result) result(cfg);
        }

        /**
         * @param cfg a VAE config with a LARS prior
         * @return its trained model
         */
        @SuppressWarnings("unchecked")
        public VaeModel<ResampledPrior> model(VaeRun<ResampledPrior> cfg) {
            return (VaeModel<ResampledPrior>) run(cfg).model();
        }
    }
}
