package io.github.cdknnp.cli;

import io.github.cdknnp.ff.cdk.CdkStructure;
import io.github.cdknnp.io.MoleculeReader;
import io.github.cdknnp.task.ConfGfEmbedder;
import io.github.cdknnp.task.InputPolicy;
import io.github.cdknnp.task.OptionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.openscience.cdk.interfaces.IAtomContainer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Input files and how to complete incomplete molecules. */
final class InputOptions {
    @Option(names = {"-i", "--input"}, required = true, arity = "1..*", paramLabel = "FILE",
            description = "Input files: SDF/MOL, SMILES (.smi), XYZ (multi-record allowed), CSV/TSV with a SMILES column "
                    + "(other columns carried as SD properties), optionally .gz; - reads standard input (with --input-format).")
    List<Path> files;

    @Option(names = "--input-format", paramLabel = "EXT", description = "Format of standard input (-i -): sdf, smi, xyz, "
            + "csv or tsv (optionally with .gz).")
    String stdinFormat;

    @Mixin
    InputPolicy policy;

    /**
     * Checks, before any model loads, that at least one input can be read; the others are reported per file as the run
     * reaches them.
     *
     * @throws OptionException naming the problem when none can
     */
    void check() {
        if (files.contains(Path.of("-"))) {
            files = files.stream().map(f -> f.equals(Path.of("-")) ? standardInput() : f).toList();
        }
        OptionException.check(() -> MoleculeReader.open(files).close());
    }

    /** Standard input, copied to a temporary file named for its format (read once, deleted on exit). */
    private Path standardInput() {
        if (stdinFormat == null) {
            throw new OptionException("-i - (standard input) needs --input-format sdf|smi|xyz|csv|tsv");
        }
        try {
            Path dir = Files.createTempDirectory("cdknnp-stdin");
            Path file = dir.resolve("stdin." + stdinFormat.replaceFirst("^\\.", ""));
            OptionException.check(() -> MoleculeReader.format(file));
            Files.copy(System.in, file);
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input: " + e.getMessage(), e);
        }
    }

    /** {@link InputPolicy#prepareWithStart}: the input policy and, where coordinates are generated, a ConfGF start. */
    IAtomContainer prepareWithStart(IAtomContainer molecule, ConfGfEmbedder embedder) {
        return policy.prepareWithStart(molecule, embedder);
    }

    CdkStructure.Options completion() {
        return policy.completion();
    }
}
