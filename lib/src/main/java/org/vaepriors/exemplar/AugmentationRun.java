package org.vaepriors.exemplar;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.vaepriors.data.Datasets;
import org.vaepriors.data.ImageDataset;
import org.vaepriors.data.ImageSet;
import org.vaepriors.experiment.ExperimentRunner;
import org.vaepriors.experiment.Knobs;
import org.vaepriors.experiment.Profile;
import org.vaepriors.experiment.Provenance;
import org.vaepriors.experiment.RunConfig;
import org.vaepriors.experiment.RunContext;
import org.vaepriors.experiment.RunResult;
import org.vaepriors.experiment.VaeResult;
import org.vaepriors.experiment.VaeRun;
import org.vaepriors.math.Estimate;
import org.vaepriors.model.VaeModel;
import org.vaepriors.train.Outcome;

/**
 * Exemplar data augmentation (Exemplar VAE, section 5.3) as a run: an MLP classifier trained on the
 * exemplar VAE's training images, with or without one exemplar-conditioned sample per real image in every
 * batch (the loss weighted 0.4 real, 0.6 augmented), and its test error.
 *
 * @param model      the trained exemplar VAE run (its training images are the classifier's)
 * @param classifier the classifier and its training
 * @param augment    true to add exemplar-conditioned samples
 * @param testImages test images (the first ones; 0 for all)
 * @param seed       the classifier's initialisation, shuffling and augmentation draws
 */
public record AugmentationRun(VaeRun<ExemplarPrior> model, ClassifierSpec classifier, boolean augment, int testImages,
                              long seed) implements RunConfig<AugmentationRun.Result, MlpClassifier> {

    /** Validates the fields. */
    public AugmentationRun {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(classifier, "classifier");
        if (testImages < 0) {
            throw new IllegalArgumentException("testImages must be >= 0 (0 = all), got " + testImages);
        }
    }

    /**
     * The classifier's test error.
     *
     * @param config     the config
     * @param error      the share of test images misclassified, with its binomial standard error
     * @param outcome    how the classifier's training ended
     * @param provenance where it came from
     * @param wrong      1 for every test image misclassified, 0 otherwise, for paired differences between classifiers
     *                   on the same test images; null in results saved before it
     */
    public record Result(AugmentationRun config, Estimate error, Outcome outcome, Provenance provenance, int[] wrong)
            implements RunResult {
        /** @return false for a result saved before the per-image outcomes (it is trained again) */
        @Override
        public boolean complete() {
            return wrong != null;
        }

        /**
         * @param other another classifier's result on the same test images
         * @return this one's test error minus the other's, paired over test images, in percentage points
         */
        public Estimate errorMinus(Result other) {
            if (wrong == null || other.wrong == null || wrong.length != other.wrong.length) {
                throw new IllegalArgumentException("paired errors need per-image outcomes on the same test images");
            }
            double[] d = new double[wrong.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = 100.0 * (wrong[i] - other.wrong[i]);
            }
            return Estimate.of(d);
        }

        @Override
        public String summary() {
            return String.format(Locale.ROOT, "test error %.2f%% +- %.2f (%s)", 100 * error.mean(),
                    100 * error.standardError(), config.augment() ? "with exemplar augmentation" : "real images only");
        }
    }

    @Override
    public Profile profile() {
        return model.profile();
    }

    @Override
    public String label() {
        return model.label() + "-classifier" + (augment ? "-augmented" : "");
    }

    @Override
    public Class<Result> resultType() {
        return Result.class;
    }

    @Override
    public int epochs() {
        return classifier.epochs();
    }

    @Override
    public AugmentationRun scaled(Knobs knobs) {
        ClassifierSpec c = knobs.maxEpochs().isPresent() && knobs.maxEpochs().getAsInt() < classifier.epochs()
                ? classifier.withEpochs(knobs.maxEpochs().getAsInt()) : classifier;
        return new AugmentationRun(model.scaled(knobs), c, augment, testImages, seed);
    }

    @Override
    public List<RunConfig<?, ?>> dependencies() {
        return List.of(model);
    }

    @Override
    public Result execute(RunContext ctx) {
        ExperimentRunner.Run<VaeResult, VaeModel<ExemplarPrior>> run = ctx.dependency(model);
        ImageDataset data = Datasets.load(model.dataset().id());
        ImageSet train = model.trainingImages(data);
        long t0 = System.nanoTime();
        MlpClassifier c = train(run.model(), train);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        ImageSet test = testImages == 0 ? data.test() : data.test().limit(testImages);
        int[] predicted = c.predict(test);
        int[] wrong = new int[predicted.length];
        for (int i = 0; i < wrong.length; i++) {
            wrong[i] = predicted[i] == test.label(i) ? 0 : 1;
        }
        double e = java.util.Arrays.stream(wrong).average().orElse(0);
        Estimate error = new Estimate(e, Math.sqrt(e * (1 - e) / test.size()), test.size());
        return new Result(this, error, new Outcome.Completed(classifier.epochs(), classifier.epochs()),
                ctx.provenance(this, data.provenance(), trainSeconds, 0), wrong);
    }

    private MlpClassifier train(VaeModel<ExemplarPrior> vae, ImageSet images) {
        ExemplarGenerator gen = new ExemplarGenerator(vae);
        return MlpClassifier.train(images, augment ? (x, r) -> gen.conditioned(x, 1, r) : null, classifier, seed);
    }

    /** Retrains the classifier from the seed (it is not saved: a few epochs of an MLP, deterministic). */
    @Override
    public MlpClassifier load(Path dir, Result result) {
        return train(model.load(ExperimentRunner.runDir(model), null), model.trainingImages(Datasets.load(model.dataset().id())));
    }
}
