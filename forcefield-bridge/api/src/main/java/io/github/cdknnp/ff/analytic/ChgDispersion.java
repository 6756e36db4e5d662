package io.github.cdknnp.ff.analytic;

import io.github.cdknnp.ff.Potential;

/**
 * ωB97X-D's own dispersion correction (Chai and Head-Gordon, Phys. Chem. Chem. Phys. 10, 6615 (2008); Psi4's "-CHG"),
 * over every atom pair, without a cutoff: E = −Σ_{i<j} C6_ij r⁻⁶ / (1 + a (r/R_ij)⁻¹²), a = 6, C6_ij = √(C6_i C6_j)
 * and R_ij = R0_i + R0_j with Grimme's D2 values. A model trained on E − E_disp adds it back (resources/MODEL_FORMAT.md,
 * attribute {@code dispersion}); the network then need not learn what lies beyond its cutoff. Energies in eV, forces in
 * eV/Å, exact derivatives.
 */
public final class ChgDispersion implements Potential {
    private static final double DAMPING = 6.0;
    /** 1 J nm⁶ mol⁻¹ in eV Å⁶. */
    private static final double C6_UNIT = 1e6 / 96485.33212;

    private final double[] c6;
    private final double[] r0;

    /** The term for atoms of the given atomic numbers (H C N O F S Cl Br). */
    public ChgDispersion(int[] atomicNumbers) {
        c6 = new double[atomicNumbers.length];
        r0 = new double[atomicNumbers.length];
        for (int i = 0; i < atomicNumbers.length; i++) {
            double[] p = parameters(atomicNumbers[i]);
            c6[i] = p[0] * C6_UNIT;
            r0[i] = p[1];
        }
    }

    /** Grimme-D2 C6 (J nm⁶ mol⁻¹) and R0 (Å). */
    private static double[] parameters(int z) {
        return switch (z) {
            case 1 -> new double[]{0.14, 1.001};
            case 6 -> new double[]{1.75, 1.452};
            case 7 -> new double[]{1.23, 1.397};
            case 8 -> new double[]{0.70, 1.342};
            case 9 -> new double[]{0.75, 1.287};
            case 16 -> new double[]{5.57, 1.683};
            case 17 -> new double[]{5.07, 1.639};
            case 35 -> new double[]{12.47, 1.749};
            default -> throw new IllegalArgumentException("no D2 dispersion parameters for element " + z);
        };
    }

    @Override
    public int atomCount() {
        return c6.length;
    }

    @Override
    public double compute(double[] x, double[] forces) {
        if (x.length != 3 * c6.length || forces.length != x.length) {
            throw new IllegalArgumentException("expected " + 3 * c6.length + " coordinates");
        }
        java.util.Arrays.fill(forces, 0.0);
        double energy = 0;
        for (int i = 0; i < c6.length; i++) {
            for (int j = i + 1; j < c6.length; j++) {
                double dx = x[3 * j] - x[3 * i];
                double dy = x[3 * j + 1] - x[3 * i + 1];
                double dz = x[3 * j + 2] - x[3 * i + 2];
                double r2 = dx * dx + dy * dy + dz * dz;
                double r = Math.sqrt(r2);
                double c = Math.sqrt(c6[i] * c6[j]);
                double q = (r0[i] + r0[j]) / r;
                double q12 = Math.pow(q, 12);
                double f = 1.0 / (1.0 + DAMPING * q12);
                double r6 = r2 * r2 * r2;
                energy -= c * f / r6;
                // dE/dr = C6 f r⁻⁷ (6 − 12 a (R/r)¹² f); the force on i is dE/dr along (x_j − x_i)/r
                double dEdrOverR = c * f / (r6 * r2) * (6.0 - 12.0 * DAMPING * q12 * f);
                forces[3 * i] += dEdrOverR * dx;
                forces[3 * i + 1] += dEdrOverR * dy;
                forces[3 * i + 2] += dEdrOverR * dz;
                forces[3 * j] -= dEdrOverR * dx;
                forces[3 * j + 1] -= dEdrOverR * dy;
                forces[3 * j + 2] -= dEdrOverR * dz;
            }
        }
        return energy;
    }
}
