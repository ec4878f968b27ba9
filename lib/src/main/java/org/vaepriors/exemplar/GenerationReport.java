package org.vaepriors.exemplar;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.vaepriors.experiment.Claim;
import org.vaepriors.experiment.Columns;
import org.vaepriors.experiment.Finding;
import org.vaepriors.experiment.PaperNumbers;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.vampprior.VampPrior;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Notebook 06's tables and claims: kNN classification on the latent means of the three VAEs, and the classifier
 * without and with exemplar augmentation, each with its paired standard error (the same test images for every
 * model).
 */
public final class GenerationReport {
    static final String INTRO = "Exemplar VAE (arXiv 2004.04795v3), section 1 (Introduction)";
    static final String ABSTRACT = "Exemplar VAE (NeurIPS 2020), abstract";
    static final String REPRESENTATION = "Replacing the conventional Gaussian prior into a non-parameteric Parzen window "
            + "improves the representation quality of VAEs …";
    static final String AUGMENTATION = "Importantly, generative data augmentation using Exemplar VAEs on permutation "
            + "invariant MNIST and Fashion MNIST reduces classification error from 1.17% to 0.69% and from 8.56% to 8.16%.";

    private GenerationReport() {
    }

    /**
     * @param runs the kNN runs of {@link GenerationStudy#knnRuns}
     * @return one row per prior and k: the test error in percent and its binomial standard error (long format, to
     * re-plot error against k by prior)
     */
    public static Table knnErrors(List<KnnRun.Result> runs) {
        StringColumn prior = StringColumn.create("prior");
        IntColumn k = IntColumn.create("k");
        DoubleColumn err = Columns.numbers("error (%)", 2);
        DoubleColumn se = Columns.numbers("error (%) se", 2);
        IntColumn n = IntColumn.create("test images");
        for (KnnRun.Result r : runs) {
            KnnClassification c = r.knn();
            for (int j = 0; j < c.ks().length; j++) {
                double e = 1 - c.accuracy()[j];
                prior.append(r.config().model().prior().label());
                k.append(c.ks()[j]);
                err.append(100 * e);
                se.append(100 * Math.sqrt(e * (1 - e) / c.n()));
                n.append(c.n());
            }
        }
        return Table.create("kNN classification error on the latent means (ours)", prior, k, err, se, n);
    }

    /**
     * @param plain     the classifier on real images
     * @param augmented      the classifier with exemplar augmentation
     * @param trainingImages the classifier's (and the VAE's) training images
     * @return the two test errors with their binomial standard errors, the paper's beside them (its data set named:
     * the paper reports MNIST and Fashion-MNIST, trained on 50,000 images)
     */
    public static Table augmentation(AugmentationRun.Result plain, AugmentationRun.Result augmented, int trainingImages) {
        StringColumn data = StringColumn.create("data");
        StringColumn paperData = StringColumn.create("paper data");
        StringColumn training = StringColumn.create("training data");
        IntColumn images = IntColumn.create("training images");
        DoubleColumn err = Columns.numbers("test error (%)", 2);
        DoubleColumn se = Columns.numbers("test error (%) se", 2);
        IntColumn n = IntColumn.create("test images");
        for (AugmentationRun.Result r : List.of(plain, augmented)) {
            data.append(r.config().model().dataset().id().name());
            paperData.append(PaperNumbers.paperDataset(r.config().model().dataset().id()).name());
            training.append(r.config().augment() ? "real + exemplar augmentation" : "real images");
            images.append(trainingImages);
            err.append(100 * r.error().mean());
            se.append(100 * r.error().standardError());
            n.append((int) r.error().n());
        }
        Table ours = Table.create("Test error of the classifier, ours (paper: its data set, 50,000 training images, a "
                + "converged Exemplar VAE)", data, paperData, training, images, err, se, n);
        return Columns.besidePaper(ours, List.of("paper data", "training data"),
                PaperNumbers.table("exemplar-vae-supplement-m-augmentation.csv"), List.of("dataset", "training data"));
    }

    /**
     * @param knn       the kNN runs
     * @param plain     the classifier on real images
     * @param augmented the classifier with exemplar augmentation
     * @return the paper's claims, judged on paired differences over the same test images
     */
    public static List<Claim> claims(List<KnnRun.Result> knn, AugmentationRun.Result plain,
                                     AugmentationRun.Result augmented) {
        List<Finding> representation = new ArrayList<>();
        Optional<KnnRun.Result> ex = find(knn, ExemplarPrior.Spec.class);
        Optional<KnnRun.Result> g = find(knn, StandardGaussianPrior.Spec.class);
        if (ex.isPresent() && g.isPresent()) {
            representation.add(Finding.of("kNN error (mean over k = " + ex.get().config().ks() + ") of the Gaussian prior's "
                    + "latent means minus the Exemplar prior's > 0", INTRO,
                    g.get().knn().errorMinus(ex.get().knn()), "points"));
        }
        List<Finding> aug = List.of(Finding.of("test error without minus with exemplar augmentation > 0", ABSTRACT,
                plain.errorMinus(augmented), "points").withEvidence(String.format(java.util.Locale.ROOT,
                "%.2f%% vs %.2f%%", 100 * plain.error().mean(), 100 * augmented.error().mean())));
        return List.of(
                new Claim(REPRESENTATION, INTRO, "the kNN error on the Gaussian prior's latent means minus that on the "
                        + "Exemplar prior's, averaged over k and paired over test images", representation),
                new Claim(AUGMENTATION, ABSTRACT, "the direction only (ours is another data budget): the classifier's test "
                        + "error without minus with augmentation, paired over test images", aug));
    }

    /**
     * Our observation, not a claim of the paper: the kNN error on the VampPrior's latent means minus the Exemplar
     * prior's, paired.
     *
     * @param knn the kNN runs
     * @return the finding, if both are there
     */
    public static Optional<Finding> vampObservation(List<KnnRun.Result> knn) {
        Optional<KnnRun.Result> ex = find(knn, ExemplarPrior.Spec.class);
        Optional<KnnRun.Result> v = find(knn, VampPrior.Spec.class);
        return ex.isPresent() && v.isPresent() ? Optional.of(Finding.of("kNN error: VampPrior minus Exemplar > 0",
                "ours", v.get().knn().errorMinus(ex.get().knn()), "points")) : Optional.empty();
    }

    private static Optional<KnnRun.Result> find(List<KnnRun.Result> runs, Class<?> spec) {
        return runs.stream().filter(r -> spec.isInstance(r.config().model().prior())).findFirst();
    }
}
