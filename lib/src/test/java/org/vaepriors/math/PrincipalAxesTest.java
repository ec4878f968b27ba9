package org.vaepriors.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Principal axes of a Gaussian cloud with known covariance: a rotated diagonal one in 3-D. */
class PrincipalAxesTest {
    @Test
    void findsTheDirectionsOfLargestVariance() {
        double c = Math.cos(0.6);
        double s = Math.sin(0.6);
        double[][] rot = {{c, -s, 0}, {s, c, 0}, {0, 0, 1}};
        double[] sd = {3, 0.5, 1.5}; // variances 9, 0.25, 2.25: axis 1 is rot's first column, axis 2 its third
        SplittableRandom rng = new SplittableRandom(1);
        double[][] pts = new double[20_000][3];
        for (double[] p : pts) {
            double[] e = {sd[0] * rng.nextGaussian(), sd[1] * rng.nextGaussian(), sd[2] * rng.nextGaussian()};
            for (int i = 0; i < 3; i++) {
                p[i] = 5 + rot[i][0] * e[0] + rot[i][1] * e[1] + rot[i][2] * e[2];
            }
        }
        PrincipalAxes a = PrincipalAxes.of(pts, 2);
        assertEquals(5, a.center()[0], 0.1);
        assertEquals(1, Math.abs(a.axes()[0][0] * c + a.axes()[0][1] * s), 1e-3);
        assertEquals(1, Math.abs(a.axes()[1][2]), 1e-3);
        double[] back = a.project(a.point(1.5, -2.0));
        assertEquals(1.5, back[0], 1e-9);
        assertEquals(-2.0, back[1], 1e-9);
        assertThrows(IllegalArgumentException.class, () -> PrincipalAxes.of(pts, 4));
    }
}
