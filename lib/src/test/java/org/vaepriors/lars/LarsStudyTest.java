package org.vaepriors.lars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vaepriors.data.DatasetId;
import org.vaepriors.eval.EvalResult;
import org.vaepriors.experiment.DatasetSpec;
import org.vaepriors.experiment.ExperimentRunner;
import org.vaepriors.experiment.Finding;
import org.vaepriors.experiment.Knobs;
import org.vaepriors.experiment.Profile;
import org.vaepriors.experiment.Provenance;
import org.vaepriors.experiment.RunConfig;
import org.vaepriors.experiment.RunResult;
import org.vaepriors.experiment.VaeResult;
import org.vaepriors.experiment.VaeRun;
import org.vaepriors.math.Estimate;
import org.vaepriors.train.Outcome;
import tech.tablesaw.api.Table;

/**
 * Notebook 04's tables from a study value (issue 14): rows are found by what they are, so a study whose T ladder
 * lacks T = 100 labels every row by its own config. The runs' results are made up here, each with an NLL that
 * names its config, so a mislabelled row shows as a wrong number.
 */
class LarsStudyTest {
    static final Knobs KNOBS = Knobs.of(Profile.SMOKE);

    /** A study without T = 100 in its ladder (the default LARS prior keeps T = 100). */
    static LarsStudy withoutT100() {
        return LarsStudy.of(Profile.SMOKE, List.of(DatasetId.values())).withTruncations(2, 5, ResampledPrior.UNTRUNCATED)
                .withNetworks(List.of(List.of(10, 10), List.of(100, 100)));
    }

    @Test
    void removingT100FromTheLadderLabelsEveryRowByItsOwnConfig() {
        LarsStudy s = withoutT100();
        Fake f = new Fake(s);

        Table d3 = LarsReport.truncations(s, f.results);
        assertEquals(List.of("standard, N(0, I)", "LARS, T = 2", "LARS, T = 5", "LARS, T = inf"), d3.stringColumn("model").asList());
        assertEquals(List.of("1", "2", "5", "inf"), d3.stringColumn("T").asList());
        assertEquals(f.nll(s.standard(s.ablation(), 1)), d3.doubleColumn("NLL").get(0), 0);
        assertEquals(f.nll(s.truncation(2, 1)), d3.doubleColumn("NLL").get(1), 0);
        assertEquals(f.nll(s.truncation(5, 1)), d3.doubleColumn("NLL").get(2), 0);
        assertEquals(f.nll(s.truncation(ResampledPrior.UNTRUNCATED, 1)), d3.doubleColumn("NLL").get(3), 0);
        assertEquals(84.60, d3.doubleColumn("paper NLL").get(1), 0, "the paper's T = 2 row beside ours");
        assertEquals(82.67, d3.doubleColumn("paper NLL").get(3), 0, "the paper's T = infinity row beside ours");

        Table d1 = LarsReport.postHoc(s, f.results);
        for (int i = 0; i < d1.rowCount(); i++) {
            String name = d1.stringColumn("data set").get(i);
            DatasetSpec d = s.postHocData().stream().filter(x -> x.id().name().equals(name)).findFirst().orElseThrow();
            String model = d1.stringColumn("model").get(i);
            VaeRun<?> expected = switch (model) {
                case "standard" -> s.standard(d, 1);
                case "post-hoc" -> s.postHoc(d, 1);
                case "joint" -> s.joint(d, 1);
                default -> throw new AssertionError(model);
            };
            assertEquals(f.nll(expected), d1.doubleColumn("NLL").get(i), 0, "Table D.1 row " + model + " on " + d.id());
        }
        assertEquals(100, ((ResampledPrior.Spec) s.joint(s.ablation(), 1).prior()).truncation(), "the joint row is the T = 100 run, not the ladder's last");
        assertEquals(6, d1.rowCount(), "MNIST-10k and Omniglot-small stand in for the paper's two rows");
        assertEquals(86.6, d1.where(d1.stringColumn("data set").isEqualTo("MNIST_10K").and(d1.stringColumn("model")
                .isEqualTo("joint"))).doubleColumn("paper -ELBO").get(0), 0);

        Table d2 = LarsReport.networks(s, f.results);
        assertEquals(List.of("standard", "[10-10]", "[100-100]"), d2.stringColumn("network").asList());
        assertEquals(f.nll(s.network(List.of(100, 100), 1)), d2.doubleColumn("NLL").get(2), 0);

        Table t1 = LarsReport.table1(s, f.results);
        for (int i = 0; i < t1.rowCount(); i++) {
            DatasetSpec d = s.table1Data().get(i);
            assertTrue(t1.stringColumn("data set").get(i).startsWith(d.id().name()));
            assertEquals(f.nll(s.standard(d, 1)), t1.doubleColumn("NLL standard").get(i), 0);
            assertEquals(f.nll(s.joint(d, 1)), t1.doubleColumn("NLL LARS").get(i), 0);
        }
    }

    @Test
    void theFindingsNameTheLaddersOwnSteps() {
        LarsStudy s = withoutT100();
        Fake f = new Fake(s);
        List<Finding> d3 = LarsReport.truncationFindings(s, f.results);
        assertTrue(d3.get(0).claim().contains("T = 2 below the standard prior"), d3.get(0).claim());
        assertTrue(d3.stream().anyMatch(x -> x.claim().contains("T = inf below T = 5")));
        assertFalse(d3.stream().anyMatch(x -> x.claim().contains("T = 100")), "no finding about a T the ladder does not hold");
        assertFalse(LarsReport.findings(s, f.results).isEmpty());
        Table protocol = LarsReport.protocol(s);
        assertEquals(PaperTables.rows("lars-protocol.csv"), protocol.rowCount(), "one row per line of the paper's protocol");
        assertTrue(protocol.stringColumn("same").asList().stream().allMatch(v -> v.equals("yes") || v.equals("no")
                || v.equals("not stated")));
    }

    @Test
    void thePaperProfileIsThePapersProtocolWhereTheDataAllow() {
        LarsStudy p = LarsStudy.of(Profile.PAPER, List.of(DatasetId.values()));
        Table protocol = LarsReport.protocol(p);
        Map<String, String> same = new HashMap<>();
        for (int i = 0; i < protocol.rowCount(); i++) {
            same.put(protocol.stringColumn("setting").get(i), protocol.stringColumn("same").get(i));
        }
        for (String key : List.of("architecture", "latent dimension", "initialisation", "optimiser", "learning rate", "batch",
                "training length", "warm-up", "acceptance network", "truncation", "training estimate of Z", "Z for evaluation",
                "test NLL", "seeds", "T ladder (Table D.3)", "networks (Table D.2)", "2-D latent (D.8)")) {
            assertEquals("yes", same.get(key), key);
        }
        assertEquals("no", same.get("evaluated model"), "ours keeps the best validation epoch: a named difference");
        assertEquals("no", same.get("data"), "no static MNIST");
        LarsStudy substitute = LarsStudy.of(Profile.PAPER, List.of(DatasetId.MNIST_10K, DatasetId.OMNIGLOT_SMALL,
                DatasetId.FASHION_MNIST));
        assertEquals(DatasetId.MNIST_10K, substitute.ablation().id());
        assertTrue(LarsReport.protocol(substitute).stringColumn("ours (paper)").get(0).contains("not the paper's setting"));
    }

    /** Made-up finished runs for every config of a study, each VAE's NLL naming its config. */
    static final class Fake {
        final LarsStudy.Results results = new LarsStudy.Results(KNOBS);
        private final Map<String, Double> nll = new HashMap<>();

        Fake(LarsStudy s) {
            List<ExperimentRunner.Run<?, ?>> runs = new ArrayList<>();
            int i = 0;
            for (RunConfig<?, ?> c : s.runs()) {
                i++;
                runs.add(new ExperimentRunner.Run<>(cast(c), result(c, 80 + i), Path.of("none")));
                nll.put(c.id(), 80.0 + i);
            }
            results.add(runs);
        }

        double nll(VaeRun<?> c) {
            return nll.get(c.id());
        }

        @SuppressWarnings("unchecked")
        private static RunConfig<RunResult, Object> cast(RunConfig<?, ?> c) {
            return (RunConfig<RunResult, Object>) c;
        }

        private static RunResult result(RunConfig<?, ?> c, double v) {
            Provenance p = new Provenance("test", "none", false, "none", null, "17", "test", c.sha256(), null, "smoke", true, "now", 0, 0);
            Outcome o = new Outcome.Completed(1, 1);
            Estimate z = new Estimate(0.02, 1e-4, 4096);
            if (c instanceof VaeRun<?> vr) {
                int n = 4;
                double[] ll = new double[n];
                double[] kl = new double[n];
                double[] re = new double[n];
                for (int k = 0; k < n; k++) {
                    ll[k] = -v - 0.1 * k;
                    kl[k] = 20 + v / 100 + 0.01 * k;
                    re[k] = v - 20 + 0.02 * k;
                }
                Map<String, Estimate> stats = vr.prior() instanceof ResampledPrior.Spec ? Map.of("Z", z) : Map.of();
                return new VaeResult(vr, new EvalResult(n, 60, 20, 80, v, 0.5, 5, 10, new double[]{1, 1}, ll, stats, kl, re),
                        List.of(), o, p);
            } else if (c instanceof NormaliserCheckRun nc) {
                return new NormaliserCheckRun.Result(nc, z, z, new Estimate(-1e-4, 1e-4, 10), 4, v, 0.01, -0.01, 0.001, 1e-4, o, p);
            } else if (c instanceof LatentPlaneRun lp) {
                Estimate e = new Estimate(0.3, 0.01, 100);
                return new LatentPlaneRun.Result(lp, 0.4, 0.2, e, e, e, 0.001, z, o, p);
            } else if (c instanceof DensityFitRun d) {
                return new DensityFitRun.Result(d, new Estimate(2, 0.01, 100), new Estimate(1, 0.01, 100), z, o, p);
            }
            throw new AssertionError("no fake result for " + c.getClass());
        }
    }

    /** Row counts of the paper tables, read the way the library reads them. */
    static final class PaperTables {
        static int rows(String resource) {
            return org.vaepriors.experiment.PaperNumbers.table(resource).rowCount();
        }
    }
}
