package io.github.cdknnp.opt;

import io.github.cdknnp.ff.ForceField;
import java.util.Arrays;
import java.util.Objects;

/**
 * BFGS with a dense inverse Hessian and a backtracking line search: each quasi-Newton direction is tried
 * at full length (capped at the maximum step) and halved until the energy satisfies the Armijo sufficient
 * decrease condition (Nocedal &amp; Wright, <i>Numerical Optimization</i>, 2nd ed., Algorithm 3.1 with the
 * BFGS update of Eq. 6.17). Curvature pairs with {@code sᵀy <= 0} are skipped, so the inverse Hessian stays
 * positive definite; after 10 halvings the Hessian is reset to its initial guess, 1/70 Å²/eV as ASE's
 * {@code BFGS}. The line search uses energies, so energies must be precise enough to rank nearby points. Every trial is one step: rejected trials count as steps and appear in the per-step trace.
 *
 * <p><b>Size limit.</b> The inverse Hessian holds (3N)² doubles and each update costs O((3N)²), fine up to a
 * few hundred atoms; systems above {@link #MAX_ATOMS} are refused with a pointer to {@link Lbfgs}.
 *
 * <pre>{@code
 * OptimizationResult r = Bfgs.on(forceField).maxSteps(200).minimize(molecule, 0.01);
 * }</pre>
 */
public final class Bfgs extends Optimizer<Bfgs> {
    /** Largest system accepted: a 1500 × 1500 inverse Hessian, 18 MB. */
    public static final int MAX_ATOMS = 500;
    /** Default initial Hessian guess, eV/Å² (ASE's {@code alpha}). */
    public static final double DEFAULT_INITIAL_HESSIAN_EV_PER_A2 = 70;
    /** Armijo constant c₁: a trial must lower the energy by at least this fraction of the linear prediction. */
    public static final double ARMIJO = 1e-4;

    private double initialHessianEvPerA2 = DEFAULT_INITIAL_HESSIAN_EV_PER_A2;

    /** An optimizer for coordinates and potentials only (no molecule methods). */
    public Bfgs() {
        super(null);
    }

    private Bfgs(ForceField forceField) {
        super(forceField);
    }

    /** An optimizer that can also optimize CDK molecules with {@code forceField}. */
    public static Bfgs on(ForceField forceField) {
        return new Bfgs(Objects.requireNonNull(forceField, "forceField"));
    }

    /** Sets the initial Hessian guess, eV/Å² (default 70). */
    public Bfgs initialHessianEvPerA2(double hessian) {
        if (!(hessian > 0)) {
            throw new IllegalArgumentException("the initial Hessian must be positive, got " + hessian + " eV/Å²");
        }
        this.initialHessianEvPerA2 = hessian;
        return this;
    }

    @Override
    protected Stepper newStepper(int atomCount) {
        if (atomCount > MAX_ATOMS) {
            throw new IllegalArgumentException("Bfgs stores a dense inverse Hessian and takes at most " + MAX_ATOMS
                    + " atoms, got " + atomCount + "; use Lbfgs for larger systems");
        }
        return new InverseHessian(3 * atomCount, 1 / initialHessianEvPerA2, maxStepAngstrom());
    }

    /** A dense symmetric inverse Hessian approximation, row-major, driving the line search. */
    private static final class InverseHessian extends BacktrackingStepper {
        private final int n;
        private final double initial;
        private final double[] h;

        InverseHessian(int n, double initial, double maxStepAngstrom) {
            super(n, maxStepAngstrom, ARMIJO, 0);
            this.n = n;
            this.initial = initial;
            this.h = new double[n * n];
            reset();
        }

        @Override
        void reset() {
            Arrays.fill(h, 0);
            for (int i = 0; i < n; i++) {
                h[i * n + i] = initial;
            }
        }

        @Override
        void direction(double[] x, double[] forces, double[] out) {
            multiply(forces, out);
        }

        private void multiply(double[] v, double[] out) {
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    sum += h[i * n + j] * v[j];
                }
                out[i] = sum;
            }
        }

        /** H ← (I − ρsyᵀ) H (I − ρysᵀ) + ρssᵀ with ρ = 1/(yᵀs), skipped unless yᵀs > 0. */
        @Override
        void update(double[] s, double[] y) {
            double ys = Vectors.dot(y, s);
            if (!(ys > 0)) {
                return;
            }
            double rho = 1 / ys;
            double[] hy = new double[n];
            multiply(y, hy);
            double ss = rho * rho * Vectors.dot(y, hy) + rho;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    h[i * n + j] += ss * s[i] * s[j] - rho * (hy[i] * s[j] + s[i] * hy[j]);
                }
            }
        }
    }
}
