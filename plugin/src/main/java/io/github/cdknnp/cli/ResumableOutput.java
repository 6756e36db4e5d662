package io.github.cdknnp.cli;

import io.github.cdknnp.io.FailureLog;
import io.github.cdknnp.io.MoleculeWriter;
import io.github.cdknnp.task.OptionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The output file of a batch command and {@code --resume}: the writer, its failure log and the records already done.
 * Every run writes to {@code <output>.part} (so a run killed even with {@code kill -9} can be resumed), holds a lock
 * on the output ({@link OutputLock}), and records what it computes from ({@link RunFingerprint}).
 */
final class ResumableOutput {
    @Option(names = "--resume", description = "Continue an interrupted (or extend a finished) run into the same SDF output: "
            + "records already written or logged as failed are skipped. Refused when the inputs or options differ.")
    boolean resume;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
            description = "Output file (.sdf, .xyz, .smi, .mol2 or .pdb, optionally .gz; SD properties only in SDF); - writes "
                    + "SDF to standard output when the run ends.")
    Path output;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** An opened output: write to {@code writer}, log to {@code log}, skip the input indices in {@code done}. */
    record Opened(MoleculeWriter writer, FailureLog log, Set<Long> done, OutputLock lock, Path toStdout)
            implements AutoCloseable {
        @Override
        public void close() {
            try (OutputLock l = lock; FailureLog f = log; MoleculeWriter w = writer) {
                // closed in reverse order: the writer, the log even when the writer fails, the lock last
            }
            if (toStdout != null && Files.exists(toStdout)) {
                try {
                    Files.copy(toStdout, Main.results());
                    Main.results().flush();
                    Files.delete(toStdout);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot write to standard output: " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * Opens the output for a run over {@code inputs}, resuming an earlier run when asked.
     *
     * @throws OptionException when the output is one of the inputs, another run holds it, or {@code --resume} meets
     *                         an output computed from other inputs or options
     */
    Opened open(List<Path> inputs) {
        if (output.equals(Path.of("-"))) {
            if (resume) {
                throw new OptionException("--resume needs an output file, not - (standard output)");
            }
            try {
                Path file = Files.createTempDirectory("cdknnp-stdout").resolve("stdout.sdf");
                file.getParent().toFile().deleteOnExit();
                FailureLog log = FailureLog.beside(file);
                return new Opened(MoleculeWriter.open(file), log, new HashSet<>(log.indices()), null, file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot create a temporary output: " + e.getMessage(), e);
            }
        }
        for (Path input : inputs) {
            if (sameFile(input, output)) {
                throw new OptionException("-o " + output + " is also an input: choose another output file");
            }
        }
        OptionException.check(() -> MoleculeWriter.checkFormat(output, resume));
        OutputLock lock = OutputLock.acquire(output);
        try {
            RunFingerprint fingerprint = RunFingerprint.of(command, inputs);
            if (resume) {
                fingerprint.checkResumable(output);
            }
            MoleculeWriter.Resumed resumed = resume ? MoleculeWriter.resume(output)
                    : new MoleculeWriter.Resumed(MoleculeWriter.restartable(output), Set.of());
            fingerprint.write(output);
            FailureLog log = resume ? FailureLog.resume(output) : FailureLog.beside(output);
            Set<Long> done = new HashSet<>(resumed.done());
            done.addAll(log.indices());
            return new Opened(resumed.writer(), log, done, lock, null);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) ? Files.isSameFile(a, b)
                    : a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        } catch (IOException e) {
            return false;
        }
    }
}
