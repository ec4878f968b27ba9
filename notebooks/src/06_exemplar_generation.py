from common import md, code, write

write("06-exemplar-generation", [
md("""# 06 · Exemplar VAE: generation, retrieval and data augmentation

An Exemplar VAE generates by **picking a training image and perturbing its encoding**: choose an exemplar $x_n$, draw $z \\sim r(z \\mid x_n) = \\mathcal N(\\mu_\\phi(x_n), \\sigma^2 I)$, decode. The prior is the mixture of these kernels over all training images,

$$p(z \\mid X) = \\frac1N \\sum_{n=1}^N \\mathcal N\\big(z;\\, \\mu_\\phi(x_n),\\, \\sigma^2 I\\big),$$

so sampling from the prior is the same procedure with a uniformly random exemplar. This notebook shows what that gives: exemplar-conditioned samples, unconditional samples, iterated generation, nearest-neighbour classification in the latent space, and generated images used as training data for a classifier (Norouzi et al., 2020, sections 3 and 5).

It uses the one-layer VAEs of `01-active-dimensions` (the same configs: they load from the results cache if 01 ran)."""),
code("""import org.vaepriors.LabPaths;
import org.vaepriors.data.*;
import org.vaepriors.eval.*;
import org.vaepriors.exemplar.*;
import org.vaepriors.experiment.*;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.notebook.*;
import org.nd4j.linalg.factory.Nd4j;

var nb = Notebook.start("06-exemplar-generation");
var configs = PriorComparison.configs(nb.knobs(), Datasets.available(LabPaths.data())).stream()
        .filter(c -> c.architecture().kind() == ArchitectureSpec.Kind.VAE && c.seed() == 1
                && c.dataset().id() == PriorComparison.budget(nb.profile()).datasets().stream()
                        .filter(Datasets.available(LabPaths.data())::contains).findFirst().get())
        .toList();
var done = nb.runAll(configs);
VaeRun<ExemplarPrior> exemplarConfig = configs.stream().filter(c -> c.prior() instanceof ExemplarPrior.Spec).findFirst().get()
        .toBuilder().prior(ExemplarPrior.Spec.paper()).build();
var exemplarRun = nb.run(exemplarConfig); // cached above
var model = exemplarRun.model();
var prior = model.prior();
var gen = new ExemplarGenerator(model);
var data = Datasets.load(exemplarRun.result().config().dataset().id());
var train = prior.exemplars();
var rng = new java.util.SplittableRandom(11);
System.out.println(String.format("%s: N = %d exemplars, learned sigma^2 = %.4f", data.id(), train.size(), Math.exp(prior.logVariance())));"""),
md("""## Exemplar-conditioned samples

Each row: an exemplar (left), then eleven draws from $r(z \\mid x_n)$, decoded. The learned $\\sigma$ sets how far they wander from the exemplar (supplement, Fig. 2)."""),
code("""var exemplars = Nd4j.create(train.limit(8).pixels(), new long[]{8, train.dim()}, 'c');
nb.showImages(gen.conditionedRows(exemplars, 11, rng), 28, 28, 96, 12, "conditioned");"""),
md("""## Unconditional samples

A uniformly random exemplar each, then as above: samples from the prior $p(z \\mid X)$."""),
code("""nb.showImages(gen.unconditional(32, rng), 28, 28, 32, 16, "unconditional");"""),
md("""## Iterative generation

Each generated image becomes the next exemplar: $x^{(t+1)} = \\text{decode}(z)$, $z \\sim r(z \\mid x^{(t)})$. Started from a training image (top) and from uniform noise (bottom); the chain stays on the data manifold once it reaches it."""),
code("""var chainFromImage = gen.iterate(Nd4j.create(train.image(0), new long[]{1, train.dim()}, 'c'), 15, rng);
float[] u = new float[train.dim()];
for (int i = 0; i < u.length; i++) u[i] = (float) rng.nextDouble(); // uniform noise from the notebook's seeded generator
var noise = Nd4j.create(u, new long[]{1, train.dim()}, 'c');
var chainFromNoise = gen.iterate(noise, 15, rng);
nb.showImages(Nd4j.concat(0, chainFromImage, chainFromNoise.castTo(chainFromImage.dataType())), 28, 28, 32, 16, "iterative");"""),
md("""## Nearest-neighbour classification in the latent space

Encode the training and test images to their posterior means $\\mu_\\phi(x)$ and classify each test image by the majority label of its $k$ nearest training means (Euclidean). A prior that shapes the latent space around the data should make neighbours share labels. (Grey images are encoded for both sets.)"""),
code("""var ks = java.util.List.of(3, 5, 7, 9, 11, 13, 15);
var knnRuns = nb.runAll(configs.stream().map(c -> new KnnRun(c, ks, nb.pick(200, 2000, 10000))).toList());
var labels = knnRuns.stream().map(r -> r.result().config().model().prior().label()).toList();
var knn = knnRuns.stream().map(r -> r.result().knn()).toList();
nb.show(PriorTables.knnErrors(labels, knn));
nb.show(PriorTables.knnErrorPlot(labels, knn), "knn-errors");"""),
md("""## Exemplar data augmentation

A classifier MLP[784-1024-1024-10] (ReLU, label smoothing 0.1) trained on the real training images, against the same classifier trained on real images plus, for every real image in a batch, one exemplar-conditioned sample with the real image's label, the loss weighted 0.4 real + 0.6 augmented (paper, section 5.3)."""),
code("""var spec = nb.pick(new ClassifierSpec(java.util.List.of(64), 1, 100, 1e-3, 0.1, 0.4),
        ClassifierSpec.paper(10), ClassifierSpec.paper(100));
int testImages = nb.pick(200, 0, 0);
var plain = nb.run(new AugmentationRun(exemplarConfig, spec, false, testImages, 1)).result();
var augmented = nb.run(new AugmentationRun(exemplarConfig, spec, true, testImages, 1)).result();
double e0 = plain.error().mean(), e1 = augmented.error().mean();
double se = plain.error().standardError();
var t = tech.tablesaw.api.Table.create("Test error of the classifier (" + train.size() + " training images, " + spec.epochs() + " epochs, " + plain.error().n() + " test images)",
        tech.tablesaw.api.StringColumn.create("training data", "real images", "real + exemplar augmentation", "paper: real + exemplar augmentation (full MNIST)"),
        tech.tablesaw.api.StringColumn.create("test error (%)", String.format("%.2f", 100 * e0), String.format("%.2f", 100 * e1), String.format("%.2f", PaperNumbers.exemplarAugmentationError())));
nb.show(t);"""),
md("""## What we reproduced"""),
code("""double exErr = 0, gaussErr = 0;
for (var r : knnRuns) {
    var p = r.result().config().model().prior();
    if (p instanceof ExemplarPrior.Spec) exErr = r.result().meanError();
    if (p instanceof org.vaepriors.prior.StandardGaussianPrior.Spec) gaussErr = r.result().meanError();
}
var findings = java.util.List.of(
    new Finding("kNN classification on the Exemplar VAE's latent means beats the Gaussian prior's (mean error over k = 3..15)",
        exErr < gaussErr, String.format("%.2f%% vs %.2f%%", 100 * exErr, 100 * gaussErr)),
    new Finding("exemplar augmentation lowers the classifier's test error", e1 < e0,
        String.format("%.2f%% vs %.2f%% without (binomial standard error of one error rate: %.2f points)", 100 * e1, 100 * e0, 100 * se)));
nb.html(PriorTables.findings(findings));
if (exemplarRun.result().provenance().scaledDown())
    nb.html("<p>Scaled-down run (" + nb.knobs() + "): the VAEs and the classifiers are trained far shorter than in the paper, on "
        + train.size() + " images; one seed each.</p>");"""),
])
