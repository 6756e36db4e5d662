package io.github.cdknnp.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VelocityVerletTest {
    /** Total energy every step of an NVE run of Ar13 at about 20 K for 10 ps. */
    private static double[] totalEnergies(double dtFs) {
        MdState state = Fixtures.argon13();
        MaxwellBoltzmann.assignExact(state, 20, 7);
        int steps = (int) Math.round(10_000 / dtFs);
        double[] e = new double[steps];
        MdResult r = VelocityVerlet.on(Fixtures.ARGON).timestepFs(dtFs)
                .attach(s -> {
                    if (s.step() > 0) {
                        e[(int) s.step() - 1] = s.totalEv();
                    }
                    return true;
                }, 1)
                .run(state, steps);
        assertTrue(r.completed(), r.message());
        double p = Math.sqrt(dot(state.momentum(), state.momentum()));
        assertEquals(0, p, 1e-12, "net momentum (amu Å/fs)");
        return e;
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    @Test
    void energyFluctuationScalesWithTimestepSquared() {
        double rms10 = Math.sqrt(Fixtures.meanVariance(totalEnergies(10))[1]);
        double rms5 = Math.sqrt(Fixtures.meanVariance(totalEnergies(5))[1]);
        double kT = 20 * io.github.cdknnp.ff.Units.BOLTZMANN_EV_PER_K;
        System.out.printf("NVE Ar13: rms(E_tot) dt=10 fs %.3e eV, dt=5 fs %.3e eV, ratio %.3f, kT %.3e%n",
                rms10, rms5, rms10 / rms5, kT);
        assertTrue(rms10 < 0.01 * kT, "energy conserved to 1% of kT at 10 fs");
        double ratio = rms10 / rms5;
        assertTrue(ratio > 3 && ratio < 5, "halving dt should cut the fluctuation ~4x, got " + ratio);
    }

    @Test
    void noDriftOverLongRun() {
        double[] e = totalEnergies(10);
        int q = e.length / 4;
        double first = 0;
        double last = 0;
        for (int i = 0; i < q; i++) {
            first += e[i] / q;
            last += e[e.length - 1 - i] / q;
        }
        double kT = 20 * io.github.cdknnp.ff.Units.BOLTZMANN_EV_PER_K;
        System.out.printf("NVE drift first vs last quarter: %.3e eV%n", last - first);
        assertEquals(first, last, 1e-3 * kT);
    }
}
