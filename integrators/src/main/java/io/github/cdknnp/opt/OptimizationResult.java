package io.github.cdknnp.opt;

/**
 * The outcome of one optimization: final positions, energy and forces, how many steps and force
 * evaluations it took, whether it converged and why it stopped, and the energy and largest force per step
 * (index 0 is the starting structure) for plots. Not converging is a result, not an exception.
 *
 * <pre>{@code
 * OptimizationResult r = new Lbfgs().minimize(potential, positions, 0.05);
 * if (!r.converged()) {
 *     System.err.println(r.stopReason() + ": " + r.message());
 * }
 * double[] minimum = r.positions();
 * }</pre>
 */
public final class OptimizationResult {
    private final double[] positions;
    private final double energyEv;
    private final double[] forces;
    private final int steps;
    private final int forceEvaluations;
    private final StopReason stopReason;
    private final String message;
    private final double[] energyPerStepEv;
    private final double[] fmaxPerStepEvPerA;
    private Continuation continuation;

    /** The optimizer state a run ended with, for {@link Optimizer#continueAll}: which optimizer, and its stepper. */
    record Continuation(Class<?> optimizer, Optimizer.Stepper stepper) {
    }

    OptimizationResult(double[] positions, double energyEv, double[] forces, int steps, int forceEvaluations,
            StopReason stopReason, String message, double[] energyPerStepEv, double[] fmaxPerStepEvPerA,
            Continuation continuation) {
        this.positions = positions.clone();
        this.energyEv = energyEv;
        this.forces = forces.clone();
        this.steps = steps;
        this.forceEvaluations = forceEvaluations;
        this.stopReason = stopReason;
        this.message = message;
        this.energyPerStepEv = energyPerStepEv.clone();
        this.fmaxPerStepEvPerA = fmaxPerStepEvPerA.clone();
        this.continuation = continuation;
    }

    /**
     * Hands the final optimizer state over to a continuation by the same optimizer class, once (a state is mutable
     * and moves on with the continued run); null when the class differs or the state was taken already.
     */
    synchronized Optimizer.Stepper takeState(Class<?> optimizer) {
        if (continuation == null || continuation.optimizer() != optimizer) {
            return null;
        }
        Optimizer.Stepper stepper = continuation.stepper();
        continuation = null;
        return stepper;
    }

    /** Final flat positions, Å: the last structure that evaluated successfully. */
    public double[] positions() {
        return positions.clone();
    }

    /** Energy at the final positions, eV. */
    public double energyEv() {
        return energyEv;
    }

    /** Forces at the final positions, eV/Å, zero on frozen atoms. */
    public double[] forces() {
        return forces.clone();
    }

    /** Steps taken, each moving the atoms once; a step a line search rejects and retries counts too. */
    public int steps() {
        return steps;
    }

    /** Energy-and-force evaluations of this structure, the starting one included. */
    public int forceEvaluations() {
        return forceEvaluations;
    }

    /** True when the largest per-atom force reached the threshold. */
    public boolean converged() {
        return stopReason == StopReason.CONVERGED;
    }

    /** Largest per-atom force norm at the final positions, eV/Å (frozen atoms excluded). */
    public double fmaxEvPerA() {
        return fmaxPerStepEvPerA[fmaxPerStepEvPerA.length - 1];
    }

    /** Why the run stopped. */
    public StopReason stopReason() {
        return stopReason;
    }

    /** The stop reason in words, with details such as the failed calculation's message. */
    public String message() {
        return message;
    }

    /** Energy per step in eV, {@code steps() + 1} values starting with the input structure. */
    public double[] energyPerStepEv() {
        return energyPerStepEv.clone();
    }

    /** Largest per-atom force per step in eV/Å, {@code steps() + 1} values starting with the input structure. */
    public double[] fmaxPerStepEvPerA() {
        return fmaxPerStepEvPerA.clone();
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s after %d steps (%d evaluations): E = %.6f eV, fmax = %.4g eV/Å",
                stopReason, steps, forceEvaluations, energyEv, fmaxEvPerA());
    }
}
