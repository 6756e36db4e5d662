package io.github.cdknnp.conformers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Keeps the distinct low-energy conformers of one molecule, as GEOM and CREST build their ensembles: sorted by
 * energy, those within an energy window of the lowest, and of those only one per cluster of symmetry-aware
 * heavy-atom RMSD below a threshold (greedy, lowest energy first).
 *
 * <pre>{@code
 * List<Integer> kept = new ConformerPruner(6.0, 0.5).prune(rmsd, positions, energiesKcal);
 * }</pre>
 */
public final class ConformerPruner {
    private final double windowKcal;
    private final double rmsdThreshold;

    /**
     * @param windowKcal    energy window above the lowest conformer, kcal/mol ({@code Double.POSITIVE_INFINITY}: no window)
     * @param rmsdThreshold conformers closer than this heavy-atom RMSD (Å) to a kept one are dropped
     */
    public ConformerPruner(double windowKcal, double rmsdThreshold) {
        if (!(windowKcal >= 0) || !(rmsdThreshold >= 0)) {
            throw new IllegalArgumentException("window and RMSD threshold must be non-negative");
        }
        this.windowKcal = windowKcal;
        this.rmsdThreshold = rmsdThreshold;
    }

    /**
     * Indices of the conformers kept, lowest energy first.
     *
     * @param positions one {@code [x0, y0, z0, x1, ...]} array (Å) per conformer
     * @param energies  energy of each conformer, kcal/mol (any common zero)
     */
    public List<Integer> prune(SymmetricRmsd rmsd, List<double[]> positions, double[] energies) {
        if (positions.size() != energies.length) {
            throw new IllegalArgumentException(positions.size() + " conformers but " + energies.length + " energies");
        }
        List<Integer> order = IntStream.range(0, energies.length).boxed()
                .sorted(Comparator.comparingDouble(k -> energies[k])).toList();
        List<Integer> kept = new ArrayList<>();
        for (int k : order) {
            if (energies[k] - energies[order.get(0)] > windowKcal) {
                break;
            }
            boolean distinct = true;
            for (int m : kept) {
                if (rmsd.between(positions.get(k), positions.get(m)) < rmsdThreshold) {
                    distinct = false;
                    break;
                }
            }
            if (distinct) {
                kept.add(k);
            }
        }
        return kept;
    }
}
