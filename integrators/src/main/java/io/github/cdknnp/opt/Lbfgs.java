package io.github.cdknnp.opt;

import io.github.cdknnp.ff.ForceField;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;

/**
 * Limited-memory BFGS: the inverse Hessian is never stored, only the last {@code memory} position and
 * gradient changes, applied with the two-loop recursion (Nocedal &amp; Wright, <i>Numerical Optimization</i>,
 * 2nd ed., Algorithm 7.4; Liu &amp; Nocedal, Math. Program. 45, 503 (1989)). Like ASE's {@code LBFGS} it takes
 * full quasi-Newton steps with memory 100 and steps capped at 0.2 Å per atom. The recursion starts from the
 * inverse of an exponential preconditioner built at the current positions ({@code ExpPreconditioner}, the one of
 * ASE's {@code PreconLBFGS}, with its scale μ fixed at 6 eV/Å²), which gives stiff bonds stiff springs and soft
 * torsions soft ones; chosen by measurement with the default NNP (docs/conformers.md, "Preconditioned L-BFGS").
 * Without it ({@link #preconditioner(double)} 0) the initial Hessian
 * is a scalar, 40 eV/Å² (ASE: 70).
 * Pairs with non-positive curvature ({@code sᵀy <= 0}) are not remembered, keeping the implied Hessian
 * positive definite. Memory use is {@code 2 · memory · 3N} doubles, so it suits large systems.
 *
 * <p>One safeguard ASE lacks, the criterion of the backtracking L-BFGS in the Wales group's pele: a step that raises
 * the energy by more than {@link #maxEnergyRiseEv(double)} (default 10⁻⁴ eV) is undone and retried at half
 * length; after 10 halvings the memory is cleared. Without it, a long step into a steep repulsive wall can
 * throw the structure into another basin. Retried steps count as steps. Energies are otherwise not used, so
 * noisy (single-precision) energies below the tolerance do not disturb convergence.
 *
 * <pre>{@code
 * OptimizationResult r = Lbfgs.on(forceField).minimize(molecule, 0.05);
 * OptimizationResult s = new Lbfgs().memory(20).maxSteps(500).minimize(potential, positions, 0.01);
 * }</pre>
 */
public final class Lbfgs extends Optimizer<Lbfgs> {
    /** Default number of remembered steps (as ASE). */
    public static final int DEFAULT_MEMORY = 100;
    /** Default initial Hessian guess, eV/Å² (ASE's {@code alpha}). */
    public static final double DEFAULT_INITIAL_HESSIAN_EV_PER_A2 = 40;
    /** Default energy scale μ of the exponential preconditioner, eV/Å². */
    public static final double DEFAULT_PRECONDITIONER_EV_PER_A2 = 6;
    /** Default largest energy rise accepted in one step, eV. */
    public static final double DEFAULT_MAX_ENERGY_RISE_EV = 1e-4;

    private int memory = DEFAULT_MEMORY;
    private double maxEnergyRiseEv = DEFAULT_MAX_ENERGY_RISE_EV;
    private double initialHessianEvPerA2 = DEFAULT_INITIAL_HESSIAN_EV_PER_A2;
    private double preconditionerEvPerA2 = DEFAULT_PRECONDITIONER_EV_PER_A2;

    /** An optimizer for coordinates and potentials only (no molecule methods). */
    public Lbfgs() {
        super(null);
    }

    private Lbfgs(ForceField forceField) {
        super(forceField);
    }

    /** An optimizer that can also optimize CDK molecules with {@code forceField}. */
    public static Lbfgs on(ForceField forceField) {
        return new Lbfgs(Objects.requireNonNull(forceField, "forceField"));
    }

    /** Sets how many recent steps are remembered (default 100). */
    public Lbfgs memory(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("L-BFGS needs a memory of at least 1 step, got " + steps);
        }
        this.memory = steps;
        return this;
    }

    /**
     * Sets the energy scale μ of the exponential preconditioner, eV/Å² (default 6), or turns it off with 0: the
     * initial inverse Hessian is then the scalar of {@link #initialHessianEvPerA2(double)}, as in ASE's {@code LBFGS}.
     */
    public Lbfgs preconditioner(double muEvPerA2) {
        if (!(muEvPerA2 >= 0)) {
            throw new IllegalArgumentException("the preconditioner scale cannot be negative, got " + muEvPerA2 + " eV/Å²");
        }
        this.preconditionerEvPerA2 = muEvPerA2;
        return this;
    }

    /** Sets the initial Hessian guess without a preconditioner, eV/Å² (default 40): larger means shorter first steps. */
    public Lbfgs initialHessianEvPerA2(double hessian) {
        if (!(hessian > 0)) {
            throw new IllegalArgumentException("the initial Hessian must be positive, got " + hessian + " eV/Å²");
        }
        this.initialHessianEvPerA2 = hessian;
        return this;
    }

    /**
     * Sets the largest energy rise a step may cause, eV (default 1e-4); a step rising further is retried at half
     * length. {@code Double.POSITIVE_INFINITY} accepts every step, exactly as ASE's {@code LBFGS}.
     */
    public Lbfgs maxEnergyRiseEv(double rise) {
        if (!(rise >= 0)) {
            throw new IllegalArgumentException("the energy rise limit cannot be negative, got " + rise + " eV");
        }
        this.maxEnergyRiseEv = rise;
        return this;
    }

    @Override
    protected Stepper newStepper(int atomCount) {
        return new History(3 * atomCount, memory, 1 / initialHessianEvPerA2,
                preconditionerEvPerA2 > 0 ? new ExpPreconditioner(preconditionerEvPerA2) : null, maxStepAngstrom(), maxEnergyRiseEv);
    }

    /** One remembered step: position change s, gradient change y and 1/(yᵀs). */
    private record Pair(double[] s, double[] y, double rho) {
    }

    private static final class History extends BacktrackingStepper {
        private final int memory;
        private final double initialInverseHessian;
        private final ExpPreconditioner preconditioner;
        private final ArrayDeque<Pair> pairs = new ArrayDeque<>();

        History(int length, int memory, double initialInverseHessian, ExpPreconditioner preconditioner,
                double maxStepAngstrom, double maxRiseEv) {
            super(length, maxStepAngstrom, 0, maxRiseEv);
            this.memory = memory;
            this.initialInverseHessian = initialInverseHessian;
            this.preconditioner = preconditioner;
        }

        /** The two-loop recursion, run on q = f so that it yields H·f = −H·g directly. */
        @Override
        void direction(double[] x, double[] f, double[] q) {
            System.arraycopy(f, 0, q, 0, f.length);
            double[] a = new double[pairs.size()];
            int k = pairs.size();
            for (Iterator<Pair> newestFirst = pairs.descendingIterator(); newestFirst.hasNext(); ) {
                Pair p = newestFirst.next();
                a[--k] = p.rho * Vectors.dot(p.s, q);
                Vectors.axpy(-a[k], p.y, q);
            }
            if (preconditioner != null) {
                double[] z = new double[q.length];
                preconditioner.solve(x, q, z);
                System.arraycopy(z, 0, q, 0, q.length);
            } else {
                for (int i = 0; i < q.length; i++) {
                    q[i] *= initialInverseHessian;
                }
            }
            for (Pair p : pairs) {
                double b = p.rho * Vectors.dot(p.y, q);
                Vectors.axpy(a[k++] - b, p.s, q);
            }
        }

        @Override
        void update(double[] s, double[] y) {
            double ys = Vectors.dot(y, s);
            if (ys > 0) {
                if (pairs.size() == memory) {
                    pairs.removeFirst();
                }
                pairs.addLast(new Pair(s, y, 1 / ys));
            }
        }

        @Override
        void reset() {
            pairs.clear();
        }
    }
}
