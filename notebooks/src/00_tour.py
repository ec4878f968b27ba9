from common import md, code, write

cells = [
md("""# 00 · A tour of VAE Priors Lab

This suite reproduces, in Java, the experiments of four papers on **learned priors for variational autoencoders**:

| notebook | paper | question |
|---|---|---|
| `01-active-dimensions` | Exemplar VAE (Norouzi et al., 2020), Table 1 | do richer priors keep more latent units alive? |
| `02-kl-vs-reconstruction` | Exemplar VAE, Table 3 | where does the gain go: the KL term or the reconstruction? |
| `03-vampprior-subsampling` | VampPrior (Tomczak & Welling, 2018); Exemplar VAE, Table 5 | does sub-sampling mixture components help? |
| `04-lars-ablations` | LARS resampled priors (Bauer & Mnih, 2019) | learned accept/reject on top of a simple prior |
| `05-ncp-25-gaussians` | NCP-VAE (Aneja et al., 2021), section J | a noise-contrastive prior on a 2-D toy problem |

Every model, prior and estimator lives in the compiled library (`lib/`, package `org.vaepriors`); the notebooks show the idea, the maths, the call, the table and the plot. This first notebook trains nothing: it shows the data at hand, how to choose how much compute a notebook spends, and what the library runs on."""),
md("""## Starting a notebook

One line starts every notebook. It reads the **profile** from the environment and prints a header with the library version and the compute backend:

* `smoke`: proves the plumbing in under a minute (what CI runs; the numbers mean nothing);
* `quick` (the default): a 2-core laptop, 10-15 minutes a notebook, enough to show the papers' qualitative claims where the data at hand allow it;
* `paper`: the papers' settings, for a GPU and hours.

Set it before starting Jupyter, e.g. `VAEPRIORS_PROFILE=paper bash environment/jupyter.sh` (which opens JupyterLab, or the classic Notebook where only that is installed), or run all notebooks headless with `bash environment/run-notebooks.sh paper`. Overrides: `VAEPRIORS_MAX_EPOCHS`, `VAEPRIORS_DATA_LIMIT`, `VAEPRIORS_IW_SAMPLES`. Every saved result records them, so a scaled-down run cannot pass for a paper number."""),
code("""import org.vaepriors.LabPaths;
import org.vaepriors.data.*;
import org.vaepriors.data.synthetic.GaussianMixture2D;
import org.vaepriors.notebook.*;
import org.vaepriors.runtime.BackendInfo;

var nb = Notebook.start("00-tour");"""),
md("""## The compute backend

The library runs on [ND4J](https://deeplearning4j.konduit.ai/) (SameDiff for automatic differentiation). On a CPU it uses the native build the processor supports (AVX-512, AVX2 or generic: the environment scripts pick it) and **one thread** by default: on 2 cores, the small matrix products of these models run 2-3 times faster on one thread than on two busy-waiting ones. A GPU build is a Maven profile (`-Pcuda`); see the README."""),
code("""nb.show(Tables.backend(BackendInfo.current()));"""),
md("""## The data at hand

The papers use MNIST, Fashion-MNIST and Omniglot (the 28x28 `chardata.mat` of the IWAE repository). The loaders read IDX and MATLAB files from the data directory (`VAEPRIORS_DATA`, else `data/` in the project), verify checksums, and download the standard files when the network allows. Offline, this machine has Fashion-MNIST in full, a real 10,000-image MNIST subset, and Omniglot's two small background sets (105x105 strokes, area-averaged here to 28x28). Their splits are the papers' where the papers' files are at hand, and ours, stated in the table, where not."""),
code("""var dataDir = LabPaths.data();
var sets = new java.util.ArrayList<ImageDataset>();
for (DatasetId id : Datasets.available(dataDir)) sets.add(Datasets.load(id, dataDir));
nb.show(Tables.datasets(sets), "Data sets found in " + dataDir);
for (DatasetId id : DatasetId.values())
    if (!Datasets.available(dataDir).contains(id)) System.out.println("not here: " + id.description());"""),
md("""Thirty-two training images of each, as the models see them before binarisation (grey levels in [0, 1], ink white):"""),
code("""for (ImageDataset d : sets) {
    nb.html("<b>" + d.id() + "</b>");
    nb.showImages(d.train(), 32, 16, d.id().name().toLowerCase());
}"""),
md("""### Binarisation

All three papers model binary pixels with a Bernoulli decoder, $\\log p(x\\mid z) = \\sum_i x_i \\log \\sigma(l_i) + (1-x_i)\\log(1-\\sigma(l_i))$. Grey images are turned into binary ones by sampling $x_i \\sim \\mathrm{Bernoulli}(\\text{pixel}_i)$: anew for every training batch (*dynamic binarisation*, a regulariser), and once, with a fixed seed, for the validation and test sets, so that every model is scored on the same bits. Exemplar VAE keeps the grey images as exemplars. Below: the same eight images, grey, then two independent binarisations."""),
code("""var first = sets.get(0).train().limit(8);
nb.showImages(first, 8, 8);
nb.showImages(first.binarized(1L), 8, 8);
nb.showImages(first.binarized(2L), 8, 8);"""),
md("""## The 25-Gaussians

The NCP-VAE paper's synthetic experiment fits a VAE to 25 equal-weight Gaussians on the grid $\\{-4,-2,0,2,4\\}^2$:

$$p(x) = \\frac{1}{25}\\sum_{k=1}^{25} \\mathcal N(x;\\, m_k,\\, s^2 I).$$

The paper gives no width; we use $s = 0.05$. The heat map shows $\\log p(x)$ (clipped at $-10$): the modes are 40 standard deviations apart, so almost all of the plane has negligible density, which is what makes the task hard for a VAE with a Gaussian prior. The best mean log-likelihood any model can reach is $-H(p)$; for well-separated modes $H = \\log 25 + \\log(2\\pi e s^2)$."""),
code("""var mix = GaussianMixture2D.twentyFiveGaussians();
var rng = new java.util.SplittableRandom(0);
var samples = mix.sample(nb.pick(500, 2000, 2000), rng);
var fig = Plots.figure(Plots.squareLayout("25-Gaussians: density and samples", "x1", "x2"),
        Plots.logDensity("log p(x)", mix::logDensity, -5, 5, 251, -10),
        Plots.points("samples", samples, 2));
nb.show(fig, "25-gaussians");"""),
code("""var entropy = mix.entropy(nb.pick(2_000, 50_000, 50_000), rng);
var t = tech.tablesaw.api.Table.create("Entropy of the 25-Gaussians (nats)",
        tech.tablesaw.api.StringColumn.create("quantity", "H, separated modes (closed form)", "H, Monte Carlo", "best mean log-likelihood"),
        tech.tablesaw.api.StringColumn.create("value",
            String.format("%.4f", mix.separatedEntropy()), entropy.toString(), String.format("%.4f", -mix.separatedEntropy())));
nb.show(t);"""),
md("""## A first model

The engine in one call. A **run config** holds everything that changes the numbers: the data (here the first images of MNIST-10k), the architecture (the papers' one-layer VAE: gated MLP 784-300-300, 40 latent dimensions), the prior, the training schedule (KL warm-up, gradient-normalised Adam, early stopping on the validation ELBO) and the evaluation (importance samples $S$ for $\\log p(x)$). `nb.run` trains it with a progress bar, evaluates it on the test set, and caches it under `results/` by the hash of the config: run the cell again and it loads.

The test metrics, in nats per image: $\\mathrm{RE} = -\\mathbb E_q \\log p(x\\mid z)$, $\\mathrm{KL} = \\mathbb E_q[\\log q(z\\mid x) - \\log p(z)]$ (single-sample estimates, their sum is $-$ELBO), and the importance-weighted $-\\log p(x) \\approx -\\log \\frac1S\\sum_s p(x, z_s)/q(z_s\\mid x)$, which is below $-$ELBO."""),
code("""import org.vaepriors.eval.EvalSpec;
import org.vaepriors.experiment.*;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.train.TrainSpec;

var cfg = RunConfig.builder().profile(nb.profile())
        .dataset(new DatasetSpec(DatasetId.MNIST_10K, nb.pick(500, 7000, 0)))
        .architecture(ArchitectureSpec.paper(ArchitectureSpec.Kind.VAE))
        .prior(new StandardGaussianPrior.Spec())
        .train(TrainSpec.paper().withMaxEpochs(nb.pick(2, 30, 2000)).withWarmup(nb.pick(1, 10, 100)))
        .eval(new EvalSpec(nb.pick(10, 500, 5000), nb.pick(100, 2000, 0)))
        .seed(1).build();
var run = nb.run(cfg);
nb.show(Tables.results(java.util.List.of(run.result())));"""),
md("""Reconstructions of test digits (top: the binarised input; below: the decoder's Bernoulli means at the posterior mean), and new digits decoded from $z \\sim p(z)$:"""),
code("""var model = run.model();
var test = sets.stream().filter(d -> d.id() == DatasetId.MNIST_10K).findFirst().get().testBinary().limit(16);
var x = org.nd4j.linalg.factory.Nd4j.create(test.pixels(), new long[]{16, 784}, 'c');
nb.showImages(test, 16, 16);
nb.showImages(model.reconstruct(x), 28, 28, 16, 16, "vae-reconstructions");
nb.showImages(model.sample(32, new java.util.SplittableRandom(3)), 28, 28, 32, 16, "vae-samples");"""),
md("""## What comes next

`01-active-dimensions` trains VAEs with three priors and counts the latent units they use. Every trained model is cached under `results/` by a hash of its configuration, so the later notebooks reuse it rather than train it again."""),
]
write("00-tour", cells)
