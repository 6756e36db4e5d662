package io.github.cdknnp.ff;

/** Checks every evaluation entry point applies to coordinates before computing anything. */
public final class Geometry {
    /** Atoms closer than this (Å) are treated as overlapping: no chemistry happens there. */
    public static final double MIN_DISTANCE = 0.5;

    private Geometry() {
    }

    /**
     * Throws when positions have the wrong length, are not finite, or two atoms overlap.
     *
     * @param positions flat coordinates in Å
     * @param atomCount expected number of atoms
     * @throws InvalidGeometryException naming the first offending atom(s), 1-based
     */
    public static void check(double[] positions, int atomCount) {
        if (positions.length != 3 * atomCount) {
            throw new IllegalArgumentException("expected " + 3 * atomCount + " coordinates for " + atomCount
                    + " atoms, got " + positions.length);
        }
        for (int k = 0; k < positions.length; k++) {
            if (!Double.isFinite(positions[k])) {
                throw new InvalidGeometryException("coordinate of atom " + (k / 3 + 1) + " is " + positions[k]);
            }
        }
        NeighborList close = NeighborList.build(positions, MIN_DISTANCE);
        if (close.size() > 0) {
            int i = close.first(0);
            int j = close.second(0);
            throw new InvalidGeometryException(String.format("atoms %d and %d overlap (%.3f Å apart, minimum %.1f Å)",
                    i + 1, j + 1, distance(positions, i, j), MIN_DISTANCE));
        }
    }

    /**
     * Moves apart atoms closer than {@link #MIN_DISTANCE} (placed on top of each other by a 3D builder or a
     * sampler): the later atom is pushed along the line between them (a fixed direction when they coincide)
     * to 1 Å, in up to ten passes.
     */
    public static void separateOverlaps(double[] x) {
        for (int pass = 0; pass < 10; pass++) {
            NeighborList close = NeighborList.build(x, MIN_DISTANCE);
            if (close.size() == 0) {
                return;
            }
            for (int p = 0; p < close.size(); p++) {
                int i = close.first(p);
                int j = close.second(p);
                double d = distance(x, i, j);
                double[] u = d > 1e-6 ? new double[] {x[3 * j] - x[3 * i], x[3 * j + 1] - x[3 * i + 1], x[3 * j + 2] - x[3 * i + 2]}
                        : new double[] {0.48, 0.6, 0.64};
                double norm = Math.sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
                for (int a = 0; a < 3; a++) {
                    x[3 * j + a] = x[3 * i + a] + u[a] / norm;
                }
            }
        }
    }

    /** Distance between atoms {@code i} and {@code j} in Å. */
    public static double distance(double[] positions, int i, int j) {
        double dx = positions[3 * j] - positions[3 * i];
        double dy = positions[3 * j + 1] - positions[3 * i + 1];
        double dz = positions[3 * j + 2] - positions[3 * i + 2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    /** Largest per-atom force norm in eV/Å: the optimizers' convergence measure. */
    public static double maxAtomForce(double[] forces) {
        double max = 0;
        for (int i = 0; i < forces.length; i += 3) {
            max = Math.max(max, forces[i] * forces[i] + forces[i + 1] * forces[i + 1] + forces[i + 2] * forces[i + 2]);
        }
        return Math.sqrt(max);
    }
}
