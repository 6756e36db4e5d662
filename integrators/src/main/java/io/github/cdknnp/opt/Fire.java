package io.github.cdknnp.opt;

import io.github.cdknnp.ff.ForceField;
import java.util.Arrays;
import java.util.Objects;

/**
 * FIRE, the fast inertial relaxation engine (Bitzek, Koskinen, Gähler, Moseler &amp; Gumbsch,
 * Phys. Rev. Lett. 97, 170201 (2006)): damped dynamics whose velocity is steered towards the force and
 * whose time step grows while the motion keeps going downhill, reset whenever it turns uphill.
 * Defaults are ASE's: dt 0.1, dtmax 1.0, Nmin 5, finc 1.1, fdec 0.5, αstart 0.1, fα 0.99, maxstep 0.2 Å.
 *
 * <p><b>Time unit.</b> As in ASE, every mass is taken as 1 amu and time is measured in ASE's unit
 * Å·√(amu/eV) ≈ 10.18 fs, so ASE's numbers carry over unchanged. The dynamics is fictitious: the time step
 * only sets the step size. Unlike ASE (which caps the norm of the whole step), each step here is capped at
 * the largest per-atom displacement, like every other {@link Optimizer}.
 *
 * <pre>{@code
 * OptimizationResult r = Fire.on(forceField).timestep(0.1, 1.0).minimize(molecule, 0.05);
 * }</pre>
 */
public final class Fire extends Optimizer<Fire> {
    /** Default initial time step, ASE time units (Å·√(amu/eV)). */
    public static final double DEFAULT_DT = 0.1;
    /** Default largest time step, ASE time units. */
    public static final double DEFAULT_DT_MAX = 1.0;
    /** Downhill steps before the time step may grow. */
    public static final int N_MIN = 5;
    /** Time step growth factor while going downhill. */
    public static final double F_INC = 1.1;
    /** Time step shrink factor after an uphill step. */
    public static final double F_DEC = 0.5;
    /** Initial velocity mixing parameter α. */
    public static final double ALPHA_START = 0.1;
    /** Decay factor of α while going downhill. */
    public static final double F_ALPHA = 0.99;

    private double dt = DEFAULT_DT;
    private double dtMax = DEFAULT_DT_MAX;

    /** An optimizer for coordinates and potentials only (no molecule methods). */
    public Fire() {
        super(null);
    }

    private Fire(ForceField forceField) {
        super(forceField);
    }

    /** An optimizer that can also optimize CDK molecules with {@code forceField}. */
    public static Fire on(ForceField forceField) {
        return new Fire(Objects.requireNonNull(forceField, "forceField"));
    }

    /**
     * Sets the initial and largest time steps in ASE time units, Å·√(amu/eV) ≈ 10.18 fs with unit masses
     * (defaults 0.1 and 1.0).
     */
    public Fire timestep(double dt, double dtMax) {
        if (!(dt > 0) || !(dtMax >= dt)) {
            throw new IllegalArgumentException("FIRE needs 0 < dt <= dtMax, got dt " + dt + " and dtMax " + dtMax);
        }
        this.dt = dt;
        this.dtMax = dtMax;
        return this;
    }

    @Override
    protected Stepper newStepper(int atomCount) {
        return new Dynamics(3 * atomCount, dt, dtMax);
    }

    private static final class Dynamics implements Stepper {
        private final double[] velocity;
        private final double dtMax;
        private double dt;
        private double alpha = ALPHA_START;
        private int downhillSteps;
        private boolean started;

        Dynamics(int length, double dt, double dtMax) {
            this.velocity = new double[length];
            this.dt = dt;
            this.dtMax = dtMax;
        }

        @Override
        public void step(double[] x, double energyEv, double[] f, double[] dx) {
            if (started) {
                steer(f);
            }
            started = true;
            Vectors.axpy(dt, f, velocity);
            for (int i = 0; i < dx.length; i++) {
                dx[i] = dt * velocity[i];
            }
        }

        /** Mixes the velocity towards the force while P = F·v > 0; otherwise stops and shrinks the time step. */
        private void steer(double[] f) {
            double power = Vectors.dot(f, velocity);
            if (power > 0) {
                double mix = alpha * Math.sqrt(Vectors.dot(velocity, velocity) / Vectors.dot(f, f));
                for (int i = 0; i < velocity.length; i++) {
                    velocity[i] = (1 - alpha) * velocity[i] + mix * f[i];
                }
                if (downhillSteps > N_MIN) {
                    dt = Math.min(dt * F_INC, dtMax);
                    alpha *= F_ALPHA;
                }
                downhillSteps++;
            } else {
                Arrays.fill(velocity, 0);
                alpha = ALPHA_START;
                dt *= F_DEC;
                downhillSteps = 0;
            }
        }
    }
}
