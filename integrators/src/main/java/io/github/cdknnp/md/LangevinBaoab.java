package io.github.cdknnp.md;

import io.github.cdknnp.ff.ForceField;
import io.github.cdknnp.ff.Potential;
import io.github.cdknnp.ff.Units;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;

/**
 * Langevin dynamics (NVT) with the BAOAB splitting of Leimkuhler &amp; Matthews (J. Chem. Phys. 138, 174102
 * (2013); Appl. Math. Res. Express 2013, 34): half kick (B), half drift (A), exact Ornstein–Uhlenbeck
 * velocity update (O) {@code v ← c v + √((1 − c²) kT/m) ξ} with {@code c = exp(−γ dt)}, half drift, new
 * forces, half kick. Configurations are sampled with very small time-step error.
 *
 * <p>By default the noise is projected onto zero total momentum (the centre of mass does not diffuse away);
 * the thermostat then acts on the same {@code 3N − 3} degrees of freedom that {@link MdState#temperatureK()}
 * counts, and the canonical distribution on them is still sampled exactly.
 *
 * <pre>{@code
 * MdResult r = LangevinBaoab.on(forceField).temperatureK(300).timestepFs(1).frictionPerPs(1).seed(42)
 *         .run(molecule, 10_000);
 * }</pre>
 */
public final class LangevinBaoab extends ThermostattedIntegrator<LangevinBaoab> {
    private double frictionPerPs = 1;
    private boolean zeroMomentum = true;

    private LangevinBaoab(ForceField forceField) {
        super(forceField);
    }

    private LangevinBaoab(Potential potential) {
        super(potential);
    }

    /** NVT dynamics on a force field; set {@link #temperatureK(double)} before running. */
    public static LangevinBaoab on(ForceField forceField) {
        return new LangevinBaoab(forceField);
    }

    /** NVT dynamics on a bound potential; set {@link #temperatureK(double)} before running. */
    public static LangevinBaoab on(Potential potential) {
        return new LangevinBaoab(potential);
    }

    /** Friction coefficient γ, 1/ps (default 1). */
    public LangevinBaoab frictionPerPs(double gamma) {
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("friction must be ≥ 0 /ps, got " + gamma);
        }
        this.frictionPerPs = gamma;
        return this;
    }

    /** Whether the noise keeps the total momentum at zero (default true). */
    public LangevinBaoab zeroMomentum(boolean zero) {
        this.zeroMomentum = zero;
        return this;
    }

    @Override
    protected void step(MdState state) {
        double dt = timestepFs();
        kick(state, dt / 2);
        drift(state, dt / 2);
        ornsteinUhlenbeck(state, dt);
        drift(state, dt / 2);
        computeForces(state);
        kick(state, dt / 2);
    }

    /** The O step: exact solution of dv = −γ v dt + √(2γ kT/m) dW over {@code dt}. */
    private void ornsteinUhlenbeck(MdState state, double dtFs) {
        double c = Math.exp(-frictionPerPs * 1e-3 * dtFs);
        double noise = Math.sqrt((1 - c * c) * Units.BOLTZMANN_EV_PER_K * temperatureK()
                * Units.ANGSTROM_PER_FS2_PER_EV_PER_ANGSTROM_AMU);
        NormalizedGaussianSampler xi = gaussian();
        double[] v = state.velocities();
        double[] m = state.masses();
        for (int i = 0; i < m.length; i++) {
            double s = noise / Math.sqrt(m[i]);
            v[3 * i] = c * v[3 * i] + s * xi.sample();
            v[3 * i + 1] = c * v[3 * i + 1] + s * xi.sample();
            v[3 * i + 2] = c * v[3 * i + 2] + s * xi.sample();
        }
        if (zeroMomentum) {
            state.removeNetMomentum();
        }
    }
}
