package org.vaepriors.exemplar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.vaepriors.experiment.Claim;
import org.vaepriors.experiment.Finding;
import org.vaepriors.experiment.VaeResult;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.vampprior.VampPrior;

/**
 * The claims of notebooks 01 and 02 on made-up per-image numbers whose differences are known: the signs, the
 * pairing and the margin of "comparable" are what is tested.
 */
class PriorClaimsTest {

    /** Seed s of the three priors: the Exemplar prior's KL 0.5 lower than the VampPrior's, its RE 0.5 worse. */
    private static List<VaeResult> runs(int seeds, int[] gaussian, int[] vamp, int[] exemplar) {
        List<VaeResult> out = new ArrayList<>();
        for (int s = 1; s <= seeds; s++) {
            out.add(Synthetic.result(new StandardGaussianPrior.Spec(), s, Synthetic.values(1, 20, 0.3, 0.1, 10 + s),
                    Synthetic.values(2, 90, 1.0, 0.1, 20 + s), Synthetic.values(3, -110, -1.0, 0.1, 30 + s), gaussian[s - 1]));
            out.add(Synthetic.result(VampPrior.Spec.of(50), s, Synthetic.values(1, 20, 0.5, 0.1, 40 + s),
                    Synthetic.values(2, 90, 0, 0.1, 50 + s), Synthetic.values(3, -110, -2.0, 0.1, 60 + s), vamp[s - 1]));
            out.add(Synthetic.result(ExemplarPrior.Spec.paper(), s, Synthetic.values(1, 20, 0, 0.1, 70 + s),
                    Synthetic.values(2, 90, 0.5, 0.1, 80 + s), Synthetic.values(3, -110, 0, 0.1, 90 + s), exemplar[s - 1]));
        }
        return out;
    }

    @Test
    void theSupplementCallsComparableWhatItsOwnTableShows() {
        assertEquals(0.93, PriorClaims.paperReconstructionGap(), 1e-9, "HVAE on Omniglot: 73.35 - 72.42");
    }

    @Test
    void klAndLikelihoodClaimsFollowThePairedDifferences() {
        var cells = PriorComparison.cells(runs(1, new int[]{30}, new int[]{35}, new int[]{38}));
        List<Claim> claims = PriorClaims.klAndReconstruction(cells);
        // KL: VampPrior - Exemplar = 0.5, paired over images (se about 0.14 / sqrt(400))
        assertEquals(Finding.Outcome.HELD, claims.get(0).outcome(), claims.get(0).findings().toString());
        // RE 0.5 worse than the VampPrior's: within the paper's 0.93, so comparable
        assertEquals(Finding.Outcome.HELD, claims.get(1).outcome(), claims.get(1).findings().toString());
        // log p(x): Exemplar above VampPrior (by 2) and above Gaussian (by 1)
        assertEquals(Finding.Outcome.HELD, claims.get(2).outcome(), claims.get(2).findings().toString());
        assertEquals(2, claims.get(2).findings().size());
        // VampPrior below the Gaussian prior by 1 nat: the VampPrior paper's claim is contradicted here
        assertEquals(Finding.Outcome.CONTRADICTED, claims.get(3).outcome(), claims.get(3).findings().toString());
        String evidence = claims.get(3).findings().get(0).evidence();
        assertEquals(-1.0, Double.parseDouble(evidence.substring(0, evidence.indexOf(' '))), 0.05, evidence);
    }

    @Test
    void aCountOfActiveUnitsNeedsSeedsToShowAnything() {
        var one = PriorClaims.activeUnits(PriorComparison.cells(runs(1, new int[]{20}, new int[]{25}, new int[]{30})));
        assertEquals(Finding.Outcome.NOT_SHOWN, one.get(0).outcome(), "one seed: no standard error for a count");
        var three = PriorClaims.activeUnits(PriorComparison.cells(runs(3, new int[]{20, 20, 20}, new int[]{25, 26, 24},
                new int[]{30, 31, 32})));
        // Exemplar minus the better other prior: 5, 5, 8 -> mean 6, se sd/sqrt(3) = 1
        Finding f = three.get(0).findings().get(0);
        assertEquals(Finding.Outcome.HELD, f.outcome(), f.evidence());
        assertTrue(f.evidence().startsWith("+6.00 ± 1.0 units"), f.evidence());
        assertEquals(Finding.Outcome.HELD, three.get(1).outcome(), "VampPrior 25 +- 0.6 over the Gaussian's 20");
        var fewer = PriorClaims.activeUnits(PriorComparison.cells(runs(3, new int[]{30, 31, 32}, new int[]{25, 26, 24},
                new int[]{20, 21, 20})));
        assertEquals(Finding.Outcome.CONTRADICTED, fewer.get(0).findings().get(0).outcome());
    }
}
