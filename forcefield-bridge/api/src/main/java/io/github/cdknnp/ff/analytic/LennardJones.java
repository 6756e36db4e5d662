package io.github.cdknnp.ff.analytic;

import io.github.cdknnp.ff.AtomicSystem;
import io.github.cdknnp.ff.CalculationException;
import io.github.cdknnp.ff.ForceField;
import io.github.cdknnp.ff.NeighborList;
import io.github.cdknnp.ff.Potential;

/**
 * The Lennard-Jones pair potential E = Σ_{i<j} 4ε[(σ/r)¹² − (σ/r)⁶], truncated at a cutoff (default: none),
 * the same for every element. A test potential with published global minima (Cambridge Cluster Database:
 * LJ13 = −44.326801 ε in reduced units).
 */
public final class LennardJones implements ForceField {
    private final double epsilon;
    private final double sigma;
    private final double cutoff;

    /**
     * @param epsilonEv well depth in eV
     * @param sigmaAngstrom zero-crossing distance in Å
     * @param cutoffAngstrom pairs at or beyond this distance are ignored ({@code Double.POSITIVE_INFINITY}: all pairs)
     */
    public LennardJones(double epsilonEv, double sigmaAngstrom, double cutoffAngstrom) {
        this.epsilon = epsilonEv;
        this.sigma = sigmaAngstrom;
        this.cutoff = cutoffAngstrom;
    }

    /** Reduced units: ε = 1 eV, σ = 1 Å, no cutoff. */
    public static LennardJones reduced() {
        return new LennardJones(1, 1, Double.POSITIVE_INFINITY);
    }

    @Override
    public String description() {
        return String.format("Lennard-Jones (epsilon %.4g eV, sigma %.4g Å)", epsilon, sigma);
    }

    @Override
    public Potential bind(AtomicSystem system) {
        int n = system.size();
        return new Potential() {
            @Override
            public int atomCount() {
                return n;
            }

            @Override
            public double compute(double[] x, double[] f) {
                java.util.Arrays.fill(f, 0);
                double energy = 0;
                if (Double.isInfinite(cutoff)) {
                    for (int i = 0; i < n; i++) {
                        for (int j = i + 1; j < n; j++) {
                            energy += pair(x, f, i, j);
                        }
                    }
                } else {
                    NeighborList pairs = NeighborList.build(x, cutoff);
                    for (int k = 0; k < pairs.size(); k++) {
                        energy += pair(x, f, pairs.first(k), pairs.second(k));
                    }
                }
                if (!Double.isFinite(energy)) {
                    throw new CalculationException("Lennard-Jones energy is " + energy);
                }
                return energy;
            }
        };
    }

    private double pair(double[] x, double[] f, int i, int j) {
        double dx = x[3 * j] - x[3 * i];
        double dy = x[3 * j + 1] - x[3 * i + 1];
        double dz = x[3 * j + 2] - x[3 * i + 2];
        double r2 = dx * dx + dy * dy + dz * dz;
        double s6 = Math.pow(sigma * sigma / r2, 3);
        double s12 = s6 * s6;
        // dE/dr · (1/r) = −24ε(2 s12 − s6)/r²; force on j is −dE/dr · r̂
        double g = 24 * epsilon * (2 * s12 - s6) / r2;
        f[3 * j] += g * dx;
        f[3 * j + 1] += g * dy;
        f[3 * j + 2] += g * dz;
        f[3 * i] -= g * dx;
        f[3 * i + 1] -= g * dy;
        f[3 * i + 2] -= g * dz;
        return 4 * epsilon * (s12 - s6);
    }
}
