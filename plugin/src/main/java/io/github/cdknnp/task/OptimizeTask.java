package io.github.cdknnp.task;

import io.github.cdknnp.ff.NnpException;
import io.github.cdknnp.io.MoleculeRecord;
import io.github.cdknnp.io.MoleculeWriter;
import io.github.cdknnp.opt.OptimizationResult;
import java.util.List;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * The {@code optimize} task: applies the input policy, optimizes the molecule in place and marks it with its input
 * index ({@link MoleculeWriter#INPUT_INDEX}); the molecule then carries its coordinates, energies and
 * {@code NNP_OPT_*} properties next to the input's SD properties. A record that does not converge is still an
 * output (with {@code NNP_OPT_CONVERGED=false}), not a failure.
 *
 * @param input    how the input molecule is completed and reduced
 * @param settings optimizer and convergence settings
 */
public record OptimizeTask(InputPolicy input, OptimizeSettings settings) implements MoleculeTask {
    /** @throws OptionException when a setting is invalid (checked here, once, not per record) */
    public OptimizeTask {
        OptionException.check(settings::check);
    }

    /** Optimizes the record's molecule in place and returns the optimizer's result (trajectory, convergence). */
    public OptimizationResult optimize(ModelSession session, MoleculeRecord record) {
        IAtomContainer molecule = settings.embedder == OptimizeSettings.Embedder.confgf
                ? input.prepareWithStart(record.molecule(), session.embedder()) : input.prepare(record.molecule());
        OptimizationResult result = settings.optimizer(session.forceField()).minimize(molecule, settings.fmaxEvPerA(), input.completion());
        String problem = GeometrySanity.problem(molecule);
        if (problem != null) {
            throw new NnpException("optimized geometry is " + problem + " (largest force " + String.format(
                    java.util.Locale.ROOT, "%.3g", result.fmaxEvPerA()) + " eV/Å; a broken or badly scaled input?)");
        }
        record.molecule().setProperty(MoleculeWriter.INPUT_INDEX, Long.toString(record.index()));
        return result;
    }

    /** Whether the ConfGF embedder (which refines its samples with the force field) makes this molecule's start. */
    public boolean embedsStart(IAtomContainer molecule) {
        return settings.embedder == OptimizeSettings.Embedder.confgf && input.completion().generate3d()
                && ConfGfEmbedder.samples(molecule);
    }

    @Override
    public List<IAtomContainer> apply(ModelSession session, MoleculeRecord record) {
        optimize(session, record);
        return List.of(record.molecule());
    }
}
