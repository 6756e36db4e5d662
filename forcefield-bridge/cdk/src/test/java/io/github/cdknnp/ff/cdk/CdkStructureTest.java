package io.github.cdknnp.ff.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.Geometry;
import io.github.cdknnp.ff.InvalidGeometryException;
import io.github.cdknnp.ff.NnpException;
import io.github.cdknnp.molecules.TestMolecules;
import javax.vecmath.Point3d;
import org.junit.jupiter.api.Test;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;

class CdkStructureTest {
    private static IAtomContainer smiles(String smi) throws Exception {
        return new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(smi);
    }

    @Test
    void strictModeNamesWhatIsMissing() throws Exception {
        NnpException e = assertThrows(NnpException.class, () -> CdkStructure.of(smiles("CCO"), CdkStructure.Options.STRICT));
        assertTrue(e.getMessage().contains("implicit hydrogens"), e.getMessage());
        IAtomContainer explicitH = smiles("[H]O[H]");
        InvalidGeometryException g = assertThrows(InvalidGeometryException.class,
                () -> CdkStructure.of(explicitH, CdkStructure.Options.STRICT));
        assertTrue(g.getMessage().contains("no 3D coordinates"), g.getMessage());
    }

    @Test
    void completesASmilesIntoAThreeDimensionalMoleculeKeepingProperties() throws Exception {
        IAtomContainer mol = smiles(TestMolecules.drug("aspirin").smiles());
        mol.setProperty("ID", "aspirin-1");
        CdkStructure s = CdkStructure.of(mol, CdkStructure.Options.COMPLETE);
        assertEquals(21, s.system().size(), "C9H8O4 with explicit hydrogens");
        assertEquals(0, s.system().totalCharge());
        s.writeEnergy(-1.0);
        assertEquals("aspirin-1", mol.getProperty("ID"));
        assertEquals("-23.0605", mol.getProperty(CdkStructure.ENERGY_KCAL));
    }

    @Test
    void addsHydrogensToAThreeDimensionalHeavyAtomSkeleton() throws Exception {
        IAtomContainer mol = smiles("CO");
        mol.getAtom(0).setPoint3d(new Point3d(0, 0, 0));
        mol.getAtom(1).setPoint3d(new Point3d(1.43, 0, 0));
        CdkStructure s = CdkStructure.of(mol, CdkStructure.Options.COMPLETE);
        assertEquals(6, s.system().size());
        double[] x = s.positions();
        assertEquals(0, x[0], 1e-12, "heavy atoms keep their coordinates");
        for (int h = 2; h < 6; h++) {
            double d = Math.min(Geometry.distance(x, 0, h), Geometry.distance(x, 1, h));
            assertTrue(d > 0.9 && d < 1.15, "hydrogen " + h + " bonded at " + d);
        }
    }

    @Test
    void chargeIsTheSumOfFormalCharges() throws Exception {
        IAtomContainer mol = smiles("C[NH3+]");
        assertEquals(1, CdkStructure.of(mol, CdkStructure.Options.COMPLETE).system().totalCharge());
    }

    @Test
    void rejectsOverlappingAtomsAndNaN() throws Exception {
        IAtomContainer mol = smiles("[H][H]");
        mol.getAtom(0).setPoint3d(new Point3d(0, 0, 0));
        mol.getAtom(1).setPoint3d(new Point3d(0.2, 0, 0));
        assertThrows(InvalidGeometryException.class, () -> CdkStructure.of(mol, CdkStructure.Options.STRICT));
        mol.getAtom(1).setPoint3d(new Point3d(Double.NaN, 0, 0));
        assertThrows(InvalidGeometryException.class, () -> CdkStructure.of(mol, CdkStructure.Options.STRICT));
    }
}
