package io.github.cdknnp.ff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BondRestraintTest {
    /** C-O-H with the C-O bond stretched to 2.5 Å and the O-H bond at 0.97 Å. */
    private static final int[] ELEMENTS = {6, 8, 1};
    private static final int[][] BONDS = {{0, 1}, {1, 2}};
    private static final double[] X = {0, 0, 0, 2.5, 0.1, -0.2, 3.1, 0.85, 0.1};
    private static final Potential ZERO = new Potential() {
        @Override
        public int atomCount() {
            return 3;
        }

        @Override
        public double compute(double[] x, double[] f) {
            java.util.Arrays.fill(f, 0);
            return 0;
        }
    };

    @Test
    void onlyBondsBeyondTheSlackAreStretchedAndRestrained() {
        BondRestraint bonds = new BondRestraint(ELEMENTS, BONDS);
        assertTrue(bonds.stretched(X));
        double[] relaxed = X.clone();
        relaxed[3] = 1.4;
        relaxed[6] = 2.0;
        assertFalse(bonds.stretched(relaxed));
        assertEquals(0, bonds.on(ZERO).energy(relaxed), 0, "no restraint energy inside the flat bottom");
        double limit = BondRestraint.SLACK * (Elements.covalentRadius(6) + Elements.covalentRadius(8));
        double d = Geometry.distance(X, 0, 1);
        assertEquals(BondRestraint.FORCE_CONSTANT * (d - limit) * (d - limit), bonds.on(ZERO).energy(X), 1e-12);
    }

    @Test
    void forcesAreTheNegativeGradient() {
        Potential p = new BondRestraint(ELEMENTS, BONDS).on(ZERO);
        double[] f = new double[X.length];
        p.compute(X.clone(), f);
        double h = 1e-6;
        for (int k = 0; k < X.length; k++) {
            double[] plus = X.clone();
            double[] minus = X.clone();
            plus[k] += h;
            minus[k] -= h;
            double numeric = -(p.energy(plus) - p.energy(minus)) / (2 * h);
            assertEquals(numeric, f[k], 1e-6, "force component " + k);
        }
    }
}
