package org.vaepriors.experiment;

import java.util.List;
import java.util.Objects;

import org.vaepriors.data.DatasetId;
import org.vaepriors.eval.EvalSpec;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.prior.Prior;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.train.TrainSpec;

/**
 * The tour's one experiment as a value (notebook 00): a first VAE, trained and evaluated through the run cache. A
 * cell changes it with the withers ({@code TourStudy.of(profile).withEpochs(50).withPrior(VampPrior.Spec.of(100))}).
 *
 * @param profile      the profile it was sized for
 * @param dataset      the data and how much of it
 * @param architecture the architecture
 * @param prior        the prior
 * @param train        the schedule
 * @param eval         the evaluation
 */
public record TourStudy(Profile profile, DatasetSpec dataset, ArchitectureSpec architecture, PriorSpec<?> prior,
                        TrainSpec train, EvalSpec eval) implements Study {

    /** Validates the fields. */
    public TourStudy {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(prior, "prior");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(eval, "eval");
    }

    /**
     * @param profile the profile
     * @return a VAE with the Gaussian prior on the first MNIST-10k images (500, 7,000, all), 2, 30 or 2,000
     * epochs (warm-up 1, 10, 100), evaluated on 100, 2,000 or all test images with S = 10, 500, 5,000
     */
    public static TourStudy of(Profile profile) {
        return new TourStudy(profile, new DatasetSpec(DatasetId.MNIST_10K, profile.pick(500, 7000, 0)),
                ArchitectureSpec.paper(ArchitectureSpec.Kind.VAE), new StandardGaussianPrior.Spec(),
                TrainSpec.paper().withMaxEpochs(profile.pick(2, 30, 2000)).withWarmup(profile.pick(1, 10, 100)),
                new EvalSpec(profile.pick(10, 500, 5000), profile.pick(100, 2000, 0)));
    }

    /** @param epochs the most epochs @return this study with them (the warm-up capped by them) */
    public TourStudy withEpochs(int epochs) {
        return new TourStudy(profile, dataset, architecture, prior,
                train.withMaxEpochs(epochs).withWarmup(Math.min(epochs, train.warmupEpochs())), eval);
    }

    /** @param p the prior @return this study with it */
    public TourStudy withPrior(PriorSpec<?> p) {
        return new TourStudy(profile, dataset, architecture, p, train, eval);
    }

    /** @param kind the architecture @return this study with it, at the papers' sizes */
    public TourStudy withArchitecture(ArchitectureSpec.Kind kind) {
        return new TourStudy(profile, dataset, ArchitectureSpec.paper(kind), prior, train, eval);
    }

    /** @param images training images (0 = all) @return this study on them */
    public TourStudy withTrainingImages(int images) {
        return new TourStudy(profile, new DatasetSpec(dataset.id(), images, dataset.validationLimit()), architecture, prior,
                train, eval);
    }

    /** @return the run */
    public VaeRun<? extends Prior> run() {
        return build(prior);
    }

    private <P extends Prior> VaeRun<P> build(PriorSpec<P> p) {
        return VaeRun.builder().profile(profile).dataset(dataset).architecture(architecture).prior(p).train(train)
                .eval(eval).seed(1).build();
    }

    @Override
    public String notebook() {
        return "00-tour";
    }

    @Override
    public List<RunConfig<?, ?>> runs() {
        return List.of(run());
    }

    @Override
    public String summary() {
        return architecture.label() + " with the " + prior.label() + " prior on " + (dataset.trainLimit() == 0 ? "all"
                : "the first " + dataset.trainLimit()) + " " + dataset.id() + " training images, at most " + train.maxEpochs()
                + " epochs (warm-up " + train.warmupEpochs() + "), " + (eval.testLimit() == 0 ? "all" : eval.testLimit())
                + " test images with S = " + eval.iwSamples();
    }
}
