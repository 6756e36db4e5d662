package io.github.cdknnp.opt;

/**
 * What an {@link OptimizationObserver} sees after a step: the step number, energy, forces and positions of
 * one structure.
 */
public final class OptimizationProgress {
    private final int structure;
    private final int step;
    private final double energyEv;
    private final double fmaxEvPerA;
    private final double[] positions;
    private final double[] forces;

    OptimizationProgress(int structure, int step, double energyEv, double fmaxEvPerA, double[] positions,
            double[] forces) {
        this.structure = structure;
        this.step = step;
        this.energyEv = energyEv;
        this.fmaxEvPerA = fmaxEvPerA;
        this.positions = positions;
        this.forces = forces;
    }

    /** Index of the structure in a batch run; 0 for a single run. */
    public int structure() {
        return structure;
    }

    /** Steps taken so far; 0 for the starting structure. */
    public int step() {
        return step;
    }

    /** Current energy in eV. */
    public double energyEv() {
        return energyEv;
    }

    /** Current largest per-atom force norm in eV/Å (frozen atoms excluded). */
    public double fmaxEvPerA() {
        return fmaxEvPerA;
    }

    /** A copy of the current flat positions, Å. */
    public double[] positions() {
        return positions.clone();
    }

    /** A copy of the current flat forces, eV/Å, zero on frozen atoms. */
    public double[] forces() {
        return forces.clone();
    }
}
