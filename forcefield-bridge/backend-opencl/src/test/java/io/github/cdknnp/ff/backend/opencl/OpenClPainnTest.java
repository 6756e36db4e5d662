package io.github.cdknnp.ff.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cdknnp.ff.BatchPotential;
import io.github.cdknnp.ff.CalculationException;
import io.github.cdknnp.ff.Potential;
import io.github.cdknnp.ff.TestModels;
import io.github.cdknnp.ff.backend.ModelKernel;
import io.github.cdknnp.ff.backend.ReferenceBackend;
import io.github.cdknnp.ff.model.PainnParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** OpenCL-specific behaviour: float64 kernels, a wider model, ragged batches, memory splitting, workspace reuse. */
class OpenClPainnTest {
    static final PainnParameters WIDE = TestModels.randomPainn(32, 3, 16, 5.0, 21);
    static OpenClBackend backend;

    @BeforeAll
    static void requireDevice() {
        backend = new OpenClBackend();
        assumeTrue(backend.isAvailable(), () -> "opencl unavailable: " + backend.describe());
    }

    @Test
    void doublePrecisionForcesAreNegativeGradientByCentralDifferences() {
        assumeTrue(backend.describe().contains("fp64)"), "device without fp64");
        PainnParameters model = TestModels.randomPainn(8, 3, 10, 4.0, 5);
        int[] elements = randomElements(20, 1);
        Potential p = backend.createPainn(model, "0:0:double").bind(elements);
        double[] x = TestModels.randomGeometry(elements.length, 0.8, 100);
        double error = TestModels.maxForceError(p, x, 1e-4);
        double[] f = new double[x.length];
        p.compute(x, f);
        assertTrue(error < 1e-6 * Math.max(1, max(f)), "max |F + dE/dx| = " + error + ", max |F| = " + max(f));
    }

    @Test
    void widerModelOnLargerMoleculesMatchesReference() {
        ModelKernel ocl = backend.createPainn(WIDE, "");
        ModelKernel ref = new ReferenceBackend().createPainn(WIDE, "");
        double worstE = 0;
        double worstF = 0;
        for (int seed = 0; seed < 2; seed++) {
            int[] elements = randomElements(60, seed);
            double[] x = TestModels.randomGeometry(elements.length, 0.9, 300 + seed);
            for (int k = 0; k < x.length; k++) {
                x[k] += 1000;
            }
            double[] fRef = new double[x.length];
            double[] f = new double[x.length];
            double eRef = ref.bind(elements).compute(x, fRef);
            double e = ocl.bind(elements).compute(x, f);
            worstE = Math.max(worstE, Math.abs(e - eRef) / Math.abs(eRef));
            worstF = Math.max(worstF, maxDiff(f, fRef) / max(fRef));
        }
        System.out.printf("opencl mixed vs reference, F=32 T=3 K=16, 60 atoms at 1000 Å: max rel dE %.2e, max |dF|/max|F| %.2e%n",
                worstE, worstF);
        assertTrue(worstE < 1e-5, "energy " + worstE);
        assertTrue(worstF < 1e-4, "forces " + worstF);
    }

    /** F = 12 runs the 4-wide kernels, F = 6 the scalar ones, K = 50 the padded radial stride (64). */
    @ParameterizedTest
    @CsvSource({"12, 5", "6, 7", "16, 50"})
    void featureWidthsThatAreNotMultiplesOfEightMatchReference(int f, int k) {
        PainnParameters model = TestModels.randomPainn(f, 2, k, 4.0, 3);
        int[] elements = randomElements(15, 7);
        double[] x = TestModels.randomGeometry(elements.length, 0.9, 8);
        double[] fRef = new double[x.length];
        double[] fr = new double[x.length];
        double eRef = new ReferenceBackend().createPainn(model, "").bind(elements).compute(x, fRef);
        double e = backend.createPainn(model, "").bind(elements).compute(x, fr);
        assertEquals(eRef, e, 1e-5 * Math.abs(eRef));
        assertTrue(maxDiff(fr, fRef) <= 1e-4 * max(fRef), "forces " + maxDiff(fr, fRef) / max(fRef));
    }

    /** With either neighbour list (the device list estimates its pair capacity per sub-batch). */
    @ParameterizedTest
    @ValueSource(strings = {"hostlist", "devicelist"})
    void raggedBatchIsSplitWhenTheDeviceMemoryBudgetIsTooSmallAndGivesTheSameResults(String neighbors) {
        List<int[]> molecules = new ArrayList<>();
        double[][] x = new double[9][];
        for (int m = 0; m < x.length; m++) {
            molecules.add(randomElements(m == 4 ? 1 : 5 + 4 * m, m));
            x[m] = TestModels.randomGeometry(molecules.get(m).length, 0.9, 500 + m);
        }
        OpenClPainn probe = (OpenClPainn) backend.createPainn(WIDE, neighbors);
        double[] e1 = new double[1];
        probe.evaluate(new int[][]{molecules.get(8)}, new double[][]{x[8]}, new double[][]{new double[x[8].length]}, e1);
        long oneMolecule = probe.workspaceBytes();

        double[][] fAll = forces(x);
        double[] eAll = new double[x.length];
        backend.createPainn(WIDE, neighbors).bindBatch(molecules).compute(x, fAll, eAll, null);
        OpenClPainn small = (OpenClPainn) backend.createPainn(WIDE, neighbors, 2 * oneMolecule);
        double[][] fSplit = forces(x);
        double[] eSplit = new double[x.length];
        small.bindBatch(molecules).compute(x, fSplit, eSplit, null);
        assertTrue(small.workspaceBytes() <= 2 * oneMolecule);
        ModelKernel ref = new ReferenceBackend().createPainn(WIDE, "");
        for (int m = 0; m < x.length; m++) {
            assertEquals(eAll[m], eSplit[m], 1e-9 * Math.abs(eAll[m]), "energy " + m);
            assertEquals(0, maxDiff(fAll[m], fSplit[m]), 1e-9 * Math.max(1, max(fAll[m])), "forces " + m);
            double[] fRef = new double[x[m].length];
            double eRef = ref.bind(molecules.get(m)).compute(x[m], fRef);
            assertEquals(eRef, eAll[m], 1e-5 * Math.abs(eRef), "energy vs reference " + m);
            assertTrue(maxDiff(fRef, fAll[m]) <= 1e-4 * Math.max(max(fRef), 1e-6), "forces vs reference " + m);
        }
        OpenClPainn tiny = (OpenClPainn) backend.createPainn(WIDE, neighbors, oneMolecule / 4);
        assertThrows(CalculationException.class, () -> tiny.bind(molecules.get(8)).compute(x[8], new double[x[8].length]));
    }

    /**
     * Velocity Verlet (NVE, 0.25 fs, 400 steps) from rest: the mixed-precision forces conserve the total
     * energy as well as the float64 reference does.
     */
    @Test
    void mixedPrecisionConservesEnergyInNveLikeTheReference() {
        PainnParameters model = TestModels.randomPainn(16, 2, 8, 4.0, 9);
        int[] elements = randomElements(12, 3);
        double[] x0 = TestModels.randomGeometry(elements.length, 1.1, 12);
        double ref = maxEnergyDeviation(new ReferenceBackend().createPainn(model, "").bind(elements), x0);
        double ocl = maxEnergyDeviation(backend.createPainn(model, "").bind(elements), x0);
        System.out.printf("NVE 400 x 0.25 fs, max |E(t) - E(0)|: reference %.3e eV, opencl mixed %.3e eV%n", ref, ocl);
        assertTrue(ocl <= 1.5 * ref + 1e-4, "opencl drift " + ocl + " eV vs reference " + ref + " eV");
    }

    private static double maxEnergyDeviation(Potential p, double[] start) {
        double mass = 12;
        double dt = 0.25;
        double toAcc = io.github.cdknnp.ff.Units.ANGSTROM_PER_FS2_PER_EV_PER_ANGSTROM_AMU / mass;
        double[] x = start.clone();
        double[] v = new double[x.length];
        double[] f = new double[x.length];
        double e0 = p.compute(x, f);
        double worst = 0;
        for (int step = 0; step < 400; step++) {
            for (int k = 0; k < x.length; k++) {
                v[k] += 0.5 * dt * f[k] * toAcc;
                x[k] += dt * v[k];
            }
            double e = p.compute(x, f);
            double kinetic = 0;
            for (int k = 0; k < x.length; k++) {
                v[k] += 0.5 * dt * f[k] * toAcc;
                kinetic += 0.5 * v[k] * v[k] / toAcc;
            }
            worst = Math.max(worst, Math.abs(e + kinetic - e0));
        }
        return worst;
    }

    @Test
    void workspaceIsAllocatedOnceForRepeatedEvaluations() {
        List<int[]> molecules = List.of(randomElements(30, 1), randomElements(12, 2));
        OpenClPainn kernel = (OpenClPainn) backend.createPainn(WIDE, "");
        BatchPotential batch = kernel.bindBatch(molecules);
        double[][] x = {TestModels.randomGeometry(30, 0.9, 1), TestModels.randomGeometry(12, 0.9, 2)};
        double[][] f = forces(x);
        double[] e = new double[2];
        batch.compute(x, f, e, null);
        long bytes = kernel.workspaceBytes();
        Random r = new Random(4);
        for (int step = 0; step < 5; step++) {
            for (double[] xm : x) {
                for (int k = 0; k < xm.length; k++) {
                    xm[k] += 0.01 * r.nextGaussian();
                }
            }
            batch.compute(x, f, e, null);
            assertEquals(bytes, kernel.workspaceBytes(), "workspace grew at step " + step);
        }
    }

    @Test
    void isolatedAtomsHaveNoForceAndTheirReferenceEnergy() {
        int[] elements = {0, 3};
        double[] x = {0, 0, 0, 20, 0, 0};
        double[] f = new double[6];
        double e = backend.createPainn(WIDE, "").bind(elements).compute(x, f);
        double eRef = new ReferenceBackend().createPainn(WIDE, "").bind(elements).energy(x);
        assertEquals(eRef, e, 1e-5 * Math.abs(eRef));
        assertEquals(0, max(f), 0);
    }

    private static double[][] forces(double[][] x) {
        double[][] f = new double[x.length][];
        for (int m = 0; m < x.length; m++) {
            f[m] = new double[x[m].length];
        }
        return f;
    }

    private static int[] randomElements(int n, long seed) {
        Random r = new Random(seed);
        int[] e = new int[n];
        for (int i = 0; i < n; i++) {
            e[i] = r.nextInt(4);
        }
        return e;
    }

    private static double max(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int k = 0; k < a.length; k++) {
            m = Math.max(m, Math.abs(a[k] - b[k]));
        }
        return m;
    }
}
