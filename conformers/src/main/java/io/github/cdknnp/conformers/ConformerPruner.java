package io.github.cdknnp.conformers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Keeps the distinct low-energy conformers of one molecule, as GEOM and CREST build their ensembles: sorted by
 * energy, those within an energy window of the lowest, and of those only one per cluster of symmetry-aware
 * heavy-atom RMSD below a threshold (greedy, lowest energy first).
 *
 * <pre>{@code
 * List<Integer> kept = new ConformerPruner(6.0, 0.5).prune(rmsd, positions, energiesKcal);
 * List<Integer> spread = new ConformerPruner(6.0, 0.5).select(rmsd, positions, energiesKcal, 20, 1.0);
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
        return prune(checkedPairs(rmsd, positions, energies), energies);
    }

    private List<Integer> prune(PairRmsd rmsd, double[] energies) {
        List<Integer> order = IntStream.range(0, energies.length).boxed()
                .sorted(Comparator.comparingDouble(k -> energies[k])).toList();
        List<Integer> kept = new ArrayList<>();
        for (int k : order) {
            if (energies[k] - energies[order.get(0)] > windowKcal) {
                break;
            }
            boolean distinct = true;
            for (int m : kept) {
                if (rmsd.between(k, m) < rmsdThreshold) {
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

    /**
     * Indices of at most {@code n} kept conformers ({@link #prune}), spread out first: greedily, lowest energy first,
     * those at least {@code spread} Å heavy-atom RMSD from every one chosen, then the lowest of the rest until
     * {@code n}; returned lowest energy first. With a spread at or below the duplicate threshold this is the lowest
     * {@code n} of {@link #prune}.
     */
    public List<Integer> select(SymmetricRmsd rmsd, List<double[]> positions, double[] energies, int n, double spread) {
        // the spread pass asks for pairs of kept conformers, later one first: prune has computed each of them
        Map<Long, Double> known = new HashMap<>();
        PairRmsd pairs = checkedPairs(rmsd, positions, energies);
        PairRmsd remembered = (k, m) -> known.computeIfAbsent((long) k << 32 | m, key -> pairs.between(k, m));
        List<Integer> kept = prune(remembered, energies);
        if (kept.size() <= n || spread <= rmsdThreshold) {
            return kept.subList(0, Math.min(n, kept.size()));
        }
        List<Integer> chosen = new ArrayList<>();
        for (int k : kept) {
            if (chosen.size() < n && chosen.stream().allMatch(m -> remembered.between(k, m) >= spread)) {
                chosen.add(k);
            }
        }
        for (int k : kept) {
            if (chosen.size() < n && !chosen.contains(k)) {
                chosen.add(k);
            }
        }
        return chosen.stream().sorted(Comparator.comparingDouble(k -> energies[k])).toList();
    }

    private static PairRmsd checkedPairs(SymmetricRmsd rmsd, List<double[]> positions, double[] energies) {
        if (positions.size() != energies.length) {
            throw new IllegalArgumentException(positions.size() + " conformers but " + energies.length + " energies");
        }
        return (k, m) -> rmsd.between(positions.get(k), positions.get(m));
    }

    /** Heavy-atom RMSD between conformers k and m, Å. */
    private interface PairRmsd {
        double between(int k, int m);
    }
}
