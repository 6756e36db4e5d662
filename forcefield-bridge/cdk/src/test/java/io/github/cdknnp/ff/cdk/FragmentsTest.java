package io.github.cdknnp.ff.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;

class FragmentsTest {
    private static IAtomContainer smiles(String s) throws Exception {
        return new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(s);
    }

    @Test
    void keepsTheLargestFragmentOfASaltWithItsProperties() throws Exception {
        IAtomContainer mol = smiles("[Na+].[O-]C(=O)c1ccccc1OC(C)=O.O");
        mol.setProperty("ID", "aspirin sodium hydrate");
        assertEquals("Na+ H2O", Fragments.keepLargest(mol));
        assertEquals(13, mol.getAtomCount(), "acetylsalicylate heavy atoms");
        assertEquals("aspirin sodium hydrate", mol.getProperty("ID"));
        assertEquals("Na+ H2O", mol.getProperty(Fragments.STRIPPED));
        assertEquals("C9H7O4-", Fragments.formula(mol));
    }

    @Test
    void leavesASingleFragmentAndUnbondedRecordsAlone() throws Exception {
        IAtomContainer mol = smiles("CCO");
        assertNull(Fragments.keepLargest(mol));
        assertNull(mol.getProperty(Fragments.STRIPPED));
        IAtomContainer xyzLike = smiles("[OH2].[H].[H]");
        xyzLike.removeAllBonds();
        assertNull(Fragments.keepLargest(xyzLike), "no bonds: connectivity unknown, nothing removed");
        assertEquals(3, xyzLike.getAtomCount());
    }
}
