package io.github.cdknnp.md;

import io.github.cdknnp.ff.AtomicSystem;
import io.github.cdknnp.ff.ForceField;
import io.github.cdknnp.ff.Geometry;
import io.github.cdknnp.ff.NnpException;
import io.github.cdknnp.ff.Potential;
import io.github.cdknnp.ff.Units;
import io.github.cdknnp.ff.cdk.CdkStructure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * The driver every MD integrator shares, in the spirit of ASE's {@code MolecularDynamics}: it owns the loop,
 * the step counter, the observers and the blow-up checks; a subclass writes only {@link #step(MdState)}.
 *
 * <p>After each step the state is checked: a non-finite value, an atom force above
 * {@link #maxForceEvPerA(double)} (default 50 eV/Å) or a temperature above {@link #maxTemperatureK(double)}
 * (default 5000 K) rejects the step, restores the last good state and ends the run with a
 * {@link StopReason} saying why. Blowing up is a result, not an exception.
 *
 * <p>Randomness (initial velocities, thermostat noise) comes from one generator seeded by
 * {@link #seed(long)}: the same seed gives a bit-identical trajectory.
 *
 * <pre>{@code
 * MdResult r = LangevinBaoab.on(forceField).temperatureK(300).timestepFs(1).frictionPerPs(1).seed(42)
 *         .run(molecule, 10_000, MdObserver.writingTo(xyz).every(100));
 * }</pre>
 *
 * @param <T> the concrete integrator, so that the fluent setters keep its type
 */
public abstract class Integrator<T extends Integrator<T>> {
    /** Default bound on the largest atom force, eV/Å. */
    public static final double DEFAULT_MAX_FORCE_EV_PER_A = 50;
    /** Default bound on the temperature, K. */
    public static final double DEFAULT_MAX_TEMPERATURE_K = 5000;

    private final ForceField forceField;
    private final Potential fixedPotential;
    private final List<MdObserver> observers = new ArrayList<>();
    private double timestepFs = 1;
    private double maxForceEvPerA = DEFAULT_MAX_FORCE_EV_PER_A;
    private double maxTemperatureK = DEFAULT_MAX_TEMPERATURE_K;
    private double initialTemperatureK = Double.NaN;
    private int equilibrationSteps;
    private double hydrogenMassAmu;
    private Long seed;
    private UniformRandomProvider random;
    private AtomicSystem boundSystem;
    private Potential potential;

    /** An integrator that binds {@code forceField} to each state's system. */
    protected Integrator(ForceField forceField) {
        this.forceField = Objects.requireNonNull(forceField, "forceField");
        this.fixedPotential = null;
    }

    /** An integrator on an already bound potential. */
    protected Integrator(Potential potential) {
        this.forceField = null;
        this.fixedPotential = Objects.requireNonNull(potential, "potential");
    }

    /** Advances {@code state} by one time step; forces are evaluated with {@link #computeForces(MdState)}. */
    protected abstract void step(MdState state);

    /** Checks settings before a run; subclasses throw {@link IllegalStateException} when one is missing. */
    protected void checkSettings() {
    }

    /** Initial temperature for {@link #run(IAtomContainer, int, MdObserver...)} when none was set. */
    protected double defaultInitialTemperatureK() {
        return 0;
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    /** Time step in fs (default 1). */
    public T timestepFs(double dtFs) {
        if (!(dtFs > 0) || Double.isInfinite(dtFs)) {
            throw new IllegalArgumentException("time step must be positive, got " + dtFs + " fs");
        }
        this.timestepFs = dtFs;
        return self();
    }

    /** Stops the run when an atom's force exceeds this, eV/Å (default 50). */
    public T maxForceEvPerA(double bound) {
        this.maxForceEvPerA = positive(bound, "force bound");
        return self();
    }

    /** Stops the run when the temperature exceeds this, K (default 5000). */
    public T maxTemperatureK(double bound) {
        this.maxTemperatureK = positive(bound, "temperature bound");
        return self();
    }

    /** Seeds the random generator (initial velocities, thermostat noise); resets its stream. */
    public T seed(long seed) {
        this.seed = seed;
        this.random = null;
        return self();
    }

    /**
     * Steps run by {@link #run(IAtomContainer, int, MdObserver...)} before the recorded ones, seen by no observer, the
     * clock then set back to 0: a start from a minimum shares its initial kinetic energy with the potential energy and
     * first drops to about half the target temperature; equilibration lets the recorded run start at it.
     */
    public T equilibrationSteps(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("equilibration steps must be ≥ 0, got " + steps);
        }
        this.equilibrationSteps = steps;
        return self();
    }

    /**
     * Temperature of the Maxwell–Boltzmann velocities drawn by {@link #run(IAtomContainer, int, MdObserver...)}
     * (default: the thermostat temperature, or 0 K for NVE).
     */
    public T initialTemperatureK(double temperatureK) {
        if (!(temperatureK >= 0)) {
            throw new IllegalArgumentException("initial temperature must be ≥ 0 K, got " + temperatureK);
        }
        this.initialTemperatureK = temperatureK;
        return self();
    }

    /**
     * Hydrogen mass repartitioning for {@link #run(IAtomContainer, int, MdObserver...)}: hydrogens get this mass
     * (amu, typically {@value HydrogenMassRepartitioning#DEFAULT_HYDROGEN_MASS_AMU}), taken from the heavy atom
     * they are bonded to. 0 (default) turns it off. See {@link HydrogenMassRepartitioning}.
     */
    public T hydrogenMassAmu(double massAmu) {
        if (!(massAmu >= 0)) {
            throw new IllegalArgumentException("hydrogen mass must be ≥ 0 amu, got " + massAmu);
        }
        this.hydrogenMassAmu = massAmu;
        return self();
    }

    /**
     * Calls {@code observer} at step 0 and on every step that is a multiple of {@code everySteps}; an observer that
     * returns {@code false} stops the run ({@link StopReason#STOPPED_BY_OBSERVER}), as with
     * {@link io.github.cdknnp.opt.Optimizer#attach} for optimizers.
     */
    public T attach(MdObserver observer, int everySteps) {
        observers.add(observer.every(everySteps));
        return self();
    }

    /** The time step, fs. */
    public double timestepFs() {
        return timestepFs;
    }

    /**
     * Runs {@code steps} steps from {@code state}, updating it in place. Attached observers see the state at
     * step 0 (if the state is at step 0) and after each step they are due.
     */
    public MdResult run(MdState state, int steps) {
        return run(state, steps, List.of());
    }

    /**
     * The CDK one-liner: binds the molecule (explicit hydrogens and 3D coordinates required), applies hydrogen
     * mass repartitioning if asked, draws Maxwell–Boltzmann velocities at the initial temperature, runs, and
     * writes the final (or last good) coordinates and potential energy ({@link CdkStructure#ENERGY_EV}) back.
     *
     * @param observers called on every step in addition to the attached ones (use {@link MdObserver#every(int)})
     */
    public MdResult run(IAtomContainer molecule, int steps, MdObserver... observers) {
        CdkStructure structure = CdkStructure.of(molecule, CdkStructure.Options.STRICT);
        MdState state = initialState(structure);
        if (equilibrationSteps > 0) {
            List<MdObserver> attached = new ArrayList<>(this.observers);
            this.observers.clear();
            try {
                MdResult equilibration = run(state, equilibrationSteps, List.of());
                if (equilibration.failed()) {
                    return equilibration;
                }
            } finally {
                this.observers.addAll(attached);
            }
            state.restartClock();
        }
        MdResult result = run(state, steps, Arrays.asList(observers));
        structure.writePositions(state.positions());
        structure.writeEnergy(state.potentialEv());
        return result;
    }

    /** The state {@link #run(IAtomContainer, int, MdObserver...)} starts from (masses and velocities set). */
    public MdState initialState(CdkStructure structure) {
        checkSettings();
        double[] x = structure.positions();
        double[] masses = structure.system().masses();
        if (hydrogenMassAmu > 0) {
            masses = structure.molecule().getBondCount() > 0
                    ? HydrogenMassRepartitioning.fromBonds(structure.system(), CdkStructure.bondsOf(structure.molecule()),
                            hydrogenMassAmu)
                    : HydrogenMassRepartitioning.fromDistances(structure.system(), x, hydrogenMassAmu);
        }
        MdState state = new MdState(structure.system(), x, new double[x.length], masses);
        double t0 = Double.isNaN(initialTemperatureK) ? defaultInitialTemperatureK() : initialTemperatureK;
        if (t0 > 0) {
            MaxwellBoltzmann.assign(state, t0, random());
        }
        return state;
    }

    private MdResult run(MdState state, int steps, List<MdObserver> extra) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be ≥ 0, got " + steps);
        }
        checkSettings();
        potential = potentialFor(state);
        List<MdObserver> all = new ArrayList<>(observers);
        all.addAll(extra);
        try {
            computeForces(state);
        } catch (NnpException e) {
            return new MdResult(StopReason.CALCULATION_FAILED, "initial state: " + e.getMessage(), 0, state);
        }
        MdResult bad = check(state, 0);
        if (bad != null) {
            return bad;
        }
        if (state.step() == 0 && !notify(all, state)) {
            return new MdResult(StopReason.STOPPED_BY_OBSERVER, "stopped by an observer at step 0", 0, state);
        }
        MdState lastGood = state.copy();
        for (int k = 0; k < steps; k++) {
            lastGood.copyFrom(state);
            try {
                step(state);
            } catch (NnpException e) {
                state.copyFrom(lastGood);
                return new MdResult(StopReason.CALCULATION_FAILED,
                        "step " + (state.step() + 1) + ": " + e.getMessage(), k, state);
            }
            state.advance(timestepFs);
            bad = check(state, k);
            if (bad != null) {
                state.copyFrom(lastGood);
                return bad;
            }
            if (!notify(all, state)) {
                return new MdResult(StopReason.STOPPED_BY_OBSERVER,
                        "stopped by an observer at step " + state.step(), k + 1, state);
            }
        }
        return new MdResult(StopReason.COMPLETED, steps + " steps", steps, state);
    }

    private static boolean notify(List<MdObserver> observers, MdState state) {
        boolean go = true;
        for (MdObserver o : observers) {
            go &= o.observe(state);
        }
        return go;
    }

    /** A failure result when the state is unusable, else {@code null}; {@code kept} steps were good. */
    private MdResult check(MdState state, long kept) {
        String where = "step " + state.step() + ": ";
        if (!finite(state.positions()) || !finite(state.velocities()) || !finite(state.forces())
                || !Double.isFinite(state.potentialEv())) {
            return new MdResult(StopReason.NOT_FINITE, where + "positions, velocities, forces or energy not finite",
                    kept, state);
        }
        double fmax = Geometry.maxAtomForce(state.forces());
        if (fmax > maxForceEvPerA) {
            return new MdResult(StopReason.FORCE_TOO_LARGE,
                    String.format(java.util.Locale.ROOT, "%smax atom force %.4g eV/Å above %.4g eV/Å", where, fmax, maxForceEvPerA),
                    kept, state);
        }
        double t = state.temperatureK();
        if (t > maxTemperatureK) {
            return new MdResult(StopReason.TEMPERATURE_TOO_HIGH,
                    String.format(java.util.Locale.ROOT, "%stemperature %.4g K above %.4g K", where, t, maxTemperatureK), kept, state);
        }
        return null;
    }

    private static boolean finite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private Potential potentialFor(MdState state) {
        if (fixedPotential != null) {
            if (fixedPotential.atomCount() != state.atomCount()) {
                throw new IllegalArgumentException("potential is bound to " + fixedPotential.atomCount()
                        + " atoms, state has " + state.atomCount());
            }
            return fixedPotential;
        }
        if (!state.system().equals(boundSystem)) {
            potential = forceField.bind(state.system());
            boundSystem = state.system();
        }
        return potential;
    }

    /** Evaluates forces and potential energy at the state's positions and stores them in the state. */
    protected final void computeForces(MdState state) {
        state.potentialEv(potential.compute(state.positions(), state.forces()));
    }

    /** The run's random generator, created from the seed on first use (a random seed if none was set). */
    protected final UniformRandomProvider random() {
        if (random == null) {
            if (seed == null) {
                seed = RandomSource.createLong();
            }
            random = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        }
        return random;
    }

    /** Velocity kick: v += dt·F/m, with dt in fs (pass dt/2 for a half kick). */
    protected static void kick(MdState state, double dtFs) {
        double[] v = state.velocities();
        double[] f = state.forces();
        double[] m = state.masses();
        for (int i = 0; i < m.length; i++) {
            double c = dtFs * Units.ANGSTROM_PER_FS2_PER_EV_PER_ANGSTROM_AMU / m[i];
            v[3 * i] += c * f[3 * i];
            v[3 * i + 1] += c * f[3 * i + 1];
            v[3 * i + 2] += c * f[3 * i + 2];
        }
    }

    /** Position drift: x += dt v, with dt in fs. */
    protected static void drift(MdState state, double dtFs) {
        double[] x = state.positions();
        double[] v = state.velocities();
        for (int k = 0; k < x.length; k++) {
            x[k] += dtFs * v[k];
        }
    }

    private static double positive(double value, String what) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
        return value;
    }
}
