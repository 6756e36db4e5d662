package io.github.cdknnp.task;

import io.github.cdknnp.ff.ForceField;
import io.github.cdknnp.opt.Bfgs;
import io.github.cdknnp.opt.Fire;
import io.github.cdknnp.opt.Lbfgs;
import io.github.cdknnp.opt.Optimizer;
import java.io.Serializable;
import picocli.CommandLine.Option;

/**
 * Optimizer choice and convergence settings of a geometry optimization: a picocli mixin ({@code --optimizer},
 * {@code --fmax}, {@code --max-steps}, {@code --max-step}), serializable so that a distributed job can ship it.
 */
public final class OptimizeSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The optimizers offered. */
    public enum Algorithm { lbfgs, fire, bfgs }

    @Option(names = "--optimizer", defaultValue = "lbfgs", description = "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Algorithm algorithm;

    @Option(names = "--fmax", defaultValue = "0.05", paramLabel = "EV_PER_A",
            description = "Convergence threshold on the largest per-atom force, eV/Å. Default: ${DEFAULT-VALUE}.")
    double fmaxEvPerA;

    @Option(names = "--max-steps", defaultValue = "" + Optimizer.DEFAULT_MAX_STEPS, description = "Step limit per record. Default: ${DEFAULT-VALUE}.")
    int maxSteps;

    @Option(names = "--max-step", defaultValue = "0.2", paramLabel = "ANGSTROM",
            description = "Largest displacement of any atom in one step, Å. Default: ${DEFAULT-VALUE}.")
    double maxStepAngstrom;

    @Option(names = "--precon", defaultValue = "" + Lbfgs.DEFAULT_PRECONDITIONER_EV_PER_A2, paramLabel = "EV_PER_A2",
            description = "Energy scale of L-BFGS's exponential preconditioner, eV/Å² (0: off, a scalar initial Hessian as ASE's LBFGS). Default: ${DEFAULT-VALUE}.")
    double preconditionerEvPerA2;

    /** How a start is made for a molecule without 3D coordinates. */
    public enum Embedder { confgf, cdk }

    @Option(names = "--embedder", defaultValue = "confgf", description = "3D starts for records without coordinates: "
            + "${COMPLETION-CANDIDATES} (ConfGF's best of four refined samples, or CDK ModelBuilder3D). Default: ${DEFAULT-VALUE}.")
    Embedder embedder;

    /** The convergence threshold on the largest per-atom force, eV/Å. */
    public double fmaxEvPerA() {
        return fmaxEvPerA;
    }

    /** The step limit per record (0: evaluate only). */
    public int maxSteps() {
        return maxSteps;
    }

    /**
     * A fresh optimizer: optimizers keep per-run state and are not shared between threads. With a null force field
     * it optimizes coordinates only.
     */
    public Optimizer<?> optimizer(ForceField ff) {
        Optimizer<?> optimizer = switch (algorithm) {
            case lbfgs -> (ff == null ? new Lbfgs() : Lbfgs.on(ff)).preconditioner(preconditionerEvPerA2);
            case fire -> ff == null ? new Fire() : Fire.on(ff);
            case bfgs -> ff == null ? new Bfgs() : Bfgs.on(ff);
        };
        return optimizer.maxSteps(maxSteps).maxStepAngstrom(maxStepAngstrom);
    }

    /**
     * Checks every value, so that a bad option fails a run once, before the first record, not every record.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public void check() {
        if (!(fmaxEvPerA > 0)) {
            throw new OptionException("--fmax must be positive, got " + fmaxEvPerA + " eV/Å");
        }
        optimizer(null);
    }
}
