package io.github.cdknnp.task;

import io.github.cdknnp.conformers.ConformerGenerator;
import io.github.cdknnp.conformers.SamplingSchedule;
import io.github.cdknnp.ff.ForceField;
import io.github.cdknnp.ff.model.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.Serializable;
import picocli.CommandLine.Option;

/**
 * Options of the ConfGF sampler: a picocli mixin ({@code --levels}, {@code --steps}, {@code --step-size},
 * {@code --sigma-end}, {@code --confgf-original}, {@code --score-backend}, {@code --seed}), serializable so that a
 * distributed job can ship it. Refinement settings come from {@link OptimizeSettings}.
 */
public final class SamplerOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    @Option(names = "--levels", defaultValue = "100", description = "Noise levels of the annealed Langevin sampler. Default: ${DEFAULT-VALUE}.")
    int levels;

    @Option(names = "--steps", defaultValue = "3", description = "Langevin steps per noise level. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--step-size", defaultValue = "8e-5", paramLabel = "A2", description = "Langevin step size at the last level, Å². Default: ${DEFAULT-VALUE}.")
    double stepSize;

    @Option(names = "--sigma-end", defaultValue = "0.01", paramLabel = "ANGSTROM", description = "Last noise level, Å. Default: ${DEFAULT-VALUE}.")
    double sigmaEnd;

    @Option(names = "--confgf-original", description = "The original ConfGF schedule (50 levels x 100 steps, 10 -> 0.01 Å); overrides the four above.")
    boolean original;

    @Option(names = "--score-backend", defaultValue = "auto", description = "Backend of the score network: auto, cpu, reference. Default: ${DEFAULT-VALUE}.")
    String scoreBackend;

    @Option(names = "--score-model", paramLabel = "FILE", description = "ConfGF score-network file (HDF5, cdk-nnp format). Default: the embedded model.")
    String scoreModel;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--torsion-samples", defaultValue = "1", paramLabel = "PER_SAMPLE", description = "Starts per ConfGF sample made "
            + "by turning the rotatable bonds of the lowest-energy refined samples, refined and pooled with them. Default: ${DEFAULT-VALUE}.")
    double torsionSamples;

    @Option(names = "--local-samples", defaultValue = "" + ConformerGenerator.DEFAULT_LOCAL_SAMPLES, paramLabel = "PER_SAMPLE",
            description = "Starts per ConfGF sample made by turning 1-3 bonds (or flipping ring corners) of the lowest distinct "
            + "refined conformers, a Monte Carlo multiple-minimum step (0: off). Default: ${DEFAULT-VALUE}.")
    double localSamples;

    @Option(names = "--min-samples", defaultValue = "" + ConformerGenerator.DEFAULT_MIN_SAMPLES, paramLabel = "N", description = "Fewest "
            + "ConfGF samples per molecule, however few conformers are asked for (1: no floor). Default: ${DEFAULT-VALUE}.")
    int minSamples;

    @Option(names = "--screen-fmax", defaultValue = "0.3", paramLabel = "EV_PER_A", description = "Refine every start to this looser "
            + "threshold first and only twice the requested conformers, chosen as --spread says, on to --fmax (0: off). Default: ${DEFAULT-VALUE}.")
    double screenFmax;

    @Option(names = "--spread", defaultValue = "" + ConformerGenerator.DEFAULT_SPREAD, paramLabel = "ANGSTROM", description = "Pick "
            + "conformers at least this heavy-atom RMSD apart first, then fill up with the lowest other distinct ones "
            + "(at or below --rmsd: simply the lowest). Default: ${DEFAULT-VALUE}.")
    double spread;

    /** The schedule these options describe. */
    public SamplingSchedule schedule() {
        if (original) {
            return SamplingSchedule.CONFGF;
        }
        SamplingSchedule d = ConformerGenerator.DEFAULT_SCHEDULE;
        return new SamplingSchedule(d.sigmaStart(), sigmaEnd, levels, steps, stepSize, d.denoise());
    }

    /** A generator builder with these options, refining with the given optimizer settings and force field. */
    public ConformerGenerator.Builder builder(OptimizeSettings refinement, ForceField forceField) {
        ConformerGenerator.Builder b = withoutModels(refinement, forceField);
        return scoreModel == null ? b : b.scoreModel(ModelFile.readScoreNet(Path.of(scoreModel)));
    }

    /**
     * Checks every value without loading anything (a run checks before its first record, a distributed job on every
     * executor).
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public void check(OptimizeSettings refinement) {
        withoutModels(refinement, null);
        if (scoreModel != null && !Files.isReadable(Path.of(scoreModel))) {
            throw new OptionException("--score-model: cannot read " + scoreModel);
        }
    }

    private ConformerGenerator.Builder withoutModels(OptimizeSettings refinement, ForceField forceField) {
        return ConformerGenerator.builder().schedule(schedule()).seed(seed).scoreBackend(scoreBackend)
                .forceField(forceField).refine(() -> refinement.optimizer(forceField), refinement.fmaxEvPerA())
                .torsionSamples(torsionSamples).localSamples(localSamples).minSamples(minSamples).screen(screenFmax)
                .spread(spread);
    }

    /** A note for the user when the screening threshold is on but not looser than --fmax (so nothing is screened), or null. */
    public String screeningNote(OptimizeSettings refinement) {
        return screenFmax > 0 && screenFmax <= refinement.fmaxEvPerA()
                ? "note: --screen-fmax " + screenFmax + " is not looser than --fmax " + refinement.fmaxEvPerA()
                        + ": every start is refined to --fmax, none is screened out early"
                : null;
    }
}
