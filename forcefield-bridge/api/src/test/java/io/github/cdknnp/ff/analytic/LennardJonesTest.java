package io.github.cdknnp.ff.analytic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.AtomicSystem;
import io.github.cdknnp.ff.Potential;
import io.github.cdknnp.ff.TestModels;
import org.junit.jupiter.api.Test;

class LennardJonesTest {
    @Test
    void dimerMinimumIsMinusEpsilonAtTwoToTheSixthSigma() {
        Potential p = new LennardJones(0.0104, 3.4, Double.POSITIVE_INFINITY).bind(AtomicSystem.neutral(18, 18));
        double r = Math.pow(2, 1.0 / 6) * 3.4;
        double[] f = new double[6];
        assertEquals(-0.0104, p.compute(new double[]{0, 0, 0, r, 0, 0}, f), 1e-15);
        assertEquals(0, f[0], 1e-14);
    }

    @Test
    void forcesAreNegativeGradientWithAndWithoutCutoff() {
        double[] x = TestModels.randomGeometry(20, 0.9, 3);
        for (LennardJones lj : new LennardJones[]{LennardJones.reduced(), new LennardJones(1, 1, 2.5)}) {
            Potential p = lj.bind(AtomicSystem.neutral(java.util.stream.IntStream.generate(() -> 18).limit(20).toArray()));
            double error = TestModels.maxForceError(p, x, 1e-6);
            assertTrue(error < 1e-5, "max |F + dE/dx| = " + error);
        }
    }
}
