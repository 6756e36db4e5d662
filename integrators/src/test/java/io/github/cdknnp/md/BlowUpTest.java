package io.github.cdknnp.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.AtomicSystem;
import io.github.cdknnp.ff.CalculationException;
import io.github.cdknnp.ff.Geometry;
import io.github.cdknnp.ff.Potential;
import org.junit.jupiter.api.Test;

class BlowUpTest {
    /** Two atoms on a harmonic spring (k in eV/Å², rest length 1 Å) that fail after {@code goodCalls}. */
    private static Potential spring(double k, int goodCalls, boolean throwing) {
        return new Potential() {
            int calls;

            @Override
            public int atomCount() {
                return 2;
            }

            @Override
            public double compute(double[] x, double[] f) {
                if (++calls > goodCalls) {
                    if (throwing) {
                        throw new CalculationException("model returned NaN");
                    }
                    f[0] = Double.NaN;
                    return Double.NaN;
                }
                double r = Geometry.distance(x, 0, 1);
                double g = -k * (r - 1) / r;
                for (int d = 0; d < 3; d++) {
                    double dx = x[3 + d] - x[d];
                    f[3 + d] = g * dx;
                    f[d] = -g * dx;
                }
                return 0.5 * k * (r - 1) * (r - 1);
            }
        };
    }

    private static MdState stretched() {
        return MdState.at(AtomicSystem.neutral(1, 1), new double[] {0, 0, 0, 1.2, 0, 0});
    }

    @Test
    void hugeTimestepStopsWithReasonAndKeepsLastGoodFrame() {
        // ω = √(k/μ) = 0.44 /fs: velocity Verlet is unstable for ω dt > 2
        MdState state = stretched();
        MdResult r = VelocityVerlet.on(spring(10, Integer.MAX_VALUE, false)).timestepFs(6).run(state, 1_000);
        assertTrue(r.failed());
        assertTrue(r.reason() == StopReason.FORCE_TOO_LARGE || r.reason() == StopReason.TEMPERATURE_TOO_HIGH,
                r.reason().toString());
        assertTrue(r.steps() < 1_000);
        assertEquals(r.steps(), state.step(), "the kept state is the last good step");
        assertTrue(Geometry.maxAtomForce(state.forces()) <= Integrator.DEFAULT_MAX_FORCE_EV_PER_A);
        assertTrue(state.temperatureK() <= Integrator.DEFAULT_MAX_TEMPERATURE_K);
        assertTrue(r.message().contains("step " + (state.step() + 1)), r.message());
    }

    @Test
    void nonFiniteEnergyStopsTheRun() {
        MdState state = stretched();
        // call 1 is the initial evaluation, calls 2..6 are steps 1..5
        MdResult r = VelocityVerlet.on(spring(1, 6, false)).timestepFs(0.5).run(state, 100);
        assertEquals(StopReason.NOT_FINITE, r.reason());
        assertEquals(5, r.steps());
        assertEquals(5, state.step());
        assertTrue(Double.isFinite(state.potentialEv()) && Double.isFinite(state.forces()[0]));
    }

    @Test
    void failedCalculationStopsTheRun() {
        MdState state = stretched();
        MdResult r = VelocityVerlet.on(spring(1, 4, true)).timestepFs(0.5).run(state, 100);
        assertEquals(StopReason.CALCULATION_FAILED, r.reason());
        assertEquals(3, state.step());
        assertTrue(r.message().contains("model returned NaN"), r.message());
    }

    @Test
    void observerCanStopTheRun() {
        MdState state = stretched();
        MdResult r = VelocityVerlet.on(spring(1, Integer.MAX_VALUE, false)).timestepFs(0.5)
                .attach(s -> s.step() < 10, 5).run(state, 100);
        assertEquals(StopReason.STOPPED_BY_OBSERVER, r.reason());
        assertFalse(r.failed());
        assertEquals(10, state.step());
        assertEquals(5.0, state.timeFs(), 1e-12);
    }

    @Test
    void thermostatWithoutTemperatureIsAMisuse() {
        assertThrows(IllegalStateException.class,
                () -> LangevinBaoab.on(spring(1, 10, false)).run(stretched(), 1));
    }
}
