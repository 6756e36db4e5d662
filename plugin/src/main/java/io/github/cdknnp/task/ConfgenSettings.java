package io.github.cdknnp.task;

import io.github.cdknnp.conformers.ConformerGenerator;
import io.github.cdknnp.ff.ForceField;
import java.io.Serializable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code confgen} makes of each molecule: how many conformers, from how many samples, pruned how, sampled
 * how ({@link SamplerOptions}); a picocli mixin, serializable so that a distributed job can ship it.
 */
public final class ConfgenSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    @Option(names = {"-n", "--conformers"}, defaultValue = "10", description = "Conformers per molecule, at most. Default: ${DEFAULT-VALUE}.")
    int conformers;

    @Option(names = "--samples", defaultValue = "0", description = "ConfGF samples drawn per molecule before refinement and pruning (torsion-sampled starts come on top, see --torsion-samples). Default: " + ConformerGenerator.DEFAULT_SAMPLES_PER_CONFORMER + " per conformer (-n), at least --min-samples.")
    int samples;

    @Option(names = "--window", defaultValue = "" + ConformerGenerator.DEFAULT_WINDOW_KCAL, paramLabel = "KCAL", description = "Energy window above the lowest conformer, kcal/mol. Default: ${DEFAULT-VALUE}.")
    double windowKcal;

    @Option(names = "--rmsd", defaultValue = "0.5", paramLabel = "ANGSTROM", description = "Conformers closer than this heavy-atom RMSD (symmetry-aware) are duplicates, Å. Default: ${DEFAULT-VALUE}.")
    double rmsd;

    @Mixin
    SamplerOptions sampler;

    /** A generator with these settings, refining with the given optimizer settings on the force field. */
    public ConformerGenerator generator(OptimizeSettings refinement, ForceField forceField) {
        return withCounts(sampler.builder(refinement, forceField)).build();
    }

    /**
     * Checks every value (the refinement's too), so that a bad option fails a run once, before the first record.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public void check(OptimizeSettings refinement) {
        refinement.check();
        sampler.check(refinement);
        withCounts(ConformerGenerator.builder());
    }

    /** A note for the user when these settings screen nothing (a screening threshold not looser than --fmax), or null. */
    public String screeningNote(OptimizeSettings refinement) {
        return sampler.screeningNote(refinement);
    }

    /** Sets the counts and pruning of these settings on {@code b}. */
    private ConformerGenerator.Builder withCounts(ConformerGenerator.Builder b) {
        if (conformers < 1) {
            throw new OptionException("-n must be at least 1, got " + conformers);
        }
        if (samples < 0) {
            throw new OptionException("--samples cannot be negative (0: as many as -n), got " + samples);
        }
        b.conformers(conformers).prune(windowKcal, rmsd);
        return samples > 0 ? b.samples(samples) : b;
    }
}
