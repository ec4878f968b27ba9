"""Writes notebooks/05-ncp-25-gaussians.ipynb (without outputs): build/venv/bin/python notebooks/src/05_ncp_25_gaussians.py"""
from common import md, code, write

cells = [
md("""# 05 · A noise-contrastive prior on the 25-Gaussians

Aneja, Schwing, Kautz & Vahdat, *A Contrastive Learning Approach for Training Variational Autoencoder Priors* (NCP-VAE, NeurIPS 2021), supplement section J.

A VAE trained with the standard Gaussian prior $p(z) = \\mathcal N(0, I)$ leaves *holes*: regions that $p(z)$ covers but that no data point is encoded to. Decoded, they become samples in the empty space between the modes of the data. NCP-VAE fixes the prior after the fact. With the VAE frozen, a binary classifier $D(z)$ learns to tell samples of the aggregate posterior $q(z) = \\mathbb E_{p_d(x)}[q(z\\mid x)]$ (label 1) from samples of $p(z)$ (label 0), by binary cross-entropy:

$$\\min_D\\; -\\mathbb E_{q(z)}[\\log D(z)] - \\mathbb E_{p(z)}[\\log(1 - D(z))].$$

At its optimum $D/(1-D) = q(z)/p(z)$, so the reweighted prior

$$p_{\\mathrm{NCP}}(z) = \\frac{p(z)\\, r(z)}{Z},\\qquad r(z) = \\frac{D(z)}{1 - D(z)} = e^{\\operatorname{logit} D(z)},\\qquad Z = \\mathbb E_{p(z)}[r(z)]$$

moves the prior towards $q(z)$. $Z$ is estimated once by Monte Carlo (the paper: 20,000 samples; we report its standard error, which every log-likelihood below inherits). Samples come from *sampling-importance-resampling*: many proposals $z \\sim p(z)$, resampled with weights $r(z)$. Log-likelihoods of data points are importance-sampled through the encoder,
$\\log p(x) \\approx \\log \\frac1S \\sum_s p(x\\mid z_s)\\, p_{\\mathrm{NCP}}(z_s) / q(z_s\\mid x)$, $z_s \\sim q(z\\mid x)$.

Everything runs in the library: `ContinuousVae` (the model), `NoiseContrastivePrior` (a `Prior` like the others, wrapping any trained model's prior), `NoiseContrastiveTrainer` (stage 2), and two runs cached under `results/` like every other experiment: `NcpVaeRun` (stage 1, the VAE) and `NcpRun` (stage 2 and the evaluation, every number of the table). Run the notebook again and nothing is trained."""),
code("""import org.vaepriors.data.synthetic.GaussianMixture2D;
import org.vaepriors.ncp.*;
import org.vaepriors.notebook.Notebook;
import org.vaepriors.notebook.Plots;
import java.util.Locale;

var nb = Notebook.start("05-ncp-25-gaussians");"""),
md("""## The data

25 equal-weight isotropic Gaussians with means on the grid $\\{-4,-2,0,2,4\\}^2$ (spacing 2). The paper gives neither the spacing nor the width; we use standard deviation $s = 0.05$, so neighbouring modes are 40 standard deviations apart. The best mean log-likelihood any model can reach is $-H(p)$; for modes this far apart $H = \\log 25 + \\log(2\\pi e s^2)$. (With $s = 0.1$ the best value would be $-1.45$, below the paper's NCP-VAE at $-0.954$: the paper's mixture must be narrower than about 0.08.)"""),
code("""var cfg = NcpRun.of(nb.profile());
var mix = cfg.vae().data();
System.out.println(String.format(Locale.ROOT, "%d modes, spacing 2, std %.2f; entropy H = %.4f nats (separated modes), best mean log-likelihood %.4f",
        mix.components(), mix.std(), mix.separatedEntropy(), -mix.separatedEntropy()));
System.out.println(String.format(Locale.ROOT, "training points %,d; VAE %s; classifier %d x %d, %,d steps",
        cfg.vae().trainPoints(), cfg.vae().schedule(), cfg.ncp().layers(), cfg.ncp().hidden(), cfg.ncp().steps()));"""),
md("""## Stage 1: the VAE

Encoder and decoder are 4 fully connected ReLU layers of 256 units, the latent has 20 dimensions, and the likelihood is a Gaussian $p(x\\mid z) = \\mathcal N(x; m(z), \\operatorname{diag} s^2)$ with a learned $\\log s^2$ per dimension. It is trained on the ELBO with the standard Gaussian prior (gradient-normalised Adam, a linear KL warm-up)."""),
code("""var stage1 = nb.run(cfg.vae());
System.out.println(stage1.result().summary());"""),
md("""## Stage 2: the classifier, with the VAE frozen

$D(z)$ has 4 fully connected ReLU layers of 256 units and one logit. Each step draws equal batches from $q(z)$ (a training point, then $z \\sim q(z\\mid x)$) and from $p(z)$; only $D$'s own graph is trained. A binary cross-entropy of $\\log 4 \\approx 1.386$ is chance; the lower it ends, the more $q(z)$ and $p(z)$ differ."""),
code("""var run = nb.run(cfg);
var model = run.model();
var ncp = model.prior();
System.out.println("log Z = " + ncp.logZ() + "; classifier loss over its last 10% of steps " + String.format(Locale.ROOT, "%.3f", run.result().numbers().classifierLoss()));"""),
md("""## Samples (the supplement's Fig. 13)

Left to right: samples of the true mixture; points decoded (decoder means) from $z \\sim p(z)$; points decoded from $z \\sim p_{\\mathrm{NCP}}(z)$ by sampling-importance-resampling. Grey levels are $\\log(1 + \\text{count})$ per pixel over $[-5.5, 5.5]^2$."""),
code("""int m = cfg.generated();
var truth = mix.sample(m, new java.util.SplittableRandom(cfg.seed()));
var fromVae = model.generate(model.vae().prior(), m, 1);
var fromNcp = model.generate(ncp, m, 2);
int side = 120;
float[] px = new float[3 * side * side];
System.arraycopy(NcpReport.histogram(truth, -5.5, 5.5, side), 0, px, 0, side * side);
System.arraycopy(NcpReport.histogram(fromVae, -5.5, 5.5, side), 0, px, side * side, side * side);
System.arraycopy(NcpReport.histogram(fromNcp, -5.5, 5.5, side), 0, px, 2 * side * side, side * side);
nb.showImages(org.nd4j.linalg.factory.Nd4j.create(px, new long[]{3, side * side}), side, side, 3, 3, "samples");"""),
md("""The same, interactive, over the true log-density (clipped at $-10$): decoded samples of the VAE, then of NCP-VAE."""),
code("""for (var s : java.util.List.of(java.util.Map.entry("vae-samples", fromVae), java.util.Map.entry("ncp-samples", fromNcp))) {
    var title = s.getKey().startsWith("vae") ? "VAE: decoded from p(z)" : "NCP-VAE: decoded from the NCP prior";
    nb.show(Plots.figure(Plots.squareLayout(title, "x1", "x2"),
            Plots.logDensity("log p(x)", mix::logDensity, -5.5, 5.5, 221, -10),
            Plots.points(title, java.util.Arrays.copyOf(s.getValue(), Math.min(m, 2000)), 3)), s.getKey());
}"""),
md("""## What the classifier learned

$\\log r(z) = \\operatorname{logit} D(z)$ over a 2-D slice of the 20-dimensional latent space: the plane through the mean of $q(z)$ spanned by its two principal axes. Dots: samples of $q(z)$ projected onto the plane. Where $\\log r < 0$ the NCP prior has less mass than $p(z)$: these are the holes."""),
code("""var map = model.ratioMap(nb.pick(41, 101, 101), nb.pick(300, 1000, 1000));
nb.show(Plots.figure(Plots.squareLayout("log r(z) on the principal plane of q(z)", "axis 1", "axis 2"),
        Plots.logDensity("log r(z)", map::at, map.lo(), map.hi(), map.logRatio().length, -1e9),
        Plots.points("q(z) samples", map.posterior(), 3)), "ratio");"""),
md("""## Log-likelihoods and low-density samples

Mean importance-weighted $\\log p(x)$ of fresh samples of the true mixture (the paper: 50,000) under the same trained VAE with each prior, beside the paper's values (labelled), and the share of generated points farther than 3 standard deviations from every mode (for true samples that share is $e^{-4.5} = 1.1\\%$). The run computed them when it evaluated; the table reads its `result.json`."""),
code("""var result = run.result();
nb.show(NcpReport.table(result));"""),
md("""## What we reproduced

Written from this run's numbers: a claim counts as held only when it shows beyond two standard errors."""),
code("""nb.html(NcpReport.verdict(result));"""),
]
write("05-ncp-25-gaussians", cells)
