package io.github.cdknnp.ff.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmiFlavor;
import org.openscience.cdk.smiles.SmilesGenerator;
import org.openscience.cdk.smiles.SmilesParser;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;

class NeutralizerTest {
    private static IAtomContainer smiles(String s) throws Exception {
        return new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(s);
    }

    private static String neutral(String s) throws Exception {
        IAtomContainer mol = smiles(s);
        Neutralizer.neutralize(mol);
        return new SmilesGenerator(SmiFlavor.Canonical).create(mol);
    }

    private static String canonical(String s) throws Exception {
        return new SmilesGenerator(SmiFlavor.Canonical).create(smiles(s));
    }

    @Test
    void movesProtonsOffCationsAndOntoAnions() throws Exception {
        assertEquals(canonical("CC(C)NCC(O)COc1cccc2ccccc12"), neutral("CC(C)[NH2+]CC(O)COc1cccc2ccccc12"));
        assertEquals(canonical("NCC(=O)O"), neutral("[NH3+]CC(=O)[O-]"));
        assertEquals(canonical("NC(=N)c1ccccc1"), neutral("NC(=[NH2+])c1ccccc1"));
        assertEquals(canonical("c1ccncc1"), neutral("c1cc[nH+]cc1"));
        assertEquals(canonical("Cc1nnn[nH]1"), neutral("Cc1nnn[n-]1"));
        IAtomContainer zwitterion = smiles("[NH3+]CC(=O)[O-]");
        assertEquals("N1 +1, O5 -1", Neutralizer.neutralize(zwitterion));
        assertEquals("N1 +1, O5 -1", zwitterion.getProperty(Neutralizer.NEUTRALIZED));
    }

    @Test
    void keepsBalancedChargesAndChargesWithoutAProtonToMove() throws Exception {
        IAtomContainer nitro = smiles("C[N+](=O)[O-]");
        assertNull(Neutralizer.neutralize(nitro));
        assertNull(nitro.getProperty(Neutralizer.NEUTRALIZED));
        assertEquals(canonical("C[N+](C)(C)C"), neutral("C[N+](C)(C)C"));
    }

    @Test
    void removesAnExplicitHydrogenAtom() throws Exception {
        IAtomContainer mol = smiles("[H][N+]([H])([H])C");
        AtomContainerManipulator.convertImplicitToExplicitHydrogens(mol);
        int atoms = mol.getAtomCount();
        Neutralizer.neutralize(mol);
        assertEquals(atoms - 1, mol.getAtomCount());
        assertEquals(0, AtomContainerManipulator.getTotalFormalCharge(mol));
    }
}
