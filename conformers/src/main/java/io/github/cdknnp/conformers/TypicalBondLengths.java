package io.github.cdknnp.conformers;

import io.github.cdknnp.ff.Geometry;
import java.util.Arrays;
import java.util.List;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;

/**
 * A molecule's bond lengths as its refined conformers have them (each bond's median over a set of conformers), and
 * the test for a conformer whose bonds have left them. Conformational change moves a bond length by a few
 * hundredths of an ångström; refinement that slid into a hole of the NNP (a hydrogen pulled off its carbon towards a
 * neighbour, a bond squeezed or stretched by 0.15–0.25 Å, tens of kcal/mol "below" the true minima; measured in
 * docs/conformers.md) moves one by more than {@value #TOLERANCE} Å.
 */
final class TypicalBondLengths {
    /** Largest accepted deviation of a bond from its typical length, Å. */
    static final double TOLERANCE = 0.1;

    private final int[] begin;
    private final int[] end;
    private final double[] median;

    private TypicalBondLengths(int[] begin, int[] end, double[] median) {
        this.begin = begin;
        this.end = end;
        this.median = median;
    }

    /** The median length of every bond of {@code molecule} over {@code conformers} (flat coordinates, Å; at least one). */
    static TypicalBondLengths of(IAtomContainer molecule, List<double[]> conformers) {
        if (conformers.isEmpty()) {
            throw new IllegalArgumentException("no conformers to take bond lengths from");
        }
        int bonds = molecule.getBondCount();
        int[] begin = new int[bonds];
        int[] end = new int[bonds];
        double[] median = new double[bonds];
        double[] lengths = new double[conformers.size()];
        int k = 0;
        for (IBond bond : molecule.bonds()) {
            begin[k] = molecule.indexOf(bond.getBegin());
            end[k] = molecule.indexOf(bond.getEnd());
            for (int c = 0; c < lengths.length; c++) {
                lengths[c] = Geometry.distance(conformers.get(c), begin[k], end[k]);
            }
            Arrays.sort(lengths);
            int n = lengths.length;
            median[k++] = n % 2 == 1 ? lengths[n / 2] : 0.5 * (lengths[n / 2 - 1] + lengths[n / 2]);
        }
        return new TypicalBondLengths(begin, end, median);
    }

    /** Whether some bond of {@code positions} is more than {@value #TOLERANCE} Å longer or shorter than typical. */
    boolean distorted(double[] positions) {
        for (int k = 0; k < median.length; k++) {
            if (Math.abs(Geometry.distance(positions, begin[k], end[k]) - median[k]) > TOLERANCE) {
                return true;
            }
        }
        return false;
    }
}
