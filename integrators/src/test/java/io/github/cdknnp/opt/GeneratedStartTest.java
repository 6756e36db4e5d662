package io.github.cdknnp.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.Geometry;
import io.github.cdknnp.ff.analytic.LennardJones;
import io.github.cdknnp.ff.cdk.CdkStructure;
import javax.vecmath.Point3d;
import org.junit.jupiter.api.Test;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;

class GeneratedStartTest {
    @Test
    void aStretchedBondOfAGeneratedStartIsPulledBackAndInputCoordinatesAreLeftAlone() throws Exception {
        IAtomContainer mol = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles("C([H])([H])([H])O[H]");
        double[][] xyz = {{0, 0, 0}, {-0.36, 1.03, 0}, {-0.36, -0.51, 0.89}, {-0.36, -0.51, -0.89}, {4.0, 0, 0}, {4.9, 0.3, 0}};
        for (int i = 0; i < xyz.length; i++) {
            mol.getAtom(i).setPoint3d(new Point3d(xyz[i]));
        }
        LennardJones lj = new LennardJones(0.005, 1.0, 8.0);
        CdkStructure inputStructure = CdkStructure.of(mol, CdkStructure.Options.STRICT);
        assertTrue(!GeneratedStart.applies(inputStructure), "input coordinates are the user's: no repair");
        mol.setProperty(CdkStructure.GENERATED_COORDINATES, "test start");
        CdkStructure structure = CdkStructure.of(mol, CdkStructure.Options.STRICT);
        assertTrue(GeneratedStart.applies(structure));
        double[] relaxed = GeneratedStart.relax(structure, lj.bind(structure.system()));
        double co = Geometry.distance(relaxed, 0, 4);
        assertTrue(co <= GeneratedStart.SLACK * (0.76 + 0.66) + 0.05, "C-O pulled back from 4 Å to " + co);
        assertEquals(6 * 3, relaxed.length);
    }
}
