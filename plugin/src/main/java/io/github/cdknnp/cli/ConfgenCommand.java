package io.github.cdknnp.cli;

import io.github.cdknnp.io.Console;
import io.github.cdknnp.conformers.ConformerGenerator;
import io.github.cdknnp.ff.Committee;
import io.github.cdknnp.task.ModelSession;
import io.github.cdknnp.io.MoleculeWriter;
import io.github.cdknnp.plot.Plots;
import io.github.cdknnp.task.ConfgenSettings;
import io.github.cdknnp.task.ConfgenTask;
import io.github.cdknnp.task.OptimizeSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.openscience.cdk.interfaces.IAtomContainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cdk-nnp confgen}: ConfGF conformers of every input record, refined and ranked by the NNP. */
@Command(name = "confgen", mixinStandardHelpOptions = true,
        description = {"Generates conformers of every input record (SMILES or SDF, with or without coordinates): ConfGF "
                + "annealed Langevin sampling, stereo kept, NNP refinement, duplicates and high-energy conformers removed.",
            "Each conformer is written with the input's SD properties, NNP_ENERGY_EV, NNP_ENERGY_KCAL_PER_MOL, "
                + "NNP_REL_ENERGY_KCAL_PER_MOL, NNP_CONFORMER_RANK, NNP_OPT_CONVERGED and NNP_INPUT_INDEX, lowest energy first."})
final class ConfgenCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Mixin
    ForceFieldOptions forceField;

    @Mixin
    BatchOptions batch;

    @Mixin
    ConfgenSettings settings;

    @Mixin
    OptimizeSettings refinement;

    @Option(names = "--plot", paramLabel = "DIR", description = "Write a PNG per record (relative energies of its conformers) into DIR.")
    Path plotDir;

    @Mixin
    ResumableOutput output;

    @Mixin
    UncertaintyOption uncertainty;

    /** A record's conformers and their SD text, written in one piece so a molecule is never half on disk. */
    private record Generated(ConformerGenerator.Result result, String sdf) {
    }

    @Override
    public Integer call() {
        input.check();
        ConfgenTask task = new ConfgenTask(input.policy, settings, refinement);
        String note = settings.screeningNote(refinement);
        if (note != null) {
            Console.info(note);
        }
        Committee committee = uncertainty.load(forceField);
        AtomicLong conformers = new AtomicLong();
        AtomicLong stereoDropped = new AtomicLong();
        AtomicLong broken = new AtomicLong();
        int code;
        try (ModelSession session = new ModelSession(forceField.load());
             ResumableOutput.Opened out = output.open(input.files)) {
            code = batch.runner("confgen", input.files, out.log(), out.done()).run(r -> {
                ConformerGenerator.Result result = task.generate(session, r);
                for (IAtomContainer c : result.conformers()) {
                    UncertaintyOption.annotate(committee, c, r);
                }
                if (plotDir != null && !result.conformers().isEmpty()) {
                    Plots.conformerEnergies(r.title(), result.relativeEnergiesKcal(), plotDir.resolve(PlotNames.of(r) + ".png"));
                }
                StringBuilder text = new StringBuilder();
                for (IAtomContainer c : result.conformers()) {
                    text.append(MoleculeWriter.sdfText(c));
                }
                return new Generated(result, text.toString());
            }, (r, generated) -> {
                conformers.addAndGet(generated.result().conformers().size());
                stereoDropped.addAndGet(generated.result().stereoDropped());
                broken.addAndGet(generated.result().broken());
                if (out.writer().writesSdf()) {
                    out.writer().writeSdfText(generated.sdf());
                } else {
                    generated.result().conformers().forEach(out.writer()::write);
                }
            });
        }
        Console.info(String.format("%d conformers written; samples dropped: %d violating the input's stereochemistry, %d with a broken bond",
                conformers.get(), stereoDropped.get(), broken.get()));
        return code;
    }
}
