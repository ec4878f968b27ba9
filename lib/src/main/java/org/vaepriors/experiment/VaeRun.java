package org.vaepriors.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.nd4j.linalg.api.buffer.DataType;
import org.vaepriors.data.DatasetId;
import org.vaepriors.data.Datasets;
import org.vaepriors.data.ImageDataset;
import org.vaepriors.data.ImageSet;
import org.vaepriors.eval.EvalResult;
import org.vaepriors.eval.EvalSpec;
import org.vaepriors.eval.Evaluator;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.model.VaeModel;
import org.vaepriors.prior.Prior;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.runtime.Execution;
import org.vaepriors.train.Checkpoint;
import org.vaepriors.train.Outcome;
import org.vaepriors.train.Seeds;
import org.vaepriors.train.TrainSpec;
import org.vaepriors.train.Trainer;

/**
 * A VAE trained and evaluated: the papers' main experiment. With a {@code base}, it is a post-hoc fit (LARS
 * section D.2): the base run's VAE is frozen, this config's prior is put on its latent, and only the prior's
 * parameters are trained on the ELBO; the reconstruction term cannot change, so any gain is in the KL.
 *
 * @param profile      the profile the run belongs to (smoke, quick, paper)
 * @param dataset      data set and training subset
 * @param architecture the VAE architecture
 * @param prior        the prior on the top latent
 * @param train        training settings
 * @param eval         evaluation settings
 * @param seed         the seed every random stream of the run derives from
 * @param base         the run whose encoder and decoder are frozen (post-hoc), or null for a VAE trained
 *                     from scratch
 * @param <P>          the prior's type
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VaeRun<P extends Prior>(Profile profile, DatasetSpec dataset, ArchitectureSpec architecture,
                                      PriorSpec<P> prior, TrainSpec train, EvalSpec eval, long seed, VaeRun<?> base)
        implements RunConfig<VaeResult, VaeModel<P>> {
    /** Every prior names its graph parameters under this prefix: the parameters post-hoc training changes. */
    public static final String PRIOR_PREFIX = "prior/";

    /** Validates the fields; a post-hoc config must share its base's data and architecture. */
    public VaeRun {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(prior, "prior");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(eval, "eval");
        if (base != null) {
            if (base.base() != null) {
                throw new IllegalArgumentException("a post-hoc run's base must be a VAE trained from scratch, not another "
                        + "post-hoc run");
            }
            if (!base.dataset().equals(dataset) || !base.architecture().equals(architecture)) {
                throw new IllegalArgumentException("a post-hoc run freezes its base's VAE: it needs the base's data set and "
                        + "architecture (" + base.dataset() + ", " + base.architecture().label() + ")");
            }
            if (base.prior().equals(prior)) {
                throw new IllegalArgumentException("the base run already has the prior " + prior.label()
                        + ": post-hoc fitting needs another prior than the base's");
            }
        }
    }

    /** @return a builder with the papers' defaults: Fashion-MNIST, VAE, Gaussian prior, paper training, seed 1 */
    public static Builder<StandardGaussianPrior> builder() {
        return new Builder<>(Profile.PAPER, DatasetSpec.of(DatasetId.FASHION_MNIST),
                ArchitectureSpec.paper(ArchitectureSpec.Kind.VAE), new StandardGaussianPrior.Spec(), TrainSpec.paper(),
                EvalSpec.paper(), 1, null);
    }

    /** @return a builder holding this config's values */
    public Builder<P> toBuilder() {
        return new Builder<>(profile, dataset, architecture, prior, train, eval, seed, base);
    }

    /**
     * A post-hoc fit on this run's VAE: the same data, architecture, evaluation and seed, another prior and
     * its own training.
     *
     * @param fitted the prior to fit on the frozen VAE
     * @param training how to train it (a warm-up makes no sense here: the KL weight should be 1)
     * @param <Q>      the prior's type
     * @return the post-hoc config
     * @throws IllegalArgumentException if this run is itself post-hoc, or already has that prior
     */
    public <Q extends Prior> VaeRun<Q> postHoc(PriorSpec<Q> fitted, TrainSpec training) {
        return new VaeRun<>(profile, dataset, architecture, fitted, training, eval, seed, this);
    }

    /** @return true if this run fits a prior on a frozen base VAE */
    public boolean isPostHoc() {
        return base != null;
    }

    @Override
    public String label() {
        String s = profile + "-" + dataset.id().name() + "-" + architecture.label() + "-" + prior.label()
                + (base == null ? "" : "-posthoc");
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    @Override
    public Class<VaeResult> resultType() {
        return VaeResult.class;
    }

    @Override
    public VaeRun<P> scaled(Knobs knobs) {
        Builder<P> b = toBuilder();
        knobs.maxEpochs().ifPresent(e -> b.train(train.withMaxEpochs(Math.min(e, train.maxEpochs()))
                .withWarmup(Math.min(train.warmupEpochs(), Math.min(e, train.maxEpochs())))));
        knobs.dataLimit().ifPresent(n -> {
            int limit = dataset.trainLimit() == 0 ? n : Math.min(n, dataset.trainLimit());
            b.dataset(new DatasetSpec(dataset.id(), limit, dataset.validationLimit()));
        });
        knobs.iwSamples().ifPresent(s -> b.eval(new EvalSpec(s, eval.testLimit())));
        if (base != null) {
            b.base(base.scaled(knobs));
        }
        return b.build();
    }

    /** @return the most epochs it trains: {@code maxEpochs}, or the epochs its iterations span */
    @Override
    public int epochs() {
        return train.lastEpoch(stepsPerEpoch());
    }

    /** @return the steps it trains at most, times the rows each step encodes: the batch's and the prior's */
    @Override
    public double work() {
        int rows = train.batchSize() + prior.encodedRowsPerStep(train.batchSize(), trainingImages());
        return (double) epochs() * stepsPerEpoch() * rows;
    }

    private int trainingImages() {
        int n = dataset.id().trainImages();
        return dataset.trainLimit() > 0 ? Math.min(dataset.trainLimit(), n) : n;
    }

    private int stepsPerEpoch() {
        return (trainingImages() + train.batchSize() - 1) / train.batchSize();
    }

    @Override
    public List<RunConfig<?, ?>> dependencies() {
        return base == null ? List.of() : List.of(base);
    }

    @Override
    public Execution.Settings execution() {
        return architecture.execution();
    }

    @Override
    public VaeResult execute(RunContext ctx) {
        ImageDataset data = Datasets.load(dataset.id());
        ImageSet images = trainingImages(data);
        VaeModel<P> model = build(images);
        if (base != null) {
            copyVae(ctx.dependency(base).model(), model);
        }
        long t0 = System.nanoTime();
        Trainer.Result tr = Trainer.train(model, images, validationImages(data), train, seed, ctx.dir(), ctx.listener(),
                base == null ? name -> true : name -> name.startsWith(PRIOR_PREFIX));
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        if (tr.outcome() instanceof Outcome.Diverged d && d.bestEpoch() == 0) {
            // no finished epoch, so no parameters worth evaluating: the result is the diagnosis
            return new VaeResult(this, null, tr.history(), d, ctx.provenance(this, data.provenance(), trainSeconds, 0));
        }
        t0 = System.nanoTime();
        EvalResult metrics = Evaluator.evaluate(model, data.testBinary(), eval, Seeds.stream(seed, "test", 0));
        double evalSeconds = (System.nanoTime() - t0) / 1e9;
        return new VaeResult(this, metrics, tr.history(), tr.outcome(),
                ctx.provenance(this, data.provenance(), trainSeconds, evalSeconds));
    }

    @Override
    public VaeModel<P> load(Path dir, VaeResult result) {
        VaeModel<P> m = build(trainingImages(Datasets.load(dataset.id())));
        Path best = dir.resolve("checkpoints/best.ckpt");
        if (Files.isRegularFile(best)) {
            Checkpoint.load(best, m, null);
        }
        return m;
    }

    private VaeModel<P> build(ImageSet images) {
        return VaeModel.build(architecture, prior, images, DataType.FLOAT, Seeds.derive(seed, "init", 0));
    }

    /**
     * @param data the loaded data set
     * @return the training images this run uses
     */
    public ImageSet trainingImages(ImageDataset data) {
        int limit = dataset.trainLimit();
        return limit > 0 ? data.train().limit(limit) : data.train();
    }

    private ImageSet validationImages(ImageDataset data) {
        int limit = dataset.validationLimit();
        return limit > 0 ? data.validationBinary().limit(limit) : data.validationBinary();
    }

    /** Copies every encoder and decoder parameter of the base model (all but the prior's) by name. */
    private static void copyVae(VaeModel<?> from, VaeModel<?> to) {
        for (String name : to.parameterNames()) {
            if (name.startsWith(PRIOR_PREFIX)) {
                continue;
            }
            if (!from.parameterNames().contains(name)) {
                throw new IllegalStateException("the base model has no parameter '" + name + "': not the same architecture");
            }
            to.graph().getArrForVarName(name).assign(from.graph().getArrForVarName(name));
        }
        if (to.prior() instanceof org.vaepriors.prior.EvaluationInputs inputs) {
            inputs.parametersChanged();
        }
    }

    /**
     * Builds a {@link VaeRun}; the record's constructor validates at {@link #build()}.
     *
     * @param <P> the prior's type
     */
    public static final class Builder<P extends Prior> {
        private Profile profile;
        private DatasetSpec dataset;
        private ArchitectureSpec architecture;
        private PriorSpec<P> prior;
        private TrainSpec train;
        private EvalSpec eval;
        private long seed;
        private VaeRun<?> base;

        private Builder(Profile profile, DatasetSpec dataset, ArchitectureSpec architecture, PriorSpec<P> prior,
                        TrainSpec train, EvalSpec eval, long seed, VaeRun<?> base) {
            this.profile = profile;
            this.dataset = dataset;
            this.architecture = architecture;
            this.prior = prior;
            this.train = train;
            this.eval = eval;
            this.seed = seed;
            this.base = base;
        }

        /** @param v the profile @return this */
        public Builder<P> profile(Profile v) {
            profile = v;
            return this;
        }

        /** @param v the data set @return this */
        public Builder<P> dataset(DatasetSpec v) {
            dataset = v;
            return this;
        }

        /** @param v the architecture @return this */
        public Builder<P> architecture(ArchitectureSpec v) {
            architecture = v;
            return this;
        }

        /**
         * @param v   the prior
         * @param <Q> its type
         * @return a builder for that prior, with this one's other values
         */
        public <Q extends Prior> Builder<Q> prior(PriorSpec<Q> v) {
            return new Builder<>(profile, dataset, architecture, v, train, eval, seed, base);
        }

        /** @param v training settings @return this */
        public Builder<P> train(TrainSpec v) {
            train = v;
            return this;
        }

        /** @param v evaluation settings @return this */
        public Builder<P> eval(EvalSpec v) {
            eval = v;
            return this;
        }

        /** @param v the seed @return this */
        public Builder<P> seed(long v) {
            seed = v;
            return this;
        }

        /** @param v the frozen base run (post-hoc), or null @return this */
        public Builder<P> base(VaeRun<?> v) {
            base = v;
            return this;
        }

        /** @return the config */
        public VaeRun<P> build() {
            return new VaeRun<>(profile, dataset, architecture, prior, train, eval, seed, base);
        }
    }

    @Override
    public String toString() {
        return label() + "-" + id();
    }
}
