"""Generates notebooks/04-lars-ablations.ipynb (without outputs): python notebooks/src/04_lars_ablations.py"""
from common import write, md, code

cells = [
md("""# 04 · LARS: learned accept/reject sampling as a VAE prior

Bauer & Mnih (AISTATS 2019) turn a simple prior into a richer one by **resampling** it: draw $z$ from a *proposal* $\\pi(z) = \\mathcal N(0, I)$ and accept it with probability $a(z) = \\sigma(\\mathrm{MLP}(z))$, a learned *acceptance* function. Resampling until acceptance gives

$$p_\\infty(z) = \\frac{\\pi(z)\\,a(z)}{Z}, \\qquad Z = \\mathbb E_{\\pi}[a(z)]\\ \\text{(the mean acceptance, i.e. sampling efficiency)}.$$

*Truncation* after $T$ candidates (the $T$-th is accepted regardless) guarantees efficiency and mixes in the proposal, with $\\alpha_T = (1-Z)^{T-1}$:

$$p_T(z) = \\pi(z)\\Big(\\frac{(1-\\alpha_T)\\,a(z)}{Z} + \\alpha_T\\Big); \\quad T = 1 \\text{ gives } \\pi,\\ T\\to\\infty \\text{ gives } p_\\infty.$$

Training never rejects anything: the ELBO only needs $\\log p_T$ at posterior samples, and $Z$. Per step (Algorithm 1) $S$ proposal draws and the posterior sample $z_r$ give
$Z_{\\mathrm{cur},r} = \\big(\\sum_s a(z_s) + \\mathrm{sg}\\big(\\tfrac{\\pi(z_r)}{q(z_r\\mid x_r)}\\big)a(z_r)\\big)/(S+1)$; the forward pass uses the moving average $Z_{\\mathrm{smooth},r} = (1-\\epsilon)\\langle Z\\rangle + \\epsilon Z_{\\mathrm{cur},r}$, the gradient flows through $Z_{\\mathrm{cur},r}$, and $\\langle Z\\rangle$ becomes the batch mean of $Z_{\\mathrm{smooth},r}$ after the step. For evaluation $Z$ is estimated by plain Monte Carlo with many draws (antithetic pairs $z, -z$), reported with its standard error, and the test log-likelihood uses it.

Everything here is `org.vaepriors.lars.ResampledPrior` and a few helpers; the notebook only configures, runs and shows."""),
code("""import java.util.List;
import java.util.SplittableRandom;
import org.vaepriors.data.*;
import org.vaepriors.data.synthetic.GaussianMixture2D;
import org.vaepriors.eval.EvalSpec;
import org.vaepriors.experiment.*;
import org.vaepriors.math.Estimate;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.notebook.*;
import org.vaepriors.lars.*;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.train.TrainSpec;
import tech.tablesaw.api.StringColumn;

var nb = Notebook.start("04-lars-ablations");"""),
md("""## 1 · A 2-D illustration (Fig. 2)

The target $q$ is a mixture of nine Gaussians (a 3x3 grid with spacing 1, variance 0.01; the paper does not give its target, so $\\mathrm{KL}(q\\|\\pi)$ differs from its 1.8). Two acceptance networks, MLP[10] and MLP[10-10] (tanh), reweight $\\pi = \\mathcal N(0, I)$; only $a$ is learned, by maximum likelihood on target samples, $\\max \\mathbb E_q[\\log \\pi(z) + \\log a(z)] - \\log Z$ ($T = \\infty$), with the same estimate of $Z$ as in the VAE. KL is estimated by Monte Carlo over target samples."""),
code("""var target = GaussianMixture2D.grid(3, 1.0, 0.1);
var fitSpec = ResampledPrior.Spec.paperDefaults().withTruncation(ResampledPrior.UNTRUNCATED)
        .withTrainingSamples(nb.pick(64, 512, 1024)).withEvaluationSamples(nb.pick(1 << 12, 1 << 20, 1 << 24));
java.util.function.Function<List<Integer>, DensityFitRun> fit = hidden -> new DensityFitRun(nb.profile(), target,
        fitSpec.withHidden(hidden), nb.pick(50, 2000, 20000), 256, 3e-3, nb.pick(2_000, 100_000, 1_000_000), 1);
var small = nb.run(fit.apply(List.of(10)));
var large = nb.run(fit.apply(List.of(10, 10)));
var klProposal = small.result().klProposal();
var klSmall = small.result().klFit();
var klLarge = large.result().klFit();
nb.show(tech.tablesaw.api.Table.create("2-D fits: KL(target || density) and Z (paper, its own target: KL to the proposal 1.8)",
        StringColumn.create("density", "proposal N(0, I)", "LARS, a = MLP[10]", "LARS, a = MLP[10-10]"),
        StringColumn.create("KL (nats)", klProposal.toString(), klSmall.toString(), klLarge.toString()),
        StringColumn.create("Z", "1", small.result().z().toString(), large.result().z().toString())));
var fitSmall = small.model();
var fitLarge = large.model();"""),
md("""Left to right: the target $q$, the proposal $\\pi$, then for MLP[10] and MLP[10-10] the acceptance $a(z)$ and the fitted density $p(z)$, on $[-2.5, 2.5]^2$ (each panel scaled to its maximum; dark is 0)."""),
code("""var grid = LatentMaps.grid(-2.5, 2.5, 96);
double[][] pts = grid.toDoubleMatrix();
double[] logTarget = new double[pts.length];
for (int i = 0; i < pts.length; i++) logTarget[i] = target.logDensity(pts[i][0], pts[i][1]);
nb.showImages(LatentMaps.images(List.of(logTarget, LatentMaps.standardNormal(grid),
        LatentMaps.logAcceptance(grid, fitSmall.prior()), fitSmall.prior().logDensity(grid),
        LatentMaps.logAcceptance(grid, fitLarge.prior()), fitLarge.prior().logDensity(grid))), 96, 96, 6, 6, "2d-fits");"""),
md("""## 2 · VAEs with a resampled prior

The papers' one-layer VAE (gated MLP 784-300-300, $d = 40$), trained as in the other notebooks (KL warm-up, gradient-normalised Adam, dynamic binarisation, early stopping on the validation ELBO). The ablations run on the MNIST at hand (the 10,000-digit subset; the paper used dynamic MNIST, 60,000 digits), Table 1 also on Fashion-MNIST and small Omniglot. `quick` trains for 20 epochs (Fashion-MNIST: on 6,000 images, validated on 1,000), estimates $Z$ with $2^{17}$ draws and the NLL with 100 importance samples on 500 test images, and uses $S = 128$ proposal draws per step (the reference re-implementation's value; the paper: 1024); `paper` uses the paper's settings ($S = 1024$, 1000 importance samples, $2^{27}$ draws for $Z$). Independent runs share the machine's cores, one ND4J thread each (`nb.runAll`). NLL differences are paired over the same test images."""),
code("""var iw = new EvalSpec(nb.pick(5, 100, 1000), nb.pick(50, 500, 0));
var train = TrainSpec.paper().withMaxEpochs(nb.pick(1, 20, 2000)).withWarmup(nb.pick(0, 5, 100));
var postHocTrain = TrainSpec.paper().withMaxEpochs(nb.pick(1, 10, 2000)).withWarmup(0);
var lars = ResampledPrior.Spec.paperDefaults().withTrainingSamples(nb.pick(32, 128, 1024))
        .withEvaluationSamples(nb.pick(1 << 12, 1 << 17, 1 << 27));
var mnist = new DatasetSpec(DatasetId.MNIST_10K, nb.pick(300, 0, 0));
var fashion = new DatasetSpec(DatasetId.FASHION_MNIST, nb.pick(300, 6_000, 0), nb.pick(200, 1_000, 0));
var omniglot = new DatasetSpec(DatasetId.OMNIGLOT_SMALL, nb.pick(300, 0, 0));
var vae = ArchitectureSpec.paper(ArchitectureSpec.Kind.VAE);
var vae2d = new ArchitectureSpec(ArchitectureSpec.Kind.VAE, 28, 28, 2, 300);
java.util.function.BiFunction<DatasetSpec, org.vaepriors.prior.PriorSpec<?>, VaeRun<?>> cfg = (d, p) -> VaeRun.builder()
        .profile(nb.profile()).dataset(d).architecture(vae).prior(p).train(train).eval(iw).seed(1).build();

var standard = new StandardGaussianPrior.Spec();
List<Integer> ts = nb.pick(List.of(100, ResampledPrior.UNTRUNCATED), List.of(2, 5, 10, 50, 100, ResampledPrior.UNTRUNCATED),
        List.of(2, 5, 10, 50, 100, ResampledPrior.UNTRUNCATED));
List<List<Integer>> networks = nb.pick(List.of(List.of(10, 10)), List.of(List.of(10, 10)),
        List.of(List.of(10, 10), List.of(50, 50), List.of(50, 50, 50), List.of(100, 100, 100)));
List<DatasetSpec> others = nb.pick(List.of(omniglot), List.of(fashion, omniglot), List.of(fashion, omniglot));
var configs = new java.util.ArrayList<VaeRun<?>>();
configs.add(cfg.apply(mnist, standard));
for (int t : ts) configs.add(cfg.apply(mnist, lars.withTruncation(t)));
for (var h : networks) configs.add(cfg.apply(mnist, lars.withHidden(h)));
for (var d : others) { configs.add(cfg.apply(d, standard)); configs.add(cfg.apply(d, lars)); }
var std2d = cfg.apply(mnist, standard).toBuilder().architecture(vae2d).build();
configs.add(std2d);
long t0 = System.nanoTime();
var runs = nb.runAll(configs);
var postHoc = nb.run(configs.get(0).postHoc(lars, postHocTrain));
var postHoc2dConfig = std2d.postHoc(lars, postHocTrain);
nb.run(postHoc2dConfig);
System.out.println(String.format("%d runs and 2 post-hoc fits ready in %.0f s (cached runs load at once)", configs.size(),
        (System.nanoTime() - t0) / 1e9));
java.util.function.BiFunction<String, Integer, LarsReport.Row> row = (label, i) -> new LarsReport.Row(label, runs.get(i).result());"""),
md("""### Truncation (Table D.3) and network size (Table D.2)

$T$ trades approximation for efficiency: the paper's NLL falls and its $Z$ falls with $T$. KL and RE are the single-sample test ELBO terms; $-$ELBO = KL + RE."""),
code("""var ladder = new java.util.ArrayList<LarsReport.Row>(List.of(row.apply("standard (T = 1)", 0)));
for (int i = 0; i < ts.size(); i++)
    ladder.add(row.apply("LARS T = " + (ts.get(i) == ResampledPrior.UNTRUNCATED ? "inf" : ts.get(i)), 1 + i));
var joint = ladder.get(1 + ts.indexOf(100));
nb.show(LarsReport.truncations(ladder));
nb.show(LarsReport.ladder(ladder, true), "nll-vs-t");
nb.show(LarsReport.ladder(ladder, false), "z-vs-t");"""),
code("""var sizes = new java.util.ArrayList<LarsReport.Row>(List.of(ladder.get(0)));
for (int i = 0; i < networks.size(); i++)
    sizes.add(row.apply("LARS MLP" + lars.withHidden(networks.get(i)).network(), 1 + ts.size() + i));
sizes.add(new LarsReport.Row("LARS MLP[100-100]", joint.result()));
nb.show(LarsReport.networks(sizes));"""),
md("""### Post-hoc vs joint training (Table D.1)

Post-hoc: the standard-prior VAE is frozen and only $a(z)$ is trained on its ELBO (`VaeRun.postHoc`: a run whose config names the base run it freezes; a trainable-parameter filter on the prior's parameters). The reconstruction term cannot move, so any gain must come through the KL."""),
code("""var d1 = List.of(ladder.get(0), new LarsReport.Row("LARS post-hoc", postHoc.result()), new LarsReport.Row("LARS joint", joint.result()));
nb.show(LarsReport.postHoc(d1.get(0), d1.get(1), d1.get(2)));"""),
md("""### Standard vs LARS on each data set (Table 1, VAE column)

The paper's numbers are on the full data sets (dynamic MNIST, Omniglot 28x28 chardata); ours on the data at hand, so only the direction and size of the difference compare."""),
code("""int base = 1 + ts.size() + networks.size();
var table1 = new java.util.ArrayList<LarsReport.Row[]>();
table1.add(new LarsReport.Row[]{ladder.get(0), joint});
for (int i = 0; i < others.size(); i++)
    table1.add(new LarsReport.Row[]{row.apply("standard", base + 2 * i), row.apply("LARS", base + 2 * i + 1)});
nb.show(LarsReport.standardVsLars(table1));"""),
md("""## 3 · Ranking samples by $a(z)$ (Fig. D.5, D.8)

Draw proposal samples, sort them by acceptance and decode: the highest $a(z)$ (top row), random proposal draws (middle), the lowest $a(z)$ (bottom). Jointly trained prior first, then the post-hoc one."""),
code("""int draws = nb.pick(500, 10_000, 10_000);
VaeRun<ResampledPrior> jointConfig = cfg.apply(mnist, standard).toBuilder().prior(lars.withTruncation(100)).build();
var jointModel = nb.run(jointConfig).model(); // cached: the T = 100 run above
var rankedJoint = LatentMaps.ranked(jointModel, draws, 16, new SplittableRandom(5));
nb.showImages(rankedJoint.images(), 28, 28, 48, 16, "ranked-joint");
var rankedPost = LatentMaps.ranked(postHoc.model(), draws, 16, new SplittableRandom(5));
nb.showImages(rankedPost.images(), 28, 28, 48, 16, "ranked-posthoc");
double[] a = rankedJoint.acceptance();
System.out.println(String.format("joint: a(z) of the top row %.3g to %.3g, of the bottom row %.3g to %.3g", a[15], a[0], a[47], a[32]));"""),
md("""## 4 · A 2-D latent space (section D.8)

A VAE with $d = 2$ and the standard prior, then LARS fitted post hoc. Left to right: the aggregate posterior $q(z) = \\frac1N\\sum_n q(z\\mid x_n)$ over training digits, the proposal, the learned $a(z)$ and the resampled prior $p_T(z)$, on $[-4, 4]^2$. KL by quadrature on the grid (the paper: 0.4 for the proposal, about 0.15-0.2 for LARS)."""),
code("""var plane = nb.run(new LatentPlaneRun(postHoc2dConfig, -4, 4, 96, nb.pick(200, 2000, 7000), 3L));
var m2 = plane.model();
nb.showImages(LatentMaps.images(plane.result().config().maps(m2)), 96, 96, 4, 4, "latent-2d");
System.out.println(plane.result().summary() + ", Z = " + m2.prior().normalizer());"""),
md("""## What we reproduced

Computed from this run's numbers (a claim counts as shown only beyond twice its standard error, where one exists):"""),
code("""nb.html("<p>Profile <b>" + nb.profile() + "</b>.</p>"
        + LarsReport.densityClaims(klProposal, klSmall, klLarge, fitSmall.prior().normalizer(), fitLarge.prior().normalizer())
        + LarsReport.claims(table1, sizes, ladder, d1));"""),
]
write("04-lars-ablations", cells)
