package io.github.cdknnp.cli;

import io.github.cdknnp.io.FailureLog;
import io.github.cdknnp.io.MoleculeWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import picocli.CommandLine.Option;

/** The output file of a batch command and {@code --resume}: the writer, its failure log and the records already done. */
final class ResumableOutput {
    @Option(names = "--resume", description = "Continue an interrupted (or extend a finished) run into the same SDF output: "
            + "records already written or logged as failed are skipped.")
    boolean resume;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Output file (.sdf or .xyz, optionally .gz).")
    Path output;

    /** An opened output: write to {@code writer}, log to {@code log}, skip the input indices in {@code done}. */
    record Opened(MoleculeWriter writer, FailureLog log, Set<Long> done) implements AutoCloseable {
        @Override
        public void close() {
            try (MoleculeWriter w = writer; FailureLog l = log) {
                // both closed, the log even when the writer fails
            }
        }
    }

    /** Opens the output, resuming an earlier run when asked. */
    Opened open() {
        MoleculeWriter.Resumed resumed = resume ? MoleculeWriter.resume(output)
                : new MoleculeWriter.Resumed(MoleculeWriter.open(output), Set.of());
        FailureLog log = resume ? FailureLog.resume(output) : FailureLog.beside(output);
        Set<Long> done = new HashSet<>(resumed.done());
        done.addAll(log.indices());
        return new Opened(resumed.writer(), log, done);
    }
}
