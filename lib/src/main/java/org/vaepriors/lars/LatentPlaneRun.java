package org.vaepriors.lars;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaepriors.data.Datasets;
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
import org.vaepriors.train.Seeds;

/**
 * LARS section D.8 as a run: a VAE with a 2-D latent and a resampled prior (trained jointly or fitted post hoc),
 * its densities on a square grid, and the KL from the aggregate posterior q(z) = (1/N) sum_n q(z|x_n) to the
 * proposal and to the resampled prior (the paper: 0.4 for the proposal of a standard VAE, about 0.15 for a
 * jointly trained large a(z), 0.20 for a small one), by quadrature on the grid and by Monte Carlo over samples of
 * q(z) with their standard errors.
 *
 * @param model  the VAE run (latent dimension 2, a LARS prior; usually fitted post hoc)
 * @param lo     the grid's lower bound on both axes
 * @param hi     its upper bound
 * @param cells  cells per side
 * @param images training images whose posteriors form q(z)
 * @param seed   their binarisation
 */
public record LatentPlaneRun(VaeRun<ResampledPrior> model, double lo, double hi, int cells, int images, long seed)
        implements RunConfig<LatentPlaneRun.Result, VaeModel<ResampledPrior>> {

    /** Validates the fields. */
    public LatentPlaneRun {
        Objects.requireNonNull(model, "model");
        if (model.architecture().latentDim() != 2) {
            throw new IllegalArgumentException("the latent plane is drawn for a 2-D latent, this model has "
                    + model.architecture().latentDim());
        }
        if (!(hi > lo) || cells < 2 || images < 1) {
            throw new IllegalArgumentException("need lo < hi, cells >= 2, images >= 1; got " + lo + ", " + hi + ", " + cells
                    + ", " + images);
        }
    }

    /** Samples of q(z) for the Monte Carlo KLs. */
    static final int KL_SAMPLES = 20_000;

    /**
     * The KLs from the aggregate posterior to the proposal and to the resampled prior: by quadrature on the grid
     * (what the figures show), and by Monte Carlo over samples of q(z) with standard errors (what findings use).
     *
     * @param config       the config
     * @param klProposal   KL(q(z) || N(0, I)) on the grid, nats
     * @param klPrior      KL(q(z) || p_T(z)) on the grid, nats
     * @param klProposalMc KL(q(z) || N(0, I)) by Monte Carlo, nats
     * @param klPriorMc    KL(q(z) || p_T(z)) by Monte Carlo on the same samples, nats (Z's error not included)
     * @param gainMc       KL(q || N(0, I)) - KL(q || p_T) = E_q[log p_T - log pi], paired on the same samples
     * @param zError       the standard error KL(q || p_T) inherits from Z's Monte Carlo error (nats)
     * @param z            the prior's Z
     * @param outcome      the model's training outcome
     * @param provenance   where it came from
     */
    public record Result(LatentPlaneRun config, double klProposal, double klPrior, Estimate klProposalMc,
                         Estimate klPriorMc, Estimate gainMc, double zError, Estimate z, Outcome outcome,
                         Provenance provenance) implements RunResult {
        /** @return false for a result saved before the Monte Carlo KLs were recorded: evaluated again */
        @Override
        public boolean complete() {
            return klPriorMc != null && gainMc != null && z != null;
        }

        @Override
        public String summary() {
            return String.format(Locale.ROOT, "KL(aggregate posterior || N(0, I)) = %.3f nats, KL(aggregate posterior || "
                    + "LARS) = %.3f nats (grid); by Monte Carlo %s and %s", klProposal, klPrior, klProposalMc, klPriorMc);
        }
    }

    /**
     * The grid's densities, for figures: the aggregate posterior, the proposal, log a(z) and the prior.
     *
     * @param vae the trained model
     * @return log q(z), log N(z; 0, I), log a(z), log p_T(z) at the grid's cell centres
     */
    public List<double[]> maps(VaeModel<ResampledPrior> vae) {
        INDArray grid = LatentMaps.grid(lo, hi, cells);
        return List.of(LatentMaps.aggregatePosterior(vae, aggregateImages(), grid), LatentMaps.standardNormal(grid),
                LatentMaps.logAcceptance(grid, vae.prior()), vae.prior().logDensity(grid));
    }

    private ImageSet aggregateImages() {
        return model.trainingImages(Datasets.load(model.dataset().id())).limit(images).binarized(seed);
    }

    @Override
    public Profile profile() {
        return model.profile();
    }

    @Override
    public String label() {
        return model.label() + "-latent-plane";
    }

    @Override
    public Class<Result> resultType() {
        return Result.class;
    }

    @Override
    public LatentPlaneRun scaled(Knobs knobs) {
        return new LatentPlaneRun(model.scaled(knobs), lo, hi, cells, images, seed);
    }

    @Override
    public List<RunConfig<?, ?>> dependencies() {
        return List.of(model);
    }

    @Override
    public Result execute(RunContext ctx) {
        ExperimentRunner.Run<VaeResult, VaeModel<ResampledPrior>> run = ctx.dependency(model);
        long t0 = System.nanoTime();
        VaeModel<ResampledPrior> vae = run.model();
        List<double[]> m = maps(vae);
        double klProposal = LatentMaps.klOnGrid(m.get(0), m.get(1));
        double klPrior = LatentMaps.klOnGrid(m.get(0), m.get(3));
        LatentMaps.AggregateKl mc = LatentMaps.aggregateKl(vae, aggregateImages(), KL_SAMPLES,
                Seeds.stream(seed, "aggregate-kl", 0));
        return new Result(this, klProposal, klPrior, mc.toProposal(), mc.toPrior(), mc.gain(), mc.zError(),
                vae.prior().normalizer(), run.result().outcome(),
                ctx.provenance(this, run.result().provenance().data(), 0, (System.nanoTime() - t0) / 1e9));
    }

    @Override
    public VaeModel<ResampledPrior> load(Path dir, Result result) {
        return model.load(ExperimentRunner.runDir(model), null);
    }
}
