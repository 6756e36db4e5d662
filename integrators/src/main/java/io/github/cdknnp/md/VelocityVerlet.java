package io.github.cdknnp.md;

import io.github.cdknnp.ff.ForceField;
import io.github.cdknnp.ff.Potential;

/**
 * Velocity Verlet (Swope, Andersen, Berens &amp; Wilson, J. Chem. Phys. 76, 637 (1982)): microcanonical (NVE)
 * dynamics. Time-reversible and symplectic; the total energy fluctuates by O(dt²) without drifting.
 *
 * <pre>{@code
 * MdResult r = VelocityVerlet.on(forceField).timestepFs(0.5).initialTemperatureK(300).seed(1).run(molecule, 2000);
 * }</pre>
 */
public final class VelocityVerlet extends Integrator<VelocityVerlet> {
    private VelocityVerlet(ForceField forceField) {
        super(forceField);
    }

    private VelocityVerlet(Potential potential) {
        super(potential);
    }

    /** NVE dynamics on a force field. */
    public static VelocityVerlet on(ForceField forceField) {
        return new VelocityVerlet(forceField);
    }

    /** NVE dynamics on a bound potential. */
    public static VelocityVerlet on(Potential potential) {
        return new VelocityVerlet(potential);
    }

    @Override
    protected void step(MdState state) {
        double dt = timestepFs();
        kick(state, dt / 2);
        drift(state, dt);
        computeForces(state);
        kick(state, dt / 2);
    }
}
