package io.github.cdknnp.opt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.NnpException;
import io.github.cdknnp.ff.analytic.LennardJones;
import io.github.cdknnp.ff.cdk.CdkStructure;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.io.MDLV2000Reader;
import org.openscience.cdk.io.SDFWriter;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;

/** The CDK one-liner: optimize a molecule in place and record the outcome as SD properties. */
class CdkMinimizeTest {
    /** Lennard-Jones with a cutoff standing in for a neural network potential. */
    private static final LennardJones FORCE_FIELD = new LennardJones(0.1, 1.0, 5.0);

    private static final String ETHANOL_SDF = """
            ethanol

            
              9  8  0  0  0  0  0  0  0  0999 V2000
                0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
                1.5200    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
                2.0000    1.3400    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0
               -0.3800   -1.0200    0.0000 H   0  0  0  0  0  0  0  0  0  0  0  0
               -0.3800    0.5100    0.8800 H   0  0  0  0  0  0  0  0  0  0  0  0
               -0.3800    0.5100   -0.8800 H   0  0  0  0  0  0  0  0  0  0  0  0
                1.9000   -0.5100    0.8800 H   0  0  0  0  0  0  0  0  0  0  0  0
                1.9000   -0.5100   -0.8800 H   0  0  0  0  0  0  0  0  0  0  0  0
                2.9600    1.3200    0.0000 H   0  0  0  0  0  0  0  0  0  0  0  0
              1  2  1  0  0  0  0
              2  3  1  0  0  0  0
              1  4  1  0  0  0  0
              1  5  1  0  0  0  0
              1  6  1  0  0  0  0
              2  7  1  0  0  0  0
              2  8  1  0  0  0  0
              3  9  1  0  0  0  0
            M  END
            > <ID>
            ethanol-1

            $$$$
            """;

    private static IAtomContainer ethanol() throws Exception {
        try (MDLV2000Reader reader = new MDLV2000Reader(new StringReader(ETHANOL_SDF))) {
            return reader.read(SilentChemObjectBuilder.getInstance().newAtomContainer());
        }
    }

    @Test
    void minimizeWritesCoordinatesAndPropertiesBack() throws Exception {
        IAtomContainer molecule = ethanol();
        double[] before = CdkStructure.of(molecule, CdkStructure.Options.STRICT).positions();

        OptimizationResult r = Lbfgs.on(FORCE_FIELD).minimize(molecule, 0.05);

        assertTrue(r.converged(), r::toString);
        double[] after = CdkStructure.of(molecule, CdkStructure.Options.STRICT).positions();
        assertArrayEquals(r.positions(), after, 0);
        assertFalse(java.util.Arrays.equals(before, after), "the coordinates should have moved");
        assertEquals("true", molecule.getProperty(Optimizer.CONVERGED_PROPERTY));
        assertEquals(Integer.toString(r.steps()), molecule.getProperty(Optimizer.STEPS_PROPERTY));
        assertEquals(r.fmaxEvPerA(), Double.parseDouble(molecule.getProperty(Optimizer.FMAX_PROPERTY)), 1e-6);
        assertEquals(r.energyEv(), Double.parseDouble(molecule.getProperty(CdkStructure.ENERGY_EV)), 1e-6);
        assertEquals("ethanol-1", molecule.getProperty("ID"));

        StringWriter sdf = new StringWriter();
        try (SDFWriter writer = new SDFWriter(sdf)) {
            writer.write(molecule);
        }
        assertTrue(sdf.toString().contains("> <NNP_OPT_CONVERGED>"), sdf::toString);
        assertTrue(sdf.toString().contains("ethanol-1"), sdf::toString);
    }

    @Test
    void anUnconvergedRunIsWrittenBackAsSuch() throws Exception {
        IAtomContainer molecule = ethanol();
        OptimizationResult r = Fire.on(FORCE_FIELD).maxSteps(2).minimize(molecule, 1e-6);
        assertFalse(r.converged());
        assertEquals("false", molecule.getProperty(Optimizer.CONVERGED_PROPERTY));
        assertEquals("2", molecule.getProperty(Optimizer.STEPS_PROPERTY));
    }

    @Test
    void completeOptionsAddHydrogensAndCoordinates() throws Exception {
        IAtomContainer molecule = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles("CCO");
        assertThrows(NnpException.class, () -> Lbfgs.on(FORCE_FIELD).minimize(molecule, 0.05));
        OptimizationResult r = Bfgs.on(FORCE_FIELD).minimize(molecule, 0.05, CdkStructure.Options.COMPLETE);
        assertEquals(9, molecule.getAtomCount());
        assertTrue(r.converged(), r::toString);
        assertEquals("true", molecule.getProperty(Optimizer.CONVERGED_PROPERTY));
    }

    @Test
    void manyMoleculesAreOptimizedTogether() throws Exception {
        List<IAtomContainer> molecules = List.of(ethanol(), ethanol());
        List<OptimizationResult> results = Lbfgs.on(FORCE_FIELD).minimizeAll(molecules, 0.05, CdkStructure.Options.STRICT);
        for (int k = 0; k < 2; k++) {
            assertTrue(results.get(k).converged());
            assertEquals(Integer.toString(results.get(k).steps()), molecules.get(k).getProperty(Optimizer.STEPS_PROPERTY));
        }
    }

    @Test
    void moleculesNeedAForceField() throws Exception {
        IAtomContainer molecule = ethanol();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Lbfgs().minimize(molecule));
        assertTrue(e.getMessage().contains("on(forceField)"));
    }
}
