package io.github.cdknnp.ff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NeighborListTest {
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 17, 200, 1500, 5000})
    void matchesBruteForceInMolecularDensity(int n) {
        double[] x = TestModels.randomGeometry(n, 0.0, n);
        assertSamePairs(x, 5.0);
    }

    @Test
    void matchesBruteForceForSparseElongatedAndFlatSystems() {
        Random r = new Random(7);
        double[] line = new double[3 * 800];
        for (int i = 0; i < 800; i++) {
            line[3 * i] = i * 1.3 + r.nextDouble();
            line[3 * i + 1] = r.nextDouble();
        }
        assertSamePairs(line, 4.0);
        double[] sparse = new double[3 * 300];
        for (int k = 0; k < sparse.length; k++) {
            sparse[k] = r.nextDouble() * 1e4;
        }
        assertSamePairs(sparse, 50.0);
        assertSamePairs(new double[]{0, 0, 0, 0, 0, 4.999}, 5.0);
        assertEquals(0, NeighborList.build(new double[]{0, 0, 0, 0, 0, 5.0}, 5.0).size(), "cutoff is exclusive");
    }

    @Test
    void farApartAtomsNeedNoHugeGrid() {
        // a diverged sampler draw: extents of ~1e12 Å in every direction once overflowed the cell count
        double[] x = {0, 0, 0, 1e12, 1e12, 1e12, -1e12, 3e11, -2e12, 0.5, 0, 0};
        NeighborList list = NeighborList.build(x, 2.0);
        assertEquals(1, list.size());
        assertEquals(0, NeighborList.build(new double[]{0, 0, 0, Double.POSITIVE_INFINITY, 0, 0}, 2.0).size());
    }

    @Test
    void rejectsNonPositiveCutoff() {
        assertThrows(IllegalArgumentException.class, () -> NeighborList.build(new double[6], 0));
    }

    private static void assertSamePairs(double[] x, double cutoff) {
        int n = x.length / 3;
        Set<Long> expected = new HashSet<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (Geometry.distance(x, i, j) < cutoff) {
                    expected.add((long) i * n + j);
                }
            }
        }
        NeighborList list = NeighborList.build(x, cutoff);
        Set<Long> actual = new HashSet<>();
        for (int k = 0; k < list.size(); k++) {
            assertTrue(list.first(k) < list.second(k));
            assertTrue(actual.add((long) list.first(k) * n + list.second(k)), "duplicate pair");
        }
        assertEquals(expected, actual);
    }
}
