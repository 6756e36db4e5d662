package io.github.cdknnp.cli;

import io.github.cdknnp.ff.cdk.CdkStructure;
import io.github.cdknnp.ff.cdk.Fragments;
import java.nio.file.Path;
import java.util.List;
import org.openscience.cdk.interfaces.IAtomContainer;
import picocli.CommandLine.Option;

/** Input files and how to complete incomplete molecules. */
final class InputOptions {
    @Option(names = {"-i", "--input"}, required = true, arity = "1..*", paramLabel = "FILE",
            description = "Input files: SDF/MOL, SMILES (.smi), XYZ (multi-record allowed), optionally .gz.")
    List<Path> files;

    @Option(names = "--strict", description = "Require explicit hydrogens and 3D coordinates instead of "
            + "adding hydrogens and generating coordinates (CDK ModelBuilder3D, a rough start).")
    boolean strict;

    @Option(names = "--keep-fragments", description = "Keep every fragment of salts and mixtures "
            + "(default: keep the largest fragment and list the others in NNP_STRIPPED_FRAGMENTS).")
    boolean keepFragments;

    /** Applies the fragment policy to a record's molecule, in place. */
    IAtomContainer prepare(IAtomContainer molecule) {
        if (!keepFragments) {
            Fragments.keepLargest(molecule);
        }
        return molecule;
    }

    CdkStructure.Options completion() {
        return strict ? CdkStructure.Options.STRICT : CdkStructure.Options.COMPLETE;
    }
}
