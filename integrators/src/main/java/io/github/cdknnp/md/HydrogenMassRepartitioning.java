package io.github.cdknnp.md;

import io.github.cdknnp.ff.AtomicSystem;
import io.github.cdknnp.ff.Elements;
import io.github.cdknnp.ff.Geometry;

/**
 * Hydrogen mass repartitioning (Feenstra, Hess &amp; Berendsen, J. Comput. Chem. 20, 786 (1999); Hopkins et al.,
 * J. Chem. Theory Comput. 11, 1864 (2015)): each hydrogen is made heavier (typically 3.024 amu, three times
 * its mass) and the added mass is taken from the heavy atom it is bonded to. The total mass, and hence
 * the centre-of-mass motion and the equilibrium distribution of configurations, are unchanged, while the
 * fastest X–H motions slow down, so a 2 fs step becomes usable without bond constraints. Dynamical
 * properties (diffusion, vibrational spectra) change; use it for sampling, not for kinetics.
 *
 * <pre>{@code
 * double[] masses = HydrogenMassRepartitioning.fromBonds(molecule, HydrogenMassRepartitioning.DEFAULT_HYDROGEN_MASS_AMU);
 * MdState state = new MdState(system, positions, new double[positions.length], masses);
 * }</pre>
 */
public final class HydrogenMassRepartitioning {
    /** The usual repartitioned hydrogen mass, amu (3 × 1.008). */
    public static final double DEFAULT_HYDROGEN_MASS_AMU = 3.024;
    /** A heavy atom may not be left lighter than this, amu. */
    public static final double MIN_HEAVY_MASS_AMU = 1.0;

    private HydrogenMassRepartitioning() {
    }

    /**
     * Masses (amu) with each hydrogen repartitioned with the heavy atom it is bonded to (its first heavy partner in
     * {@code bonds}, pairs of atom indices).
     */
    public static double[] fromBonds(AtomicSystem system, int[][] bonds, double hydrogenMassAmu) {
        int[] z = system.atomicNumbers();
        int[] partner = new int[z.length];
        java.util.Arrays.fill(partner, -1);
        for (int[] b : bonds) {
            for (int end = 0; end < 2; end++) {
                int h = b[end];
                int other = b[1 - end];
                if (z[h] == 1 && z[other] > 1 && partner[h] < 0) {
                    partner[h] = other;
                }
            }
        }
        return repartition(z, partner, hydrogenMassAmu);
    }

    /** Masses (amu) with each hydrogen repartitioned with its nearest heavy atom. */
    public static double[] fromDistances(AtomicSystem system, double[] positionsA, double hydrogenMassAmu) {
        int n = system.size();
        int[] z = system.atomicNumbers();
        int[] partner = new int[n];
        for (int i = 0; i < n; i++) {
            partner[i] = -1;
            if (z[i] != 1) {
                continue;
            }
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                double r = Geometry.distance(positionsA, i, j);
                if (z[j] > 1 && r < best) {
                    best = r;
                    partner[i] = j;
                }
            }
        }
        return repartition(z, partner, hydrogenMassAmu);
    }

    /**
     * Standard masses with hydrogen {@code i} set to {@code hydrogenMassAmu} and the difference taken from
     * {@code partner[i]}; hydrogens without a heavy partner ({@code -1}, e.g. in H₂) are left alone.
     */
    static double[] repartition(int[] atomicNumbers, int[] partner, double hydrogenMassAmu) {
        if (!(hydrogenMassAmu > 0)) {
            throw new IllegalArgumentException("hydrogen mass must be positive, got " + hydrogenMassAmu);
        }
        double[] m = new double[atomicNumbers.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = Elements.mass(atomicNumbers[i]);
        }
        for (int i = 0; i < m.length; i++) {
            if (atomicNumbers[i] == 1 && partner[i] >= 0) {
                m[partner[i]] -= hydrogenMassAmu - m[i];
                m[i] = hydrogenMassAmu;
            }
        }
        for (int i = 0; i < m.length; i++) {
            if (m[i] < MIN_HEAVY_MASS_AMU) {
                throw new IllegalArgumentException(String.format("atom %d (%s) would be left with %.3f amu; use a"
                        + " smaller hydrogen mass than %.3f amu", i + 1, Elements.symbol(atomicNumbers[i]), m[i],
                        hydrogenMassAmu));
            }
        }
        return m;
    }
}
