package io.github.cdknnp.md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.cdknnp.ff.AtomicSystem;
import io.github.cdknnp.ff.Units;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MaxwellBoltzmannTest {
    /** 100 hydrogens and 100 carbons on a line (positions do not matter here). */
    private static MdState mixed() {
        int[] z = new int[200];
        Arrays.fill(z, 0, 100, 1);
        Arrays.fill(z, 100, 200, 6);
        double[] x = new double[600];
        for (int i = 0; i < 200; i++) {
            x[3 * i] = 2.0 * i;
        }
        return MdState.at(AtomicSystem.neutral(z), x);
    }

    @Test
    void zeroMomentumAndCanonicalTemperature() {
        int draws = 200;
        double[] t = new double[draws];
        double mv2Hydrogen = 0;
        double mv2Carbon = 0;
        for (int seed = 0; seed < draws; seed++) {
            MdState s = mixed();
            MaxwellBoltzmann.assign(s, 300, seed);
            double[] p = s.momentum();
            assertEquals(0, Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]), 1e-12);
            t[seed] = s.temperatureK();
            for (int i = 0; i < 200; i++) {
                double v2 = 0;
                for (int d = 0; d < 3; d++) {
                    v2 += s.velocities()[3 * i + d] * s.velocities()[3 * i + d];
                }
                double twiceKinetic = 2 * Units.kineticEnergyEv(s.masses()[i], v2);
                if (i < 100) {
                    mv2Hydrogen += twiceKinetic / (3 * 100 * draws);
                } else {
                    mv2Carbon += twiceKinetic / (3 * 100 * draws);
                }
            }
        }
        int dof = 3 * 200 - 3;
        double[] mv = Fixtures.meanVariance(t);
        // T over N_f = 3N − 3: mean 300 K, relative variance 2/N_f
        assertEquals(300, mv[0], 300 * 4 * Math.sqrt(2.0 / dof / draws));
        assertEquals(2.0 / dof, mv[1] / (300 * 300), 0.25 * 2.0 / dof);
        // equipartition per component, whatever the mass: m⟨v²⟩ = kT (momentum removal costs 1/N)
        double kT = Units.BOLTZMANN_EV_PER_K * 300 * (1 - 1.0 / 200);
        assertEquals(kT, mv2Hydrogen, 0.02 * kT);
        assertEquals(kT, mv2Carbon, 0.02 * kT);
    }

    @Test
    void exactRescalingHitsTheTemperature() {
        MdState s = mixed();
        MaxwellBoltzmann.assignExact(s, 250, 1);
        assertEquals(250, s.temperatureK(), 1e-9);
    }

    @Test
    void sameSeedSameVelocities() {
        MdState a = mixed();
        MdState b = mixed();
        MdState c = mixed();
        MaxwellBoltzmann.assign(a, 300, 17);
        MaxwellBoltzmann.assign(b, 300, 17);
        MaxwellBoltzmann.assign(c, 300, 18);
        assertArrayEquals(a.velocities(), b.velocities());
        assertFalse(Arrays.equals(a.velocities(), c.velocities()));
    }
}
