package io.github.cdknnp.opt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.BondRestraint;
import io.github.cdknnp.ff.Geometry;
import io.github.cdknnp.ff.analytic.LennardJones;
import io.github.cdknnp.ff.cdk.CdkStructure;
import javax.vecmath.Point3d;
import org.junit.jupiter.api.Test;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;

class GeneratedStartTest {
    /** Methanol with its C-O bond stretched to 4 Å. */
    private static final double[] TORN = {0, 0, 0, -0.36, 1.03, 0, -0.36, -0.51, 0.89, -0.36, -0.51, -0.89, 4.0, 0, 0,
        4.9, 0.3, 0};

    @Test
    void aStretchedBondIsPulledBackAndTheStartIsLeftAsItWas() throws Exception {
        IAtomContainer mol = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles("C([H])([H])([H])O[H]");
        BondRestraint bonds = CdkStructure.bondRestraintOf(mol);
        assertTrue(bonds.stretched(TORN));
        double[] start = TORN.clone();
        double[] relaxed = GeneratedStart.relax(bonds, new LennardJones(0.005, 1.0, 8.0).bind(CdkStructure.systemOf(mol)),
                start);
        double co = Geometry.distance(relaxed, 0, 4);
        assertTrue(co <= BondRestraint.SLACK * (0.76 + 0.66) + 0.05, "C-O pulled back from 4 Å to " + co);
        assertFalse(bonds.stretched(relaxed) && co > BondRestraint.SLACK * (0.76 + 0.66) + 0.05);
        assertEquals(6 * 3, relaxed.length);
        assertArrayEquals(TORN, start, "the start is not modified");
    }

    @Test
    void generatedCoordinatesAreRepairedBeforeTheOptimizationAndInputCoordinatesAreNot() throws Exception {
        for (boolean generated : new boolean[] {false, true}) {
            IAtomContainer mol = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles("C([H])([H])([H])O[H]");
            for (int i = 0; i < mol.getAtomCount(); i++) {
                mol.getAtom(i).setPoint3d(new Point3d(TORN[3 * i], TORN[3 * i + 1], TORN[3 * i + 2]));
            }
            if (generated) {
                mol.setProperty(CdkStructure.GENERATED_COORDINATES, "test start");
            }
            Lbfgs.on(new LennardJones(0.005, 1.0, 8.0)).maxSteps(3).minimize(mol, 0.05);
            double co = mol.getAtom(0).getPoint3d().distance(mol.getAtom(4).getPoint3d());
            assertEquals(generated, co < 2.0, (generated ? "generated start repaired" : "input coordinates kept") + ": C-O " + co);
        }
    }
}
