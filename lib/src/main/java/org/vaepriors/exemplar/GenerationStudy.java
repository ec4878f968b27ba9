package org.vaepriors.exemplar;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.vaepriors.data.DatasetId;
import org.vaepriors.experiment.Profile;
import org.vaepriors.experiment.Protocol;
import org.vaepriors.experiment.RunConfig;
import org.vaepriors.experiment.Study;
import org.vaepriors.experiment.VaeRun;
import org.vaepriors.model.ArchitectureSpec;
import tech.tablesaw.api.Table;

/**
 * The study of notebook 06 (Exemplar VAE, sections 3 and 5): the one-layer VAEs of the prior comparison on one
 * data set (they load from the cache when notebook 01 ran them), kNN classification on their latent means, and a
 * classifier trained without and with exemplar augmentation. A cell changes it with the withers
 * ({@code GenerationStudy.of(profile).withClassifierEpochs(30).withKnnTestImages(5000)}).
 *
 * @param models               the VAEs (one architecture, one data set, one seed)
 * @param ks                   the k of the kNN classification
 * @param knnTestImages        test images classified by kNN (the first ones)
 * @param classifier           the augmentation classifier and its training
 * @param classifierTestImages test images of the classifier (0 = all)
 */
public record GenerationStudy(PriorComparison models, List<Integer> ks, int knnTestImages, ClassifierSpec classifier,
                              int classifierTestImages) implements Study {

    /** Validates and copies. */
    public GenerationStudy {
        Objects.requireNonNull(models, "models");
        ks = List.copyOf(ks);
        Objects.requireNonNull(classifier, "classifier");
        if (models.datasets().size() != 1 || models.architectures().size() != 1) {
            throw new IllegalArgumentException("notebook 06 works on one data set and one architecture, got "
                    + models.datasets() + ", " + models.architectures());
        }
        if (ks.isEmpty() || knnTestImages < 1 || classifierTestImages < 0) {
            throw new IllegalArgumentException("need some k, knnTestImages >= 1 and classifierTestImages >= 0");
        }
    }

    /**
     * The profile's study: the VAEs of {@link PriorComparison#of} on its first data set (MNIST under {@code paper}
     * when it is at hand: the paper's 0.69% is MNIST), the authors' k = 3..15, and the authors' classifier (SGD)
     * except under smoke.
     *
     * @param profile the profile
     * @return its study
     */
    public static GenerationStudy of(Profile profile) {
        PriorComparison c = PriorComparison.of(profile).withArchitectures(ArchitectureSpec.Kind.VAE).withSeeds(1);
        DatasetId d = c.datasets().contains(DatasetId.MNIST) ? DatasetId.MNIST : c.datasets().get(0);
        List<Integer> ks = List.of(3, 5, 7, 9, 11, 13, 15);
        return switch (profile) {
            case SMOKE -> new GenerationStudy(c.withDatasets(d), ks, 200,
                    new ClassifierSpec(List.of(64), 1, 100, 1e-3, 0.1, 0.4), 200);
            case QUICK -> new GenerationStudy(c.withDatasets(d), ks, 2000, ClassifierSpec.paper(10), 0);
            case PAPER -> new GenerationStudy(c.withDatasets(d), ks, 10_000, ClassifierSpec.paper(100), 0);
        };
    }

    /** @param m the VAEs @return this study on them */
    public GenerationStudy withModels(PriorComparison m) {
        return new GenerationStudy(m, ks, knnTestImages, classifier, classifierTestImages);
    }

    /** @param d the data set @return this study on it */
    public GenerationStudy withDataset(DatasetId d) {
        return withModels(models.withDatasets(d));
    }

    /** @param epochs the VAEs' most epochs @return this study with them */
    public GenerationStudy withEpochs(int epochs) {
        return withModels(models.withEpochs(epochs));
    }

    /** @param k the VampPrior's pseudo-inputs @return this study with them */
    public GenerationStudy withVampK(int k) {
        return withModels(models.withVampK(k));
    }

    /** @param k the values of k @return this study with them */
    public GenerationStudy withKs(Integer... k) {
        return new GenerationStudy(models, List.of(k), knnTestImages, classifier, classifierTestImages);
    }

    /** @param n test images for kNN @return this study with them */
    public GenerationStudy withKnnTestImages(int n) {
        return new GenerationStudy(models, ks, n, classifier, classifierTestImages);
    }

    /** @param c the classifier @return this study with it */
    public GenerationStudy withClassifier(ClassifierSpec c) {
        return new GenerationStudy(models, ks, knnTestImages, c, classifierTestImages);
    }

    /** @param epochs the classifier's epochs @return this study with them */
    public GenerationStudy withClassifierEpochs(int epochs) {
        return withClassifier(classifier.withEpochs(epochs));
    }

    /** @return the data set */
    public DatasetId dataset() {
        return models.datasets().get(0);
    }

    @Override
    public Profile profile() {
        return models.profile();
    }

    @Override
    public String notebook() {
        return "06-exemplar-generation";
    }

    @Override
    public String summary() {
        return "VAEs: " + models.summary() + ". kNN on their latent means, k in " + ks + ", " + knnTestImages
                + " test images. Classifier MLP" + classifier.hidden() + ", " + classifier.epochs() + " epochs, "
                + classifier.optimiser() + ", on " + (classifierTestImages == 0 ? "all" : classifierTestImages)
                + " test images, without and with exemplar augmentation";
    }

    /** @return the three VAEs (Gaussian, VampPrior, Exemplar) */
    public List<VaeRun<?>> vaes() {
        return models.configs();
    }

    /** @return the Exemplar VAE, the one that generates */
    public VaeRun<ExemplarPrior> exemplarRun() {
        return models.exemplarRun(dataset(), models.architectures().get(0), 1);
    }

    /** @return one kNN classification per VAE */
    public List<KnnRun> knnRuns() {
        return vaes().stream().map(v -> new KnnRun(v, ks, knnTestImages)).toList();
    }

    /**
     * @param augment with exemplar augmentation
     * @return the classifier run
     */
    public AugmentationRun augmentation(boolean augment) {
        return new AugmentationRun(exemplarRun(), classifier, augment, classifierTestImages, 1);
    }

    @Override
    public List<RunConfig<?, ?>> runs() {
        List<RunConfig<?, ?>> out = new ArrayList<>(vaes());
        out.addAll(knnRuns());
        out.add(augmentation(false));
        out.add(augmentation(true));
        return out;
    }

    /**
     * "Protocol: ours vs the paper's" for the kNN and augmentation experiments.
     *
     * @param trainingImages N, the VAEs' training images
     * @return the table
     */
    public Table protocol(int trainingImages) {
        boolean papersData = dataset() == DatasetId.MNIST || dataset() == DatasetId.FASHION_MNIST;
        ClassifierSpec paper = ClassifierSpec.paper(classifier.epochs());
        Protocol p = Protocol.of("exemplar-vae-augmentation-protocol.csv")
                .ours("data set", dataset().name(), papersData)
                .ours("training images", trainingImages + " (grey, the VAE's exemplars)", papersData
                        && models.trainLimit() == 0)
                .ours("Exemplar VAE", "the VAE of notebook 01: at most " + models.train().maxEpochs() + " epochs",
                        models.train().equals(org.vaepriors.train.TrainSpec.paper()))
                .ours("kNN on", "the posterior means of the training and test images, k = " + String.join(", ",
                        ks.stream().map(String::valueOf).toList()), ks.equals(List.of(3, 5, 7, 9, 11, 13, 15)))
                .ours("kNN test images", String.valueOf(knnTestImages), knnTestImages >= 10_000)
                .ours("classifier", "MLP[784-" + String.join("-", classifier.hidden().stream().map(String::valueOf).toList())
                        + "-10], ReLU", classifier.hidden().equals(paper.hidden()))
                .ours("optimiser", classifier.optimiser(), classifier.sgd() != null && classifier.sgd().equals(paper.sgd())
                        && classifier.learningRate() == paper.learningRate())
                .ours("epochs", String.valueOf(classifier.epochs()))
                .ours("batch size", String.valueOf(classifier.batchSize()))
                .ours("label smoothing", Protocol.number(classifier.labelSmoothing()))
                .ours("loss", Protocol.number(classifier.realWeight()) + " real + "
                        + Protocol.number(Math.round(100 * (1 - classifier.realWeight())) / 100.0) + " augmented")
                .ours("augmented images", "one exemplar-conditioned sample per real image and step (decoder means, not "
                        + "rounded)", false)
                .ours("classifier test images", classifierTestImages == 0 ? "all" : String.valueOf(classifierTestImages),
                        classifierTestImages == 0);
        p.note("augmented images", "not rounded to 1/255");
        if (dataset() == DatasetId.MNIST_10K) {
            p.note("data set", "a 10,000-digit subset of MNIST stands in (ours: 7,000 for training)");
        } else if (!papersData) {
            p.note("data set", "the paper reports MNIST and Fashion-MNIST only");
        }
        if (profile() != Profile.PAPER) {
            for (String s : List.of("Exemplar VAE", "epochs", "kNN test images")) {
                p.note(s, "scaled for the " + profile() + " profile");
            }
        }
        return p.table();
    }
}
