package io.github.cdknnp.opt;

import io.github.cdknnp.ff.AtomicSystem;
import io.github.cdknnp.ff.BatchPotential;
import io.github.cdknnp.ff.CalculationException;
import io.github.cdknnp.ff.ForceField;
import io.github.cdknnp.ff.InvalidGeometryException;
import io.github.cdknnp.ff.Potential;
import io.github.cdknnp.ff.cdk.CdkStructure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * Base of every local optimizer. It owns the loop, the step counter, the convergence test (largest per-atom
 * force), the step limit, frozen atoms, the per-step cap on atom displacements and the observers; a subclass
 * only supplies a {@link Stepper}: given the current positions, energy and forces, the displacement to try
 * next (as ASE's {@code Optimizer.step}).
 *
 * <p>Every step moves no atom further than {@link #maxStepAngstrom(double)}: a longer proposal is scaled down
 * uniformly. Frozen atoms have their forces zeroed before the stepper sees them and are never moved. A run
 * that does not converge returns a result saying so; an evaluation that fails or is not finite ends the run
 * with {@link StopReason#CALCULATION_FAILED}, keeping the last good positions.
 *
 * <p>Settings are mutable and each run starts from fresh optimizer state, so one instance may be reused for
 * many runs, one at a time. The whole program of a CDK user:
 *
 * <pre>{@code
 * OptimizationResult r = Lbfgs.on(forceField).minimize(molecule, 0.05);
 * // molecule now holds the optimized coordinates and the NNP_ENERGY_EV, NNP_OPT_CONVERGED,
 * // NNP_OPT_STEPS and NNP_OPT_FMAX_EV_PER_A properties
 * }</pre>
 *
 * @param <T> the concrete optimizer, so that settings chain: {@code Lbfgs.on(ff).memory(20).maxSteps(500)}
 */
public abstract class Optimizer<T extends Optimizer<T>> {
    /** Default convergence threshold on the largest per-atom force, eV/Å (as ASE). */
    public static final double DEFAULT_FMAX_EV_PER_A = 0.05;
    /** Default largest displacement of any atom in one step, Å (as ASE). */
    public static final double DEFAULT_MAX_STEP_ANGSTROM = 0.2;
    /** Default step limit (the command line's too). */
    public static final int DEFAULT_MAX_STEPS = 2000;
    /** SD property written by the CDK methods: {@code true} or {@code false}. */
    public static final String CONVERGED_PROPERTY = "NNP_OPT_CONVERGED";
    /** SD property written by the CDK methods: steps taken. */
    public static final String STEPS_PROPERTY = "NNP_OPT_STEPS";
    /** SD property written by the CDK methods: final largest per-atom force, eV/Å. */
    public static final String FMAX_PROPERTY = "NNP_OPT_FMAX_EV_PER_A";

    /**
     * The algorithm-specific part of one run on one structure: holds that run's state (history, velocities,
     * Hessian) and proposes each step.
     *
     * <pre>{@code
     * // steepest descent with a fixed step size
     * protected Stepper newStepper(int atomCount) {
     *     return (x, e, f, dx) -> { for (int i = 0; i < f.length; i++) dx[i] = 0.01 * f[i]; };
     * }
     * }</pre>
     */
    @FunctionalInterface
    protected interface Stepper {
        /**
         * Proposes the next step from the structure just evaluated.
         *
         * @param positions    current flat positions, Å (read only)
         * @param energyEv     current energy, eV
         * @param forces       current flat forces, eV/Å, zero on frozen atoms (read only)
         * @param displacement output: the step to try, Å; the caller caps it at the maximum step
         */
        void step(double[] positions, double energyEv, double[] forces, double[] displacement);
    }

    record Attached(OptimizationObserver observer, int everyNSteps) {
    }

    private final ForceField forceField;
    private double maxStepAngstrom = DEFAULT_MAX_STEP_ANGSTROM;
    private int maxSteps = DEFAULT_MAX_STEPS;
    private int[] frozenAtoms = {};
    private final List<Attached> observers = new ArrayList<>();

    /** @param forceField the force field the CDK methods bind molecules to, or null for coordinate-only use */
    protected Optimizer(ForceField forceField) {
        this.forceField = forceField;
    }

    /** Starts the per-structure state of one run on {@code atomCount} atoms. */
    protected abstract Stepper newStepper(int atomCount);

    /** Sets the largest distance any atom may move in one step, Å (default 0.2). */
    public T maxStepAngstrom(double maxStep) {
        if (!(maxStep > 0)) {
            throw new IllegalArgumentException("the maximum step must be positive, got " + maxStep + " Å");
        }
        this.maxStepAngstrom = maxStep;
        return self();
    }

    /** The largest distance any atom may move in one step, Å. */
    public double maxStepAngstrom() {
        return maxStepAngstrom;
    }

    /** Sets the step limit (default 1000); 0 only evaluates the input. */
    public T maxSteps(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("the step limit cannot be negative, got " + steps);
        }
        this.maxSteps = steps;
        return self();
    }

    /** Fixes atoms in place (0-based indices), replacing any earlier list; their forces do not count for convergence. */
    public T freeze(int... atoms) {
        for (int atom : atoms) {
            if (atom < 0) {
                throw new IllegalArgumentException("atom indices are 0-based and non-negative, got " + atom);
            }
        }
        this.frozenAtoms = atoms.clone();
        return self();
    }

    /**
     * Calls {@code observer} with the input structure (step 0) and after every {@code everyNSteps}-th step, as ASE's
     * {@code attach(function, interval)} and as {@link io.github.cdknnp.md.Integrator#attach} for MD.
     */
    public T attach(OptimizationObserver observer, int everyNSteps) {
        Objects.requireNonNull(observer, "observer");
        if (everyNSteps < 1) {
            throw new IllegalArgumentException("observers are called every N >= 1 steps, got " + everyNSteps);
        }
        observers.add(new Attached(observer, everyNSteps));
        return self();
    }

    /**
     * Minimizes the energy of one structure; {@code positions} is not modified.
     *
     * @param potential  the potential energy surface
     * @param positions  flat starting positions, Å
     * @param fmaxEvPerA converge when no atom feels a force larger than this, eV/Å
     * @throws InvalidGeometryException when the starting positions are not finite or atoms overlap
     * @throws CalculationException     when the starting structure cannot be evaluated
     */
    public OptimizationResult minimize(Potential potential, double[] positions, double fmaxEvPerA) {
        return minimizeAll(BatchPotential.sequential(List.of(potential)), List.of(positions), fmaxEvPerA).get(0);
    }

    /**
     * Minimizes many structures together: each iteration evaluates, in one {@link BatchPotential#compute} call,
     * only the structures still running. Each keeps its own optimizer state, convergence and result, and ends
     * up exactly where a single run would.
     *
     * @param positions one flat array of starting positions (Å) per structure; not modified
     * @return one result per structure, in order
     * @throws CalculationException when a starting structure cannot be evaluated
     */
    public List<OptimizationResult> minimizeAll(BatchPotential potential, List<double[]> positions, double fmaxEvPerA) {
        return new OptimizationRun(this, potential, positions, null, fmaxEvPerA).run();
    }

    /**
     * Continues earlier runs on to a tighter threshold from where they stopped, each with the optimizer state its
     * run ended with (for L-BFGS the curvature memory), so that what was learned is not thrown away: refining
     * conformers from 0.3 to 0.05 eV/Å this way takes fewer steps than fresh runs from the same positions. A
     * result of another optimizer class, or one continued before, starts from fresh state. Steps and histories of
     * the returned results count from the continuation.
     *
     * @param earlier results of earlier runs on the structures of {@code potential}, in order
     * @return one result per structure, in order
     */
    public List<OptimizationResult> continueAll(BatchPotential potential, List<OptimizationResult> earlier, double fmaxEvPerA) {
        List<double[]> positions = earlier.stream().map(OptimizationResult::positions).toList();
        List<Stepper> steppers = earlier.stream().map(r -> r.takeState(getClass())).toList();
        return new OptimizationRun(this, potential, positions, steppers, fmaxEvPerA).run();
    }

    /** Optimizes a molecule with explicit hydrogens and 3D coordinates to the default threshold of 0.05 eV/Å. */
    public OptimizationResult minimize(IAtomContainer molecule) {
        return minimize(molecule, DEFAULT_FMAX_EV_PER_A);
    }

    /** Optimizes a molecule with explicit hydrogens and 3D coordinates ({@link CdkStructure.Options#STRICT}). */
    public OptimizationResult minimize(IAtomContainer molecule, double fmaxEvPerA) {
        return minimize(molecule, fmaxEvPerA, CdkStructure.Options.STRICT);
    }

    /**
     * Optimizes a molecule in place: binds it with {@code options} (which may add hydrogens and coordinates;
     * generated coordinates are first repaired against the bond graph, see {@link GeneratedStart}), runs, and
     * writes back the final coordinates, the energy properties of {@link CdkStructure} and
     * {@link #CONVERGED_PROPERTY}, {@link #STEPS_PROPERTY}, {@link #FMAX_PROPERTY}. Other properties are kept.
     */
    public OptimizationResult minimize(IAtomContainer molecule, double fmaxEvPerA, CdkStructure.Options options) {
        return minimizeAll(List.of(molecule), fmaxEvPerA, options).get(0);
    }

    /** Optimizes many molecules in place through one batched potential; see {@link #minimize(IAtomContainer, double, CdkStructure.Options)}. */
    public List<OptimizationResult> minimizeAll(List<IAtomContainer> molecules, double fmaxEvPerA,
            CdkStructure.Options options) {
        if (forceField == null) {
            throw new IllegalStateException("this optimizer has no force field: create it with on(forceField) to optimize molecules");
        }
        List<CdkStructure> structures = new ArrayList<>(molecules.size());
        List<AtomicSystem> systems = new ArrayList<>(molecules.size());
        List<double[]> positions = new ArrayList<>(molecules.size());
        for (IAtomContainer molecule : molecules) {
            CdkStructure structure = CdkStructure.of(molecule, options, forceField);
            structures.add(structure);
            systems.add(structure.system());
            boolean generated = structure.molecule().getProperty(CdkStructure.GENERATED_COORDINATES) != null;
            positions.add(generated ? GeneratedStart.relax(CdkStructure.bondRestraintOf(structure.molecule()),
                    forceField.bind(structure.system()), structure.positions()) : structure.positions());
        }
        List<OptimizationResult> results = minimizeAll(forceField.bindBatch(systems), positions, fmaxEvPerA);
        for (int k = 0; k < results.size(); k++) {
            writeBack(structures.get(k), results.get(k));
        }
        return results;
    }

    private static void writeBack(CdkStructure structure, OptimizationResult result) {
        structure.writePositions(result.positions());
        structure.writeEnergy(result.energyEv());
        IAtomContainer molecule = structure.molecule();
        molecule.setProperty(CONVERGED_PROPERTY, Boolean.toString(result.converged()));
        molecule.setProperty(STEPS_PROPERTY, Integer.toString(result.steps()));
        molecule.setProperty(FMAX_PROPERTY, String.format(Locale.ROOT, "%.6f", result.fmaxEvPerA()));
        if (result.converged()) {
            molecule.removeProperty(CdkStructure.GENERATED_COORDINATES);
        }
    }

    int maxSteps() {
        return maxSteps;
    }

    int[] frozenAtoms() {
        return frozenAtoms;
    }

    List<Attached> observers() {
        return observers;
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }
}
