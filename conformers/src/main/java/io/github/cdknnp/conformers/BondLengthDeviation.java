package io.github.cdknnp.conformers;

import io.github.cdknnp.ff.Geometry;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;

/**
 * How far the bond lengths of one conformation are from another's (e.g. an NNP-optimized geometry against
 * the GFN2-xTB- or DFT-optimized one), over every bond of the molecule's graph.
 *
 * @param bonds           number of bonds compared
 * @param meanAbsAngstrom mean |d − d_ref|, Å
 * @param maxAbsAngstrom  largest |d − d_ref|, Å
 * @param worstBond       the bond with the largest deviation, e.g. {@code C3-O4}
 */
public record BondLengthDeviation(int bonds, double meanAbsAngstrom, double maxAbsAngstrom, String worstBond) {
    /**
     * Compares two conformations of a molecule.
     *
     * @param molecule  the bond graph (atom order as in the coordinates)
     * @param positions flat coordinates, Å
     * @param reference flat reference coordinates, Å
     */
    public static BondLengthDeviation of(IAtomContainer molecule, double[] positions, double[] reference) {
        double sum = 0;
        double max = 0;
        String worst = "";
        for (IBond bond : molecule.bonds()) {
            int i = molecule.indexOf(bond.getBegin());
            int j = molecule.indexOf(bond.getEnd());
            double dev = Math.abs(Geometry.distance(positions, i, j) - Geometry.distance(reference, i, j));
            sum += dev;
            if (dev >= max) {
                max = dev;
                worst = bond.getBegin().getSymbol() + (i + 1) + "-" + bond.getEnd().getSymbol() + (j + 1);
            }
        }
        int n = molecule.getBondCount();
        return new BondLengthDeviation(n, n == 0 ? 0 : sum / n, max, worst);
    }
}
