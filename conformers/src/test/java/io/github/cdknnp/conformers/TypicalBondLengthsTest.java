package io.github.cdknnp.conformers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;

/** The median bond lengths of a set of conformers flag a conformer with one bond moved by more than 0.1 Å. */
class TypicalBondLengthsTest {
    /** Hydrogen cyanide on the x axis: H–C 1.07 Å, C≡N 1.15 Å (a triple bond: far shorter than single-bond radii). */
    private static double[] hcn(double ch, double cn) {
        return new double[] {0, 0, 0, ch, 0, 0, ch + cn, 0, 0};
    }

    @Test
    void flagsOnlyBondsFarFromTheirMedian() throws Exception {
        IAtomContainer molecule = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles("[H]C#N");
        assertEquals(3, molecule.getAtomCount());
        // three conformers near the usual lengths and one in a hole (C–H squeezed to 0.92 Å): the median ignores it
        TypicalBondLengths typical = TypicalBondLengths.of(molecule,
                List.of(hcn(1.07, 1.15), hcn(1.08, 1.16), hcn(1.06, 1.15), hcn(0.92, 1.15)));
        assertFalse(typical.distorted(hcn(1.07, 1.15)));
        assertFalse(typical.distorted(hcn(1.12, 1.10)), "conformational wobble of a few hundredths is accepted");
        assertTrue(typical.distorted(hcn(0.92, 1.15)), "a squeezed C–H is flagged");
        assertTrue(typical.distorted(hcn(1.07, 1.29)), "a stretched C≡N is flagged");
        assertThrows(IllegalArgumentException.class, () -> TypicalBondLengths.of(molecule, List.of()));
    }
}
