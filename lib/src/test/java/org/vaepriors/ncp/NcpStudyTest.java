package org.vaepriors.ncp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.vaepriors.data.synthetic.GaussianMixture2D;
import org.vaepriors.experiment.Profile;
import tech.tablesaw.api.Table;

/** Notebook 05's study value, its protocol table, and the arithmetic of the log Z check. */
class NcpStudyTest {
    /** The default study's run is the run notebook 05 made before studies existed: its cached results stand. */
    @Test
    void theDefaultStudysRunKeepsItsId() {
        assertEquals("9381ee8f0b0b597e", NcpStudy.of(Profile.SMOKE).run(1).id());
        assertEquals(NcpRun.of(Profile.QUICK), NcpStudy.of(Profile.QUICK).run(1));
        NcpStudy edited = NcpStudy.of(Profile.SMOKE).withClassifierSteps(300).withSeeds(2).withMixture(GaussianMixture2D.grid(5, 2, 0.1));
        assertEquals(4, edited.runs().size(), "an NCP run and a log Z check per seed");
        assertEquals(300, edited.run(2).ncp().steps());
        assertEquals(2, edited.run(2).seed());
        assertEquals(0.1, edited.run(1).vae().data().std(), 0);
    }

    @Test
    void thePaperProfileWritesWhatSectionJWrites() {
        Table t = NcpReport.protocol(NcpStudy.of(Profile.PAPER));
        Map<String, String> same = new HashMap<>();
        for (int i = 0; i < t.rowCount(); i++) {
            same.put(t.stringColumn("setting").get(i), t.stringColumn("same").get(i));
        }
        for (String key : new String[]{"VAE", "discriminator", "log-likelihood", "log partition function"}) {
            assertEquals("yes", same.get(key), key);
        }
        assertTrue(same.values().stream().allMatch(v -> v.equals("yes") || v.equals("not stated")), same.toString());
    }

    /** log r = z_1 under p = N(0, I): r = e^{z_1}, so Z = e^{1/2}; constant weights have the full effective sample size. */
    @Test
    void theCheckSumsWeightsStably() {
        double[] constant = new double[1000];
        java.util.Arrays.fill(constant, 700.0); // e^700 overflows nothing once max-shifted
        double[] w = LogZCheckRun.weights(constant);
        assertEquals(700 + Math.log(1000), w[0], 1e-9);
        assertEquals(1000, w[1], 1e-6);
        SplittableRandom rng = new SplittableRandom(1);
        int n = 400_000;
        double[] z1 = new double[n];
        for (int i = 0; i < n; i++) {
            z1[i] = rng.nextGaussian();
        }
        double[] x = LogZCheckRun.weights(z1);
        assertEquals(0.5, x[0] - Math.log(n), 0.01);
        // ESS / n = E[r]^2 / E[r^2] = e^1 / e^2
        assertEquals(Math.exp(-1), x[1] / n, 0.01);
    }
}
