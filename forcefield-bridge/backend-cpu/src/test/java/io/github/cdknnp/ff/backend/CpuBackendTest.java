package io.github.cdknnp.ff.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.BatchPotential;
import io.github.cdknnp.ff.InvalidGeometryException;
import io.github.cdknnp.ff.Potential;
import io.github.cdknnp.ff.TestModels;
import io.github.cdknnp.ff.backend.cpu.CpuBackend;
import io.github.cdknnp.ff.model.PainnParameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The float32 ND4J backend against the double-precision reference (energies to 1e-5 relative, forces to
 * 1e-4 of the largest force: issue 3's floor) and against PyTorch's float64 test vectors.
 */
class CpuBackendTest extends BackendContractTest {
    static final double ENERGY_TOLERANCE = 1e-5;
    static final double FORCE_TOLERANCE = 1e-4;

    @Override
    Backend backend() {
        return new CpuBackend();
    }

    @Override
    double energyTolerance() {
        return ENERGY_TOLERANCE;
    }

    @Override
    double forceTolerance() {
        return FORCE_TOLERANCE;
    }

    @Test
    void registeredAndSelectableByName() {
        assertTrue(Backends.all().stream().anyMatch(b -> b instanceof CpuBackend), "listed in META-INF/services");
        Backend b = Backends.select("cpu");
        assertEquals("cpu", b.name());
        assertTrue(b.speed() > 1, "faster than the reference for auto selection");
        assertFalse(b.describe().isBlank());
    }

    /** The interaction energy (total minus the per-atom constants) is what float32 must get right: check it tightly. */
    @Test
    void largerModelAndMoleculeMatchReferenceIncludingInteractionEnergy() {
        PainnParameters model = TestModels.randomPainn(32, 3, 20, 5.0, 21);
        int[] elements = randomElements(70, 4);
        Potential reference = new ReferenceBackend().createPainn(model, "").bind(elements);
        Potential cpu = backend.createPainn(model, "").bind(elements);
        double[] x = TestModels.randomGeometry(elements.length, 0.9, 77);
        double[] fRef = new double[x.length];
        double[] f = new double[x.length];
        double eRef = reference.compute(x, fRef);
        double e = cpu.compute(x, f);
        double constant = 0;
        for (int el : elements) {
            constant += model.atomref()[el] + model.energyShift();
        }
        double interaction = eRef - constant;
        assertEquals(interaction, e - constant, 1e-5 * Math.max(1, Math.abs(interaction)), "interaction energy");
        assertClose(fRef, f);
        double worst = 0;
        for (int c = 0; c < f.length; c++) {
            worst = Math.max(worst, Math.abs(f[c] - fRef[c]));
        }
        System.out.printf("cpu vs reference (F=32, T=3, K=20, 70 atoms): energy %.2e relative (interaction part %.2e eV "
                + "of %.3f eV), forces %.2e of the largest force%n", Math.abs(e - eRef) / Math.abs(eRef),
                Math.abs(e - eRef), interaction, worst / maxAbs(fRef));
        // Same bound potential called again on a moved geometry: buffers are reused, results stay right.
        double[] y = x.clone();
        for (int k = 0; k < y.length; k++) {
            y[k] *= 0.97;
        }
        double eRef2 = reference.compute(y, fRef);
        assertEquals(eRef2, cpu.compute(y, f), Math.abs(eRef2) * ENERGY_TOLERANCE);
        assertClose(fRef, f);
    }

    /** More than one GEMM chunk of pairs (2,048) and of atoms, and a pair list that grows between calls. */
    @Test
    void largeBatchWithGrowingPairListMatchesReference() {
        PainnParameters model = TestModels.randomPainn(8, 2, 6, 5.0, 4);
        List<int[]> molecules = new ArrayList<>();
        for (int m = 0; m < 6; m++) {
            molecules.add(randomElements(60 + 70 * m, 10 + m));
        }
        BatchPotential batch = backend.createPainn(model, "").bindBatch(molecules);
        ModelKernel reference = new ReferenceBackend().createPainn(model, "");
        for (double squeeze : new double[]{1.6, 1.0}) {
            double[][] x = new double[molecules.size()][];
            double[][] forces = new double[molecules.size()][];
            for (int m = 0; m < x.length; m++) {
                x[m] = TestModels.randomGeometry(molecules.get(m).length, 0.9 * squeeze, 500 + m);
                for (int c = 0; c < x[m].length; c++) {
                    x[m][c] *= squeeze;
                }
                forces[m] = new double[x[m].length];
            }
            double[] energies = new double[x.length];
            batch.compute(x, forces, energies, null);
            for (int m = 0; m < x.length; m++) {
                double[] fRef = new double[x[m].length];
                double eRef = reference.bind(molecules.get(m)).compute(x[m], fRef);
                assertEquals(eRef, energies[m], Math.abs(eRef) * ENERGY_TOLERANCE, "energy of " + m);
                assertClose(fRef, forces[m]);
            }
        }
    }

    /** One bound potential per thread, sharing the kernel's weights: results identical to a lone thread's. */
    @Test
    void concurrentPotentialsOnSharedWeights() throws Exception {
        ModelKernel kernel = backend.createPainn(MODEL, "");
        double[] x = TestModels.randomGeometry(ELEMENTS.length, 0.9, 12);
        double[] expected = new double[x.length];
        double e = kernel.bind(ELEMENTS).compute(x, expected);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 3; task++) {
                results.add(pool.submit(() -> {
                    Potential p = kernel.bind(ELEMENTS);
                    double[] f = new double[x.length];
                    for (int rep = 0; rep < 30; rep++) {
                        if (p.compute(x, f) != e || !Arrays.equals(f, expected)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> r : results) {
                assertTrue(r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void isolatedAtomsAndInvalidGeometries() {
        Potential p = backend.createPainn(MODEL, "").bind(new int[]{1, 2});
        double[] far = {0, 0, 0, 20, 0, 0};
        double[] f = new double[6];
        double e = p.compute(far, f);
        double[] fRef = new double[6];
        double eRef = new ReferenceBackend().createPainn(MODEL, "").bind(new int[]{1, 2}).compute(far, fRef);
        assertEquals(eRef, e, Math.abs(eRef) * ENERGY_TOLERANCE);
        assertEquals(0.0, maxAbs(f), "no pairs, no forces");
        assertThrows(InvalidGeometryException.class, () -> p.compute(new double[]{0, 0, 0, 0.1, 0, 0}, new double[6]));
        assertThrows(InvalidGeometryException.class, () -> p.compute(new double[]{0, 0, 0, Double.NaN, 0, 0}, new double[6]));
        assertThrows(IllegalArgumentException.class, () -> p.compute(new double[3], new double[3]));
    }

    /**
     * PyTorch float64 test vectors for the tiny committed model: energies within 1e-5 relative (and 1e-4 eV
     * per atom on the interaction part), forces within 1e-4 of the largest force.
     */
    @Test
    void matchesPyTorchTestVectorsAtFloat32Tolerances() throws Exception {
        double[] worst = PyTorchParityTest.assertMatchesVectors("/io/github/cdknnp/models/painn-tiny-test-vectors.h5",
                "cpu", 1e-5, FORCE_TOLERANCE);
        System.out.printf("cpu vs PyTorch float64 (tiny model): max |dE|/atom %.2e eV, max |dF|/max|F| %.2e%n",
                worst[0], worst[1]);
    }

    @Test
    void aModelWithTheDispersionTermMatchesPyTorch() throws Exception {
        PyTorchParityTest.assertMatchesVectors("/io/github/cdknnp/models/painn-tiny-dispersion-vectors.h5", "cpu", 1e-5,
                FORCE_TOLERANCE);
    }

    @Test
    void aChargedModelMatchesPyTorchAtEveryCharge() throws Exception {
        PyTorchParityTest.assertMatchesVectors("/io/github/cdknnp/models/painn-tiny-charged-vectors.h5", "cpu", 1e-5,
                FORCE_TOLERANCE);
    }

    static int[] randomElements(int n, long seed) {
        Random r = new Random(seed);
        int[] e = new int[n];
        for (int i = 0; i < n; i++) {
            e[i] = r.nextInt(4);
        }
        return e;
    }
}
