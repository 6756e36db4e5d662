package io.github.cdknnp.cli;

import io.github.cdknnp.io.Console;
import io.github.cdknnp.io.FailureLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options of commands that run over many records: threads, progress and what is said on standard error. */
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

    @Option(names = {"-q", "--quiet"}, description = "Show only errors and warnings on standard error (no progress, "
            + "no run information).")
    void quiet(boolean on) {
        Console.level(on ? Console.Level.QUIET : Console.Level.NORMAL);
    }

    @Option(names = {"-v", "--verbose"}, description = "Also show details on standard error, e.g. each record's time.")
    void verbose(boolean on) {
        Console.level(on ? Console.Level.VERBOSE : Console.Level.NORMAL);
    }

    @Option(names = "--log", paramLabel = "FILE", description = "Append every message of the run, whatever the level, "
            + "with a UTC time stamp to FILE.")
    void log(Path file) {
        Console.logTo(file);
    }

    /** A runner over the inputs that skips the records in {@code done}, with a progress display of its records. */
    RecordRunner runner(String task, List<Path> inputs, FailureLog log, Set<Long> done) {
        return runner(task, inputs, log, done, true);
    }

    /** As {@link #runner(String, List, FailureLog, Set)}, with or without the records' progress display. */
    RecordRunner runner(String task, List<Path> inputs, FailureLog log, Set<Long> done, boolean recordProgress) {
        return new RecordRunner(inputs, log, threads, done, showsProgress() && recordProgress ? Progress.of(task, inputs) : null)
                .timeoutSeconds(timeoutSeconds);
    }

    /** Whether progress is shown (not --no-progress, not --quiet). */
    boolean showsProgress() {
        return !noProgress && Console.showsProgress();
    }
}
