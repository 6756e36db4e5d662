package io.github.cdknnp.conformers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.UnsupportedElementException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;

class DistanceGraphTest {
    static final int[] ELEMENTS = {1, 6, 7, 8, 9, 16, 17, 35};

    static IAtomContainer explicit(String smiles) throws Exception {
        IAtomContainer m = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(smiles);
        AtomContainerManipulator.convertImplicitToExplicitHydrogens(m);
        return m;
    }

    @Test
    void ethaneHasEveryPairWithinThreeBondsTypedByPathLength() throws Exception {
        DistanceGraph g = DistanceGraph.of(explicit("CC"), ELEMENTS);
        // 8 atoms, all 28 pairs are within 3 bonds: 7 bonds, 12 angles (H-C-C ×6, H-C-H ×6), 9 H...H torsions
        assertEquals(8, g.atoms());
        assertEquals(28, g.edges());
        int[] count = new int[DistanceGraph.EDGE_TYPES];
        for (int t : g.edgeTypes()) {
            count[t]++;
        }
        assertEquals(7, count[DistanceGraph.SINGLE]);
        assertEquals(12, count[DistanceGraph.ANGLE]);
        assertEquals(9, count[DistanceGraph.TORSION]);
        for (int e = 0; e < g.edges(); e++) {
            assertTrue(g.edgeI()[e] < g.edgeJ()[e]);
        }
    }

    @Test
    void kekuleAndAromaticInputsOfBenzeneGiveTheSameGraph() throws Exception {
        DistanceGraph kekule = DistanceGraph.of(explicit("C1=CC=CC=C1"), ELEMENTS);
        DistanceGraph aromatic = DistanceGraph.of(explicit("c1ccccc1"), ELEMENTS);
        assertTrue(Arrays.equals(kekule.edgeTypes(), aromatic.edgeTypes()));
        assertEquals(6, Arrays.stream(kekule.edgeTypes()).filter(t -> t == DistanceGraph.AROMATIC).count());
        assertEquals(0, Arrays.stream(kekule.edgeTypes()).filter(t -> t == DistanceGraph.DOUBLE).count());
    }

    @Test
    void pairsFourBondsApartAreNotEdgesAndTypesAreElementRows() throws Exception {
        DistanceGraph g = DistanceGraph.of(explicit("OCCCC#N"), ELEMENTS);
        // heavy atoms O0 C1 C2 C3 C4 N5: O0-C4 is 4 bonds apart, O0-N5 5
        for (int e = 0; e < g.edges(); e++) {
            int i = g.edgeI()[e];
            int j = g.edgeJ()[e];
            assertTrue(!(i == 0 && (j == 4 || j == 5)), "pair " + i + "-" + j + " is more than 3 bonds apart");
        }
        assertEquals(3, g.atomTypes()[0]);
        assertEquals(2, g.atomTypes()[5]);
        assertEquals(1, Arrays.stream(g.edgeTypes()).filter(t -> t == DistanceGraph.TRIPLE).count());
    }

    @Test
    void unsupportedElementIsNamed() throws Exception {
        UnsupportedElementException e = assertThrows(UnsupportedElementException.class,
                () -> DistanceGraph.of(explicit("C[Si](C)(C)C"), ELEMENTS));
        assertTrue(e.getMessage().contains("Si") && e.getMessage().contains("atom 2"), e.getMessage());
    }
}
