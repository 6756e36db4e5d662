package io.github.cdknnp.ff.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cdknnp.ff.BatchPotential;
import io.github.cdknnp.ff.Potential;
import io.github.cdknnp.ff.TestModels;
import io.github.cdknnp.ff.model.PainnParameters;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every backend must satisfy, checked against the reference backend. Each backend's test subclasses
 * this; a backend whose hardware or libraries are absent is skipped with the reason.
 */
abstract class BackendContractTest {
    static final PainnParameters MODEL = TestModels.randomPainn(8, 2, 6, 4.0, 11);
    static final int[] ELEMENTS = {1, 2, 1, 0, 3, 1, 1, 2, 0, 0, 1, 3, 2, 1, 0, 1, 1, 2, 3, 1};

    Backend backend;

    /** The backend under test. */
    abstract Backend backend();

    /** Allowed relative deviation of energies from the reference backend. */
    abstract double energyTolerance();

    /** Allowed deviation of forces from the reference, relative to the largest force component. */
    abstract double forceTolerance();

    @BeforeEach
    void requireBackend() {
        backend = backend();
        assumeTrue(backend.isAvailable(), () -> backend.name() + " backend unavailable: " + backend.describe());
    }

    @Test
    void matchesReferenceOnRandomGeometriesWithPairsNearTheCutoff() {
        Potential reference = new ReferenceBackend().createPainn(MODEL, "").bind(ELEMENTS);
        Potential tested = backend.createPainn(MODEL, "").bind(ELEMENTS);
        for (long seed = 0; seed < 3; seed++) {
            double[] x = TestModels.randomGeometry(ELEMENTS.length, 0.8, seed);
            placeNearCutoff(x, MODEL.cutoff());
            double[] fRef = new double[x.length];
            double[] f = new double[x.length];
            double eRef = reference.compute(x, fRef);
            double e = tested.compute(x, f);
            assertEquals(eRef, e, Math.abs(eRef) * energyTolerance(), "energy");
            assertClose(fRef, f);
        }
    }

    @Test
    void batchEqualsSingleEvaluations() {
        List<int[]> molecules = List.of(ELEMENTS, new int[]{1, 0, 0, 3}, new int[]{2, 1});
        BatchPotential batch = backend.createPainn(MODEL, "").bindBatch(molecules);
        double[][] x = new double[3][];
        double[][] forces = new double[3][];
        for (int k = 0; k < 3; k++) {
            x[k] = TestModels.randomGeometry(molecules.get(k).length, 0.9, 40 + k);
            forces[k] = new double[x[k].length];
        }
        double[] energies = new double[3];
        batch.compute(x, forces, energies, new boolean[]{true, false, true});
        assertEquals(0.0, energies[1], "inactive structure untouched");
        for (int k : new int[]{0, 2}) {
            double[] f = new double[x[k].length];
            double e = backend.createPainn(MODEL, "").bind(molecules.get(k)).compute(x[k], f);
            assertEquals(e, energies[k], Math.abs(e) * energyTolerance());
            assertClose(f, forces[k]);
        }
    }

    @Test
    void energyInvariantAndForcesEquivariantUnderRotationAndTranslation() {
        Potential p = backend.createPainn(MODEL, "").bind(ELEMENTS);
        double[] x = TestModels.randomGeometry(ELEMENTS.length, 0.9, 5);
        double[] f = new double[x.length];
        double e = p.compute(x, f);
        double[][] rot = rotation(new Random(3));
        double[] y = new double[x.length];
        double[] fr = new double[x.length];
        for (int i = 0; i < ELEMENTS.length; i++) {
            for (int a = 0; a < 3; a++) {
                y[3 * i + a] = 2.5 + rot[a][0] * x[3 * i] + rot[a][1] * x[3 * i + 1] + rot[a][2] * x[3 * i + 2];
                fr[3 * i + a] = rot[a][0] * f[3 * i] + rot[a][1] * f[3 * i + 1] + rot[a][2] * f[3 * i + 2];
            }
        }
        double[] fy = new double[x.length];
        assertEquals(e, p.compute(y, fy), Math.abs(e) * Math.max(energyTolerance(), 1e-12));
        assertClose(fr, fy);
        double[] net = new double[3];
        for (int i = 0; i < f.length; i++) {
            net[i % 3] += f[i];
        }
        assertArrayEquals(new double[3], net, 1e-9 + forceTolerance() * maxAbs(f) * ELEMENTS.length, "net force");
    }

    void assertClose(double[] expected, double[] actual) {
        double scale = maxAbs(expected);
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], Math.max(1e-10, scale * forceTolerance()), "force component " + k);
        }
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** Moves atom 1 so it sits just inside the cutoff from atom 0 and atom 2 just outside. */
    static void placeNearCutoff(double[] x, double cutoff) {
        for (int a = 0; a < 3; a++) {
            x[3 + a] = x[a];
            x[6 + a] = x[a];
        }
        x[3] += cutoff - 1e-3;
        x[7] += cutoff + 1e-3;
    }

    static double[][] rotation(Random r) {
        double a = r.nextDouble() * 2 * Math.PI;
        double b = r.nextDouble() * Math.PI;
        double c = r.nextDouble() * 2 * Math.PI;
        double[][] rz = {{Math.cos(a), -Math.sin(a), 0}, {Math.sin(a), Math.cos(a), 0}, {0, 0, 1}};
        double[][] ry = {{Math.cos(b), 0, Math.sin(b)}, {0, 1, 0}, {-Math.sin(b), 0, Math.cos(b)}};
        double[][] rx = {{1, 0, 0}, {0, Math.cos(c), -Math.sin(c)}, {0, Math.sin(c), Math.cos(c)}};
        return multiply(rz, multiply(ry, rx));
    }

    private static double[][] multiply(double[][] p, double[][] q) {
        double[][] m = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    m[i][j] += p[i][k] * q[k][j];
                }
            }
        }
        return m;
    }
}
