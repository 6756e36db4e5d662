package io.github.cdknnp.cli;

import io.github.cdknnp.ff.cdk.CdkStructure;
import io.github.cdknnp.io.MoleculeReader;
import io.github.cdknnp.task.InputPolicy;
import io.github.cdknnp.task.OptionException;
import java.nio.file.Path;
import java.util.List;
import org.openscience.cdk.interfaces.IAtomContainer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Input files and how to complete incomplete molecules. */
final class InputOptions {
    @Option(names = {"-i", "--input"}, required = true, arity = "1..*", paramLabel = "FILE",
            description = "Input files: SDF/MOL, SMILES (.smi), XYZ (multi-record allowed), CSV/TSV with a SMILES column "
                    + "(other columns carried as SD properties), optionally .gz.")
    List<Path> files;

    @Mixin
    InputPolicy policy;

    /**
     * Checks, before any model loads, that at least one input can be read; the others are reported per file as the run
     * reaches them.
     *
     * @throws OptionException naming the problem when none can
     */
    void check() {
        OptionException.check(() -> MoleculeReader.open(files).close());
    }

    /** Applies the fragment policy to a record's molecule, in place. */
    IAtomContainer prepare(IAtomContainer molecule) {
        return policy.prepare(molecule);
    }

    CdkStructure.Options completion() {
        return policy.completion();
    }
}
