from common import md, code, write

write("01-active-dimensions", [
md("""# 01 · Active dimensions: do richer priors keep more latent units alive?

A VAE with a standard Gaussian prior often switches latent units off: the encoder maps every image to the same value of $z_u$, the KL term of that unit drops to zero, and the decoder ignores it (*posterior collapse*). Burda et al. (2016) count the units that stay in use with

$$A_u = \\operatorname{Var}_{x}\\big(\\mathbb E_{q(z\\mid x)}[z_u]\\big), \\qquad \\text{unit } u \\text{ is active if } A_u > 0.01 .$$

The Exemplar VAE supplement (Table 1) reports that a learned prior keeps more units active than the Gaussian prior, and the exemplar prior the most. This notebook trains the same models on the data at hand and counts."""),
md("""## The three priors

* **Gaussian**: $p(z) = \\mathcal N(z; 0, I)$.
* **VampPrior** (Tomczak & Welling, 2018): a mixture of the model's own posteriors at $K$ learned pseudo-inputs, $p(z) = \\frac1K \\sum_k q(z \\mid u_k)$.
* **Exemplar prior** (Norouzi et al., 2020): a mixture centred on the encodings of the training images themselves, with one learned variance,
$$p(z \\mid X) = \\frac1N \\sum_{n=1}^N \\mathcal N\\big(z;\\, \\mu_\\phi(x_n),\\, \\sigma^2 I\\big).$$
In training, example $i$'s mixture leaves out its own exemplar (*leave-one-out*), each step draws $M = N/2$ of the exemplars (*sub-sampling*), and only the union of each example's $k = 10$ nearest drawn exemplars, found in a cache of encodings, is encoded with gradients (supplement, Algorithm 1). Evaluation uses the exact mixture over all $N$."""),
code("""import org.vaepriors.LabPaths;
import org.vaepriors.data.*;
import org.vaepriors.exemplar.*;
import org.vaepriors.experiment.*;
import org.vaepriors.notebook.*;

var nb = Notebook.start("01-active-dimensions");
var budget = PriorComparison.budget(nb.profile());
System.out.println(budget.summary());"""),
md("""## The runs

Every (data set, architecture, prior, seed) is one run, cached under `results/` by a hash of its config; `02-kl-vs-reconstruction` asks for exactly the same configs and finds them there. Runs train side by side, one per core."""),
code("""var configs = PriorComparison.configs(nb.knobs(), Datasets.available(LabPaths.data()));
var done = nb.runAll(configs);
var runs = done.stream().map(ExperimentRunner.Run::result).toList();
nb.show(Tables.results(runs));"""),
md("""Samples from the one-layer VAEs (decoder means of $z \\sim p(z)$), one row per prior:"""),
code("""for (var r : done) {
    var c = r.result().config();
    if (c.architecture().kind() != org.vaepriors.model.ArchitectureSpec.Kind.VAE || c.seed() != 1) continue;
    nb.html("<b>" + c.dataset().id() + ", " + c.prior().label() + "</b>");
    nb.showImages(r.model().sample(16, new java.util.SplittableRandom(7)), 28, 28, 16, 16,
        "samples-" + c.dataset().id().name().toLowerCase() + "-" + PriorComparison.priorKey(c.prior()));
}"""),
md("""## Active units, ours beside the paper's

The paper's column is its own data set (which may differ from ours: MNIST-10k stands in for dynamic MNIST, Omniglot-small for Omniglot) after training to convergence, mean ± standard deviation over its runs."""),
code("""var cells = PriorComparison.cells(runs);
nb.show(PriorTables.activeUnits(cells));
nb.show(PriorTables.activeUnitBars(cells), "active-units");"""),
md("""## Where the units go

$\\operatorname{Var}(\\mu_u)$ for every latent dimension, sorted, on a log axis: an active unit sits above the dashed threshold, a collapsed one falls orders of magnitude below it. A caution when reading it: the threshold 0.01 is absolute, but only the Gaussian prior fixes the latent scale (to 1). The VampPrior's scale follows its pseudo-inputs' encodings and the exemplar prior's follows the exemplars' encodings and its learned $\\sigma^2$, so the same unit can sit higher on this axis under those priors without carrying more information."""),
code("""for (var kind : budget.architectures()) {
    var group = cells.stream().filter(c -> c.architecture() == kind && c.dataset() == cells.get(0).dataset()).toList();
    nb.show(PriorTables.unitVariances(group), "unit-variances-" + kind.name().toLowerCase().replace('_', '-'));
}"""),
md("""## What we reproduced

Each claim below is checked against this run's numbers."""),
code("""nb.html(PriorTables.findings(PriorComparison.activeUnitFindings(cells)));
var first = runs.get(0);
if (first.provenance().scaledDown())
    nb.html("<p>This is a scaled-down run (" + nb.knobs() + "): " + budget.summary() + ". The paper trains each model "
        + "until validation stops improving, up to 2,000 epochs. Units collapse late in training (with the authors' code all 40 "
        + "were still active after 10 epochs on Fashion-MNIST), so a short run can show fewer collapsed units than the "
        + "paper under every prior; the <code>paper</code> profile runs the full schedule.</p>");"""),
])
