package io.github.cdknnp.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.Units;
import org.junit.jupiter.api.Test;

/**
 * Canonical kinetic-energy statistics on Ar13 at 20 K (a solid cluster: no evaporation): with N_f = 3N − 3
 * degrees of freedom, ⟨K⟩ = (N_f/2) kT and Var K = (N_f/2) (kT)².
 */
class ThermostatTest {
    private static final double T = 20;
    private static final int EQUILIBRATION = 2_000;
    private static final int STEPS = 100_000;
    private static final int EVERY = 10;

    private static double[] kineticSamples(Integrator<?> integrator) {
        MdState state = Fixtures.argon13();
        MaxwellBoltzmann.assign(state, T, 3);
        double[] k = new double[STEPS / EVERY];
        MdResult r = integrator.timestepFs(5).run(state, EQUILIBRATION);
        assertTrue(r.completed(), r.message());
        long start = state.step();
        r = integrator.attach(s -> {
            long n = s.step() - start;
            if (n > 0) {
                k[(int) (n / EVERY) - 1] = s.kineticEv();
            }
            return true;
        }, EVERY).run(state, STEPS);
        assertTrue(r.completed(), r.message());
        return k;
    }

    private static void assertCanonical(String name, double[] samples, int dof) {
        double kT = Units.BOLTZMANN_EV_PER_K * T;
        double[] mv = Fixtures.meanVariance(samples);
        double meanRatio = mv[0] / (0.5 * dof * kT);
        double varRatio = mv[1] / (0.5 * dof * kT * kT);
        System.out.printf("%s: <K>/(Nf kT/2) = %.4f, Var K/(Nf (kT)^2/2) = %.4f%n", name, meanRatio, varRatio);
        assertEquals(1, meanRatio, 0.03, name + " mean kinetic energy");
        assertEquals(1, varRatio, 0.15, name + " kinetic energy variance");
    }

    @Test
    void langevinBaoabSamplesCanonicalKineticEnergy() {
        LangevinBaoab baoab = LangevinBaoab.on(Fixtures.ARGON).temperatureK(T).frictionPerPs(5).seed(11);
        assertCanonical("BAOAB", kineticSamples(baoab), 36);
    }

    @Test
    void bussiSamplesCanonicalKineticEnergy() {
        Bussi csvr = Bussi.on(Fixtures.ARGON).temperatureK(T).tauFs(200).seed(11);
        assertCanonical("CSVR", kineticSamples(csvr), 36);
    }

    @Test
    void bussiKeepsMomentumZero() {
        MdState state = Fixtures.argon13();
        MaxwellBoltzmann.assign(state, T, 5);
        Bussi.on(Fixtures.ARGON).temperatureK(T).tauFs(50).seed(1).timestepFs(5).run(state, 2_000);
        double[] p = state.momentum();
        assertEquals(0, Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]), 1e-12);
    }

    @Test
    void sameSeedSameTrajectory() {
        for (int trial = 0; trial < 2; trial++) {
            MdState a = Fixtures.argon13();
            MdState b = Fixtures.argon13();
            Integrator<?> ia = trial == 0 ? LangevinBaoab.on(Fixtures.ARGON).temperatureK(T).seed(42)
                    : Bussi.on(Fixtures.ARGON).temperatureK(T).seed(42);
            Integrator<?> ib = trial == 0 ? LangevinBaoab.on(Fixtures.ARGON).temperatureK(T).seed(42)
                    : Bussi.on(Fixtures.ARGON).temperatureK(T).seed(42);
            MaxwellBoltzmann.assign(a, T, 9);
            MaxwellBoltzmann.assign(b, T, 9);
            ia.timestepFs(5).run(a, 500);
            ib.timestepFs(5).run(b, 500);
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.positions(), b.positions());
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.velocities(), b.velocities());
            MdState c = Fixtures.argon13();
            MaxwellBoltzmann.assign(c, T, 9);
            (trial == 0 ? LangevinBaoab.on(Fixtures.ARGON).temperatureK(T).seed(43)
                    : Bussi.on(Fixtures.ARGON).temperatureK(T).seed(43)).timestepFs(5).run(c, 500);
            assertTrue(c.positions()[0] != a.positions()[0], "another seed gives another trajectory");
        }
    }
}
