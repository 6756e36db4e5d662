package io.github.cdknnp.md;

import io.github.cdknnp.ff.ForceField;
import io.github.cdknnp.ff.Potential;
import io.github.cdknnp.ff.Units;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;

/**
 * Canonical sampling through velocity rescaling (CSVR, "v-rescale") of Bussi, Donadio &amp; Parrinello,
 * J. Chem. Phys. 126, 014101 (2007): velocity Verlet between two half-step rescalings of all velocities by
 * one factor α, where the new kinetic energy
 * <pre>
 * K' = c K + (1 − c) K̄/N_f (R₁² + S) + 2 R₁ √(c (1 − c) K K̄ / N_f),   c = exp(−Δt / τ)
 * </pre>
 * is drawn exactly (eq. A7): R₁ standard normal, S a χ² variable with N_f − 1 degrees of freedom,
 * K̄ = N_f kT/2 the target. The dynamics stays smooth (only a global factor, momentum-conserving) and
 * samples the canonical ensemble; it is stochastic, hence seeded.
 *
 * <pre>{@code
 * MdResult r = Bussi.on(forceField).temperatureK(300).tauFs(100).timestepFs(1).seed(7).run(molecule, 10_000);
 * }</pre>
 */
public final class Bussi extends ThermostattedIntegrator<Bussi> {
    private double tauFs = 100;

    private Bussi(ForceField forceField) {
        super(forceField);
    }

    private Bussi(Potential potential) {
        super(potential);
    }

    /** CSVR dynamics on a force field; set {@link #temperatureK(double)} before running. */
    public static Bussi on(ForceField forceField) {
        return new Bussi(forceField);
    }

    /** CSVR dynamics on a bound potential; set {@link #temperatureK(double)} before running. */
    public static Bussi on(Potential potential) {
        return new Bussi(potential);
    }

    /** Relaxation time of the kinetic energy, fs (default 100; infinite gives NVE). */
    public Bussi tauFs(double tauFs) {
        if (!(tauFs > 0)) {
            throw new IllegalArgumentException("tau must be positive, got " + tauFs + " fs");
        }
        this.tauFs = tauFs;
        return this;
    }

    @Override
    protected void step(MdState state) {
        double dt = timestepFs();
        rescale(state, dt / 2);
        kick(state, dt / 2);
        drift(state, dt);
        computeForces(state);
        kick(state, dt / 2);
        rescale(state, dt / 2);
    }

    /** Rescales all velocities so the kinetic energy follows the CSVR process for {@code dtFs}. */
    private void rescale(MdState state, double dtFs) {
        double kinetic = state.kineticEv();
        if (kinetic <= 0) {
            return;
        }
        int nf = state.degreesOfFreedom();
        double target = 0.5 * nf * Units.BOLTZMANN_EV_PER_K * temperatureK();
        double c = Math.exp(-dtFs / tauFs);
        double r1 = gaussian().sample();
        double s = chiSquared(nf - 1);
        double newKinetic = c * kinetic + (1 - c) * target / nf * (r1 * r1 + s)
                + 2 * r1 * Math.sqrt(c * (1 - c) * kinetic * target / nf);
        double alpha = Math.sqrt(Math.max(newKinetic, 0) / kinetic);
        // the component along the current velocities may change sign (paper, after eq. A7)
        if (r1 + Math.sqrt(c * nf * kinetic / ((1 - c) * target)) < 0) {
            alpha = -alpha;
        }
        state.scaleVelocities(alpha);
    }

    /** A χ² variate with {@code k} degrees of freedom: 2·Gamma(k/2, 1). */
    private double chiSquared(int k) {
        if (k <= 0) {
            return 0;
        }
        return 2 * AhrensDieterMarsagliaTsangGammaSampler.of(random(), 0.5 * k, 1).sample();
    }
}
