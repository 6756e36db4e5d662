package io.github.cdknnp.task;

import io.github.cdknnp.conformers.ConformerGenerator;
import io.github.cdknnp.io.MoleculeRecord;
import io.github.cdknnp.io.MoleculeWriter;
import java.util.List;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * The {@code confgen} task: applies the input policy, generates the molecule's conformers
 * ({@link ConformerGenerator}) and marks each with its input index; every conformer carries the input's SD
 * properties, its energies, relative energy and rank. The generator is built once per task and {@link ModelSession}
 * and shared by the threads of a run.
 *
 * @param input      how the input molecule is reduced
 * @param settings   conformer count, pruning and sampling
 * @param refinement optimizer and convergence of the NNP refinement
 */
public record ConfgenTask(InputPolicy input, ConfgenSettings settings, OptimizeSettings refinement) implements MoleculeTask {
    /** @throws OptionException when a setting is invalid (checked here, once, not per record) */
    public ConfgenTask {
        OptionException.check(() -> settings.check(refinement));
    }

    /** Generates the conformers of a record's molecule. */
    public ConformerGenerator.Result generate(ModelSession session, MoleculeRecord record) {
        ConformerGenerator generator = session.generator(this, () -> settings.generator(refinement, session.forceField()));
        ConformerGenerator.Result result = generator.generate(input.prepare(record.molecule()));
        for (IAtomContainer c : result.conformers()) {
            c.setProperty(MoleculeWriter.INPUT_INDEX, Long.toString(record.index()));
        }
        return result;
    }

    @Override
    public List<IAtomContainer> apply(ModelSession session, MoleculeRecord record) {
        return generate(session, record).conformers();
    }

}
