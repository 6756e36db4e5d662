package io.github.cdknnp.ff;

/**
 * Flat-bottom restraints on the bonds of a molecular graph: {@code k (d − s (r_i + r_j))²} on every bond longer than
 * {@value #SLACK} times its covalent-radius sum (radii r, {@code k} = {@value #FORCE_CONSTANT} eV/Å²), zero below.
 * Decorates a {@link Potential} (see {@link #on}) so that a generated start can be pulled back to its graph before
 * the real optimization, and tells whether a geometry has a stretched bond at all. Immutable; numbers only.
 */
public final class BondRestraint {
    /** Restraint force constant, eV/Å². */
    public static final double FORCE_CONSTANT = 20;
    /** Bonds longer than this multiple of the covalent-radius sum are restrained (and count as stretched). */
    public static final double SLACK = 1.15;

    private final int[] first;
    private final int[] second;
    private final double[] limit;

    /**
     * @param atomicNumbers the molecule's elements
     * @param bonds         the bonds of its graph, as pairs of atom indices
     */
    public BondRestraint(int[] atomicNumbers, int[][] bonds) {
        first = new int[bonds.length];
        second = new int[bonds.length];
        limit = new double[bonds.length];
        for (int b = 0; b < bonds.length; b++) {
            first[b] = bonds[b][0];
            second[b] = bonds[b][1];
            limit[b] = SLACK * (Elements.covalentRadius(atomicNumbers[first[b]])
                    + Elements.covalentRadius(atomicNumbers[second[b]]));
        }
    }

    /** Whether any bond is longer than {@link #SLACK} times its covalent-radius sum at {@code x}. */
    public boolean stretched(double[] x) {
        for (int b = 0; b < limit.length; b++) {
            if (Geometry.distance(x, first[b], second[b]) > limit[b]) {
                return true;
            }
        }
        return false;
    }

    /** {@code potential} plus these restraints. */
    public Potential on(Potential potential) {
        return new Potential() {
            @Override
            public int atomCount() {
                return potential.atomCount();
            }

            @Override
            public double compute(double[] x, double[] f) {
                return potential.compute(x, f) + addRestraints(x, f);
            }
        };
    }

    /** Adds the restraint forces to {@code f}; returns the restraint energy, eV. */
    private double addRestraints(double[] x, double[] f) {
        double e = 0;
        for (int b = 0; b < limit.length; b++) {
            int i = first[b];
            int j = second[b];
            double[] r = {x[3 * j] - x[3 * i], x[3 * j + 1] - x[3 * i + 1], x[3 * j + 2] - x[3 * i + 2]};
            double d = Math.sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]);
            if (d > limit[b]) {
                e += FORCE_CONSTANT * (d - limit[b]) * (d - limit[b]);
                double g = 2 * FORCE_CONSTANT * (d - limit[b]) / d;
                for (int a = 0; a < 3; a++) {
                    f[3 * j + a] -= g * r[a];
                    f[3 * i + a] += g * r[a];
                }
            }
        }
        return e;
    }
}
