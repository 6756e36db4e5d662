package io.github.cdknnp.ff.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.Potential;
import io.github.cdknnp.ff.TestModels;
import io.github.cdknnp.ff.model.PainnParameters;
import org.junit.jupiter.api.Test;

class ReferenceBackendTest extends BackendContractTest {
    @Override
    Backend backend() {
        return new ReferenceBackend();
    }

    @Override
    double energyTolerance() {
        return 1e-13;
    }

    @Override
    double forceTolerance() {
        return 1e-12;
    }

    @Test
    void forcesAreNegativeGradientByCentralDifferences() {
        PainnParameters model = TestModels.randomPainn(8, 3, 10, 4.0, 5);
        Potential p = backend.createPainn(model, "").bind(ELEMENTS);
        for (long seed = 0; seed < 2; seed++) {
            double[] x = TestModels.randomGeometry(ELEMENTS.length, 0.8, 100 + seed);
            placeNearCutoff(x, model.cutoff());
            double error = TestModels.maxForceError(p, x, 1e-4);
            double[] f = new double[x.length];
            p.compute(x, f);
            assertTrue(error < 1e-6 * Math.max(1, maxAbs(f)), "max |F + dE/dx| = " + error + ", max |F| = " + maxAbs(f));
        }
    }

    @Test
    void fragmentsBeyondTheCutoffAreAdditive() {
        PainnParameters model = TestModels.randomPainn(8, 2, 6, 4.0, 8);
        int[] a = {1, 0, 0};
        int[] b = {2, 3};
        double[] xa = {0, 0, 0, 1.1, 0, 0, 0, 1.0, 0};
        double[] xb = {0, 0, 0, 1.2, 0.3, 0};
        double ea = backend.createPainn(model, "").bind(a).energy(xa);
        double eb = backend.createPainn(model, "").bind(b).energy(xb);
        double[] xab = new double[15];
        System.arraycopy(xa, 0, xab, 0, 9);
        for (int k = 0; k < 6; k++) {
            xab[9 + k] = xb[k] + (k % 3 == 0 ? 10 : 0);
        }
        double eab = backend.createPainn(model, "").bind(new int[]{1, 0, 0, 2, 3}).energy(xab);
        assertEquals(ea + eb, eab, 1e-10);
    }
}
