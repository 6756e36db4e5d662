package io.github.cdknnp.cli;

import io.github.cdknnp.io.FailureLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options of commands that run over many records: threads and progress. */
final class BatchOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    int threads = 1;

    @Option(names = "--threads", defaultValue = "1",
            description = "Worker threads; the output is the same for any count. Default: ${DEFAULT-VALUE}.")
    void threads(int n) {
        if (n < 1) {
            throw new ParameterException(command.commandLine(), "--threads must be at least 1, got " + n);
        }
        threads = n;
    }

    @Option(names = "--no-progress", description = "Do not report progress on standard error.")
    boolean noProgress;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "900",
            description = "Give up on a record after this long and go on with the others (0: no limit). Default: ${DEFAULT-VALUE}.")
    double timeoutSeconds;

    /** A runner over the inputs that skips the records in {@code done}. */
    RecordRunner runner(String task, List<Path> inputs, FailureLog log, Set<Long> done) {
        return new RecordRunner(inputs, log, threads, done, noProgress ? null : Progress.of(task, inputs))
                .timeoutSeconds(timeoutSeconds);
    }
}
