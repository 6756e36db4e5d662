package io.github.cdknnp.cli;

import io.github.cdknnp.conformers.ConformerGenerator;
import io.github.cdknnp.conformers.SamplingSchedule;
import picocli.CommandLine.Option;

/** Options of the ConfGF sampler and the NNP refinement, shared by {@code confgen} and {@code confeval}. */
final class SamplerOptions {
    @Option(names = "--levels", description = "Noise levels of the annealed Langevin sampler (default: ${DEFAULT-VALUE}).", defaultValue = "25")
    int levels;

    @Option(names = "--steps", description = "Langevin steps per noise level (default: ${DEFAULT-VALUE}).", defaultValue = "8")
    int steps;

    @Option(names = "--step-size", description = "Langevin step size at the last level, Å² (default: ${DEFAULT-VALUE}).", defaultValue = "2e-4")
    double stepSize;

    @Option(names = "--sigma-end", description = "Last noise level, Å (default: ${DEFAULT-VALUE}).", defaultValue = "0.05")
    double sigmaEnd;

    @Option(names = "--confgf-original", description = "The original ConfGF schedule (50 levels x 100 steps, 10 -> 0.01 Å); overrides the four above.")
    boolean original;

    @Option(names = "--refine-steps", defaultValue = "500", description = "NNP L-BFGS steps per conformer; 0: no refinement, energies only (default: ${DEFAULT-VALUE}).")
    int refineSteps;

    @Option(names = "--fmax", defaultValue = "0.05", description = "Refinement force threshold, eV/Å (default: ${DEFAULT-VALUE}).")
    double fmax;

    @Option(names = "--score-backend", defaultValue = "auto", description = "Backend of the score network: auto, cpu, reference (default: ${DEFAULT-VALUE}).")
    String scoreBackend;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    SamplingSchedule schedule() {
        if (original) {
            return SamplingSchedule.CONFGF;
        }
        SamplingSchedule d = ConformerGenerator.DEFAULT_SCHEDULE;
        return new SamplingSchedule(d.sigmaStart(), sigmaEnd, levels, steps, stepSize, d.denoise());
    }

    /** A generator builder with these options applied. */
    ConformerGenerator.Builder builder() {
        return ConformerGenerator.builder().schedule(schedule()).seed(seed).scoreBackend(scoreBackend).refine(fmax, refineSteps);
    }
}
