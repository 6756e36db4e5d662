package io.github.cdknnp.ff.analytic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.AtomicSystem;
import io.github.cdknnp.ff.NnpForceField;
import io.github.cdknnp.ff.TestModels;
import io.github.cdknnp.ff.model.PainnParameters;
import org.junit.jupiter.api.Test;

class ChgDispersionTest {
    private static final int[] Z = {8, 1, 1, 6, 1, 1, 1, 1};
    private static final double[] X = {0, 0, 0.117, 0, 0.757, -0.469, 0, -0.757, -0.469, 3, 0, 0, 3.6, 0.9, 0,
        3.6, -0.9, 0, 2.4, 0, 0.9, 2.4, 0, -0.9};
    private static final double HARTREE_EV = 27.211386245988;
    private static final double BOHR_A = 0.529177210903;

    /** Psi4 1.3.2, EmpiricalDispersion(name_hint='wb97x-d'), the same water + methane (resources/training/test_dispersion.py). */
    @Test
    void matchesPsi4sOmegaB97XDDispersion() {
        double[] f = new double[X.length];
        double e = new ChgDispersion(Z).compute(X, f);
        assertEquals(-0.0017811819062793569 * HARTREE_EV, e, 1e-6);
        double[] psi4Gradient = {1.11559392e-04, 0.0, 2.02151327e-06, -2.61862278e-04, 1.74922818e-05, -3.90356201e-05};
        for (int k = 0; k < psi4Gradient.length; k++) {
            assertEquals(-psi4Gradient[k] * HARTREE_EV / BOHR_A, f[k], 1e-6, "force component " + k);
        }
    }

    @Test
    void forcesAreTheNegativeGradient() {
        assertTrue(TestModels.maxForceError(new ChgDispersion(Z), X, 1e-5) < 1e-8);
    }

    @Test
    void aModelWithTheTermAddsItToItsNetwork() {
        PainnParameters p = TestModels.randomPainn(8, 2, 6, 4.0, 3);
        PainnParameters withDispersion = new PainnParameters(p.name(), p.cutoff(), p.features(), p.rbfCount(), p.elements(),
                p.atomref(), p.embedding(), p.layers(), p.readout1(), p.readout2(), p.energyScale(), p.energyShift(),
                p.charge(), p.provenance(), p.metrics(), PainnParameters.CHG_DISPERSION);
        AtomicSystem s = AtomicSystem.neutral(Z);
        double plain = new NnpForceField(p, "reference").bind(s).energy(X);
        NnpForceField ff = new NnpForceField(withDispersion, "reference");
        assertEquals(plain + new ChgDispersion(Z).energy(X), ff.bind(s).energy(X), 1e-12);
        assertTrue(TestModels.maxForceError(ff.bind(s), X, 1e-5) < 1e-6);
        assertTrue(ff.description().contains("dispersion"));
        double[] energies = new double[2];
        ff.bindBatch(java.util.List.of(s, s)).compute(new double[][]{X, X}, new double[2][X.length], energies,
                new boolean[]{true, true});
        assertEquals(ff.bind(s).energy(X), energies[1], 1e-12, "the batch path adds the term too");
    }
}
