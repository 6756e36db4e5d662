package io.github.cdknnp.ff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GeometryTest {
    @Test
    void namesOverlappingAtoms() {
        double[] x = {0, 0, 0, 1.5, 0, 0, 1.6, 0.2, 0};
        InvalidGeometryException e = assertThrows(InvalidGeometryException.class, () -> Geometry.check(x, 3));
        assertTrue(e.getMessage().contains("atoms 2 and 3 overlap"), e.getMessage());
    }

    @Test
    void namesNonFiniteCoordinate() {
        double[] x = {0, 0, 0, 1.5, Double.NaN, 0};
        InvalidGeometryException e = assertThrows(InvalidGeometryException.class, () -> Geometry.check(x, 2));
        assertTrue(e.getMessage().contains("atom 2"), e.getMessage());
    }

    @Test
    void maxAtomForceIsLargestPerAtomNorm() {
        assertEquals(5.0, Geometry.maxAtomForce(new double[]{1, 0, 0, 3, 4, 0, 0, 0, -2}), 1e-12);
    }
}
