package io.github.cdknnp.md;

import io.github.cdknnp.ff.AtomicSystem;
import io.github.cdknnp.ff.Units;
import io.github.cdknnp.trajectory.Frame;

/**
 * The dynamical state of a molecule: positions (Å), velocities (Å/fs), masses (amu), forces (eV/Å), potential
 * energy (eV), step number and time (fs). Integrators update it in place, one step at a time.
 *
 * <p>The array accessors return the live arrays, so integrators can work without copying; copy them
 * ({@link #copy()}, {@link #toFrame()}) to keep a snapshot. The temperature counts
 * {@code 3N − 3 − constraints} degrees of freedom: the integrators here keep the total momentum at zero.
 *
 * <pre>{@code
 * MdState state = MdState.at(system, positions);
 * MaxwellBoltzmann.assign(state, 300, 42);
 * }</pre>
 */
public final class MdState {
    private final AtomicSystem system;
    private final double[] positions;
    private final double[] velocities;
    private final double[] masses;
    private final double[] forces;
    private double potentialEv = Double.NaN;
    private long step;
    private double timeFs;
    private int constraintCount;

    /**
     * A state at step 0. Arrays are copied.
     *
     * @param system     elements and charge
     * @param positionsA flat coordinates in Å
     * @param velocitiesAPerFs flat velocities in Å/fs
     * @param massesAmu  one mass per atom in amu (e.g. after hydrogen mass repartitioning)
     */
    public MdState(AtomicSystem system, double[] positionsA, double[] velocitiesAPerFs, double[] massesAmu) {
        int n = system.size();
        if (positionsA.length != 3 * n || velocitiesAPerFs.length != 3 * n || massesAmu.length != n) {
            throw new IllegalArgumentException("for " + n + " atoms expected " + 3 * n + " coordinates, "
                    + 3 * n + " velocities and " + n + " masses; got " + positionsA.length + ", "
                    + velocitiesAPerFs.length + " and " + massesAmu.length);
        }
        for (double m : massesAmu) {
            if (!(m > 0)) {
                throw new IllegalArgumentException("masses must be positive, got " + m);
            }
        }
        this.system = system;
        this.positions = positionsA.clone();
        this.velocities = velocitiesAPerFs.clone();
        this.masses = massesAmu.clone();
        this.forces = new double[3 * n];
    }

    /** A state at rest with standard atomic masses. */
    public static MdState at(AtomicSystem system, double[] positionsA) {
        return new MdState(system, positionsA, new double[positionsA.length], system.masses());
    }

    private MdState(MdState other) {
        this.system = other.system;
        this.positions = other.positions.clone();
        this.velocities = other.velocities.clone();
        this.masses = other.masses.clone();
        this.forces = other.forces.clone();
        this.potentialEv = other.potentialEv;
        this.step = other.step;
        this.timeFs = other.timeFs;
        this.constraintCount = other.constraintCount;
    }

    /** An independent copy. */
    public MdState copy() {
        return new MdState(this);
    }

    /** Overwrites this state with {@code other} (same system). */
    public void copyFrom(MdState other) {
        if (other.positions.length != positions.length) {
            throw new IllegalArgumentException("states of different sizes");
        }
        System.arraycopy(other.positions, 0, positions, 0, positions.length);
        System.arraycopy(other.velocities, 0, velocities, 0, velocities.length);
        System.arraycopy(other.masses, 0, masses, 0, masses.length);
        System.arraycopy(other.forces, 0, forces, 0, forces.length);
        potentialEv = other.potentialEv;
        step = other.step;
        timeFs = other.timeFs;
        constraintCount = other.constraintCount;
    }

    /** Elements and charge. */
    public AtomicSystem system() {
        return system;
    }

    /** Number of atoms. */
    public int atomCount() {
        return masses.length;
    }

    /** Live flat positions, Å. */
    public double[] positions() {
        return positions;
    }

    /** Live flat velocities, Å/fs. */
    public double[] velocities() {
        return velocities;
    }

    /** Live masses, amu. */
    public double[] masses() {
        return masses;
    }

    /** Live flat forces at the current positions, eV/Å (valid once an integrator has evaluated them). */
    public double[] forces() {
        return forces;
    }

    /** Potential energy at the current positions, eV ({@code NaN} before the first evaluation). */
    public double potentialEv() {
        return potentialEv;
    }

    /** Steps taken since the state was made. */
    public long step() {
        return step;
    }

    /** Simulated time, fs. */
    public double timeFs() {
        return timeFs;
    }

    /** Number of holonomic constraints (e.g. fixed bond lengths), removed from the degrees of freedom. */
    public int constraintCount() {
        return constraintCount;
    }

    /** Sets the number of holonomic constraints the integrator enforces. */
    public void constraintCount(int constraints) {
        if (constraints < 0 || constraints > 3 * atomCount() - 3) {
            throw new IllegalArgumentException("constraint count " + constraints + " out of range");
        }
        this.constraintCount = constraints;
    }

    /** Degrees of freedom: {@code 3N − 3 − constraints} (at least 1). */
    public int degreesOfFreedom() {
        return Math.max(1, 3 * atomCount() - 3 - constraintCount);
    }

    /** Kinetic energy Σ ½ m v², eV. */
    public double kineticEv() {
        double sum = 0;
        for (int i = 0; i < masses.length; i++) {
            double vx = velocities[3 * i];
            double vy = velocities[3 * i + 1];
            double vz = velocities[3 * i + 2];
            sum += Units.kineticEnergyEv(masses[i], vx * vx + vy * vy + vz * vz);
        }
        return sum;
    }

    /** Potential plus kinetic energy, eV. */
    public double totalEv() {
        return potentialEv + kineticEv();
    }

    /** Instantaneous temperature 2K / (N_dof k_B), K. */
    public double temperatureK() {
        return 2 * kineticEv() / (degreesOfFreedom() * Units.BOLTZMANN_EV_PER_K);
    }

    /** Total momentum Σ m v, amu·Å/fs, as {@code [px, py, pz]}. */
    public double[] momentum() {
        double[] p = new double[3];
        for (int i = 0; i < masses.length; i++) {
            for (int d = 0; d < 3; d++) {
                p[d] += masses[i] * velocities[3 * i + d];
            }
        }
        return p;
    }

    /** Subtracts the centre-of-mass velocity from every atom, leaving zero total momentum. */
    public void removeNetMomentum() {
        double[] p = momentum();
        double total = 0;
        for (double m : masses) {
            total += m;
        }
        for (int i = 0; i < masses.length; i++) {
            for (int d = 0; d < 3; d++) {
                velocities[3 * i + d] -= p[d] / total;
            }
        }
    }

    /** Scales every velocity by {@code factor}. */
    public void scaleVelocities(double factor) {
        for (int k = 0; k < velocities.length; k++) {
            velocities[k] *= factor;
        }
    }

    /** A snapshot for a trajectory writer (positions, velocities, energies, temperature). */
    public Frame toFrame() {
        return new Frame(step, timeFs, positions, velocities, potentialEv, kineticEv(), temperatureK());
    }

    void potentialEv(double energy) {
        this.potentialEv = energy;
    }

    /** Sets the step count and time back to 0, keeping positions and velocities (after equilibration). */
    void restartClock() {
        step = 0;
        timeFs = 0;
    }

    void advance(double dtFs) {
        step++;
        timeFs += dtFs;
    }

    @Override
    public String toString() {
        return String.format("MdState[%s, step %d, %.1f fs, E_pot %.6f eV, T %.1f K]", system, step, timeFs,
                potentialEv, temperatureK());
    }
}
