package org.vaepriors.ncp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.vaepriors.data.synthetic.GaussianMixture2D;
import org.vaepriors.experiment.Knobs;
import org.vaepriors.experiment.Profile;
import org.vaepriors.experiment.RunConfig;
import org.vaepriors.experiment.Study;
import org.vaepriors.experiment.StudyResults;

/**
 * Notebook 05's study as a value: the NCP-VAE supplement's synthetic experiment (section J) with its budget.
 * The notebook's first cell shows it and a reader changes it with the withers
 * ({@code NcpStudy.of(profile).withClassifierSteps(20_000).withSeeds(3)}); runs, tables and findings follow.
 *
 * @param profile          the profile it was sized for
 * @param mixture          the 25-Gaussians (the paper states neither spacing nor width)
 * @param vae              the VAE (the paper: encoder and decoder 4 x 256, d = 20)
 * @param vaeSchedule      the VAE's training budget (not stated in the paper)
 * @param trainPoints      points drawn once from the mixture to train the VAE
 * @param ncp              the classifier (the paper: 4 x 256), its training budget, log Z's samples (the paper:
 *                         20,000), and sampling-importance-resampling's proposals per sample
 * @param testPoints       fresh points whose mean log-likelihood is reported (the paper: 50,000)
 * @param iwSamples        importance samples per test point
 * @param generated        points generated from each prior for the low-density share
 * @param lowDensitySigmas a generated point farther than this many standard deviations from every mode is in a
 *                         low-density region
 * @param checkFactor      the stability check of log Z uses this many times its samples
 * @param seeds            runs, seeds 1..seeds
 */
public record NcpStudy(Profile profile, GaussianMixture2D mixture, ContinuousVae.Spec vae,
                       ContinuousVaeTrainer.Schedule vaeSchedule, int trainPoints, NoiseContrastivePrior.Spec ncp, int testPoints,
                       int iwSamples, int generated, double lowDensitySigmas, int checkFactor, int seeds) implements Study {

    /** Validates the fields (the runs validate the rest). */
    public NcpStudy {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(mixture, "mixture");
        Objects.requireNonNull(vae, "vae");
        Objects.requireNonNull(vaeSchedule, "vaeSchedule");
        Objects.requireNonNull(ncp, "ncp");
        if (checkFactor < 2 || seeds < 1) {
            throw new IllegalArgumentException("need checkFactor >= 2 and seeds >= 1, got " + checkFactor + ", " + seeds);
        }
    }

    /**
     * @param profile the profile
     * @return its study
     */
    public static NcpStudy of(Profile profile) {
        NoiseContrastivePrior.Spec paper = NoiseContrastivePrior.Spec.paper();
        return new NcpStudy(profile, GaussianMixture2D.twentyFiveGaussians(), ContinuousVae.Spec.twentyFiveGaussians(),
                profile.pick(new ContinuousVaeTrainer.Schedule(150, 128, 1e-3, 50),
                        new ContinuousVaeTrainer.Schedule(12_000, 128, 1e-3, 3_000),
                        new ContinuousVaeTrainer.Schedule(100_000, 256, 1e-3, 10_000)),
                profile.pick(5_000, 50_000, 50_000),
                profile.pick(new NoiseContrastivePrior.Spec(paper.base(), 256, 4, 100, 128, 1e-3, 2_000, 20),
                        new NoiseContrastivePrior.Spec(paper.base(), 256, 4, 6_000, 256, 1e-3, 20_000, 100), paper),
                profile.pick(1_000, 50_000, 50_000), profile.pick(10, 50, 1_000), profile.pick(1_000, 5_000, 5_000), 3.0, 10, 1);
    }

    @Override
    public String notebook() {
        return "05-ncp-25-gaussians";
    }

    /** @param m the data's mixture @return this study on it */
    public NcpStudy withMixture(GaussianMixture2D m) {
        return new NcpStudy(profile, m, vae, vaeSchedule, trainPoints, ncp, testPoints, iwSamples, generated, lowDensitySigmas,
                checkFactor, seeds);
    }

    /** @param s the VAE's training budget @return this study with it */
    public NcpStudy withVaeSchedule(ContinuousVaeTrainer.Schedule s) {
        return new NcpStudy(profile, mixture, vae, s, trainPoints, ncp, testPoints, iwSamples, generated, lowDensitySigmas,
                checkFactor, seeds);
    }

    /** @param steps the VAE's training steps (its warm-up a quarter of them, at most its current one) @return this study with them */
    public NcpStudy withVaeSteps(int steps) {
        return withVaeSchedule(new ContinuousVaeTrainer.Schedule(steps, vaeSchedule.batchSize(), vaeSchedule.learningRate(),
                Math.min(vaeSchedule.warmupSteps(), steps / 4)));
    }

    /** @param n training points @return this study with them */
    public NcpStudy withTrainPoints(int n) {
        return new NcpStudy(profile, mixture, vae, vaeSchedule, n, ncp, testPoints, iwSamples, generated, lowDensitySigmas,
                checkFactor, seeds);
    }

    /** @param c the classifier and its budget @return this study with it */
    public NcpStudy withClassifier(NoiseContrastivePrior.Spec c) {
        return new NcpStudy(profile, mixture, vae, vaeSchedule, trainPoints, c, testPoints, iwSamples, generated, lowDensitySigmas,
                checkFactor, seeds);
    }

    /** @param steps the classifier's training steps @return this study with them */
    public NcpStudy withClassifierSteps(int steps) {
        return withClassifier(new NoiseContrastivePrior.Spec(ncp.base(), ncp.hidden(), ncp.layers(), steps, ncp.batchSize(),
                ncp.learningRate(), ncp.logZSamples(), ncp.proposalsPerSample()));
    }

    /** @param n samples of the Monte Carlo estimate of log Z (the paper: 20,000) @return this study with them */
    public NcpStudy withLogZSamples(int n) {
        return withClassifier(ncp.withLogZSamples(n));
    }

    /**
     * @param test      fresh points for the mean log-likelihood (the paper: 50,000)
     * @param samples   importance samples per point
     * @param generated points generated from each prior
     * @return this study with those sample sizes
     */
    public NcpStudy withSamples(int test, int samples, int generated) {
        return new NcpStudy(profile, mixture, vae, vaeSchedule, trainPoints, ncp, test, samples, generated, lowDensitySigmas,
                checkFactor, seeds);
    }

    /** @param factor the stability check's multiple of log Z's samples @return this study with it */
    public NcpStudy withCheckFactor(int factor) {
        return new NcpStudy(profile, mixture, vae, vaeSchedule, trainPoints, ncp, testPoints, iwSamples, generated, lowDensitySigmas,
                factor, seeds);
    }

    /** @param n runs (seeds 1..n) @return this study with them */
    public NcpStudy withSeeds(int n) {
        return new NcpStudy(profile, mixture, vae, vaeSchedule, trainPoints, ncp, testPoints, iwSamples, generated, lowDensitySigmas,
                checkFactor, n);
    }

    /** @param seed the seed, from 1 @return the VAE of stage 1 */
    public NcpVaeRun vaeRun(int seed) {
        return new NcpVaeRun(profile, mixture, vae, vaeSchedule, trainPoints, seed);
    }

    /** @param seed the seed, from 1 @return stage 2 and the evaluation */
    public NcpRun run(int seed) {
        return new NcpRun(vaeRun(seed), ncp, testPoints, iwSamples, generated, lowDensitySigmas);
    }

    /** @param seed the seed, from 1 @return the stability check of that run's log Z */
    public LogZCheckRun check(int seed) {
        return new LogZCheckRun(run(seed), checkFactor);
    }

    /** @return the NCP runs, seed by seed */
    public List<NcpRun> ncpRuns() {
        List<NcpRun> out = new ArrayList<>();
        for (int seed = 1; seed <= seeds; seed++) {
            out.add(run(seed));
        }
        return out;
    }

    /** @return the checks, seed by seed */
    public List<LogZCheckRun> checks() {
        List<LogZCheckRun> out = new ArrayList<>();
        for (int seed = 1; seed <= seeds; seed++) {
            out.add(check(seed));
        }
        return out;
    }

    @Override
    public List<RunConfig<?, ?>> runs() {
        List<RunConfig<?, ?>> out = new ArrayList<>(ncpRuns());
        out.addAll(checks());
        return List.copyOf(out);
    }

    @Override
    public String summary() {
        return String.format(Locale.ROOT, "%d Gaussians (std %.2f), %,d training points; VAE %d x %d, d = %d, %,d steps (batch %d, "
                        + "lr %.0e, warm-up %,d); classifier %d x %d, %,d steps (batch %d, lr %.0e); log Z from %,d samples "
                        + "(check: %dx); %,d test points with S = %d; %,d generated points; %d %s",
                mixture.components(), mixture.std(), trainPoints, vae.layers(), vae.hidden(), vae.latentDim(), vaeSchedule.steps(),
                vaeSchedule.batchSize(), vaeSchedule.learningRate(), vaeSchedule.warmupSteps(), ncp.layers(), ncp.hidden(), ncp.steps(),
                ncp.batchSize(), ncp.learningRate(), ncp.logZSamples(), checkFactor, testPoints, iwSamples, generated, seeds,
                seeds == 1 ? "seed" : "seeds");
    }

    /** The finished runs of a study, found by their configs (the environment's overrides applied). */
    public static final class Results extends StudyResults {
        /** @param knobs the overrides the runs were asked for with */
        public Results(Knobs knobs) {
            super(knobs);
        }

        /** @param cfg an NCP run @return its result */
        public NcpRun.Result ncp(NcpRun cfg) {
            return (NcpRun.Result) run(cfg).result();
        }

        /** @param cfg a check @return its result */
        public LogZCheckRun.Result check(LogZCheckRun cfg) {
            return (LogZCheckRun.Result) run(cfg).result();
        }

        /** @param cfg an NCP run @return its trained model */
        public NcpRun.Model model(NcpRun cfg) {
            return (NcpRun.Model) run(cfg).model();
        }
    }
}
