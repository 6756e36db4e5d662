package io.github.cdknnp.ff;

import java.util.List;

/**
 * Many structures evaluated in one call: conformers of one molecule or different molecules.
 * Fast backends override {@link ForceField#bindBatch(List)} to evaluate the whole batch in one launch.
 */
public interface BatchPotential {
    /** Number of structures in the batch. */
    int size();

    /** Atom count of structure {@code k}. */
    int atomCount(int k);

    /**
     * Evaluates every structure whose {@code active[k]} is true (all when {@code active} is null).
     *
     * @param positions flat coordinates in Å per structure
     * @param forces    output, flat forces in eV/Å per structure; overwritten for active structures
     * @param energies  output, energies in eV; overwritten for active structures
     * @param active    which structures to evaluate, or null for all
     */
    void compute(double[][] positions, double[][] forces, double[] energies, boolean[] active);

    /** A batch that evaluates its members one by one: the default for force fields with no batched kernel. */
    static BatchPotential sequential(List<Potential> members) {
        List<Potential> copy = List.copyOf(members);
        return new BatchPotential() {
            @Override
            public int size() {
                return copy.size();
            }

            @Override
            public int atomCount(int k) {
                return copy.get(k).atomCount();
            }

            @Override
            public void compute(double[][] positions, double[][] forces, double[] energies, boolean[] active) {
                for (int k = 0; k < copy.size(); k++) {
                    if (active == null || active[k]) {
                        energies[k] = copy.get(k).compute(positions[k], forces[k]);
                    }
                }
            }
        };
    }
}
