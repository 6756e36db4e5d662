package org.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.openscience.cdk.interfaces.IAtomContainer;

class OptimizeSmilesTest {
    @Test
    void caffeineIsOptimizedWithItsEnergyOnTheMolecule() throws Exception {
        IAtomContainer caffeine = OptimizeSmiles.optimize("CN1C=NC2=C1C(=O)N(C)C(=O)N2C");
        assertEquals(24, caffeine.getAtomCount());
        assertTrue((Double) caffeine.getProperty("EXAMPLE_FMAX_EV_PER_A") <= 0.01);
        double kcal = Double.parseDouble(caffeine.getProperty("NNP_ENERGY_KCAL_PER_MOL").toString());
        assertTrue(Double.isFinite(kcal) && kcal < -1e5, "energy " + kcal);
    }

    @Test
    void theCommandLineJarsSlf4jBindingDoesNotReachThisProject() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.slf4j.nop.NOPServiceProvider"));
    }
}
