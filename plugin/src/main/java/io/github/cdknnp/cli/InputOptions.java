package io.github.cdknnp.cli;

import io.github.cdknnp.ff.cdk.CdkStructure;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Input files and how to complete incomplete molecules. */
final class InputOptions {
    @Option(names = {"-i", "--input"}, required = true, arity = "1..*", paramLabel = "FILE",
            description = "Input files: SDF/MOL, SMILES (.smi), XYZ (multi-record allowed), optionally .gz.")
    List<Path> files;

    @Option(names = "--strict", description = "Require explicit hydrogens and 3D coordinates instead of "
            + "adding hydrogens and generating coordinates (CDK ModelBuilder3D, a rough start).")
    boolean strict;

    CdkStructure.Options completion() {
        return strict ? CdkStructure.Options.STRICT : CdkStructure.Options.COMPLETE;
    }
}
