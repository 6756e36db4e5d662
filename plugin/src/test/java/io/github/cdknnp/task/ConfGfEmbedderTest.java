package io.github.cdknnp.task;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.NnpForceField;
import javax.vecmath.Point3d;
import org.junit.jupiter.api.Test;
import org.openscience.cdk.exception.InvalidSmilesException;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;

class ConfGfEmbedderTest {
    private static IAtomContainer smiles(String smiles) throws InvalidSmilesException {
        return new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(smiles);
    }

    @Test
    void samplesMoleculesWithoutCoordinatesOfMoreThanTwoAtoms() throws InvalidSmilesException {
        assertTrue(ConfGfEmbedder.samples(smiles("CO")));
        assertFalse(ConfGfEmbedder.samples(smiles("[H][H]")), "H2: one distance to set, nothing to sample");
        assertFalse(ConfGfEmbedder.samples(smiles("F")), "HF counts its implicit hydrogen: two atoms");
        IAtomContainer placed = smiles("CO");
        placed.getAtom(0).setPoint3d(new Point3d(0, 0, 0));
        assertFalse(ConfGfEmbedder.samples(placed), "a molecule with coordinates keeps them");
    }

    @Test
    void twoAtomsGetTheirCovalentDistanceWithoutSampling() throws InvalidSmilesException {
        IAtomContainer hf = smiles("F");
        new ConfGfEmbedder(NnpForceField.load("reference")).embed(hf);
        for (IAtom atom : hf.atoms()) {
            assertNotNull(atom.getPoint3d(), "every atom placed");
        }
        double d = hf.getAtom(0).getPoint3d().distance(hf.getAtom(1).getPoint3d());
        assertTrue(d > 0.8 && d < 1.1, "H-F at about its covalent distance, got " + d);
    }
}
