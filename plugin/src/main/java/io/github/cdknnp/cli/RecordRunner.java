package io.github.cdknnp.cli;

import io.github.cdknnp.io.FailureLog;
import io.github.cdknnp.io.MoleculeReader;
import io.github.cdknnp.io.MoleculeRecord;
import java.util.List;
import java.nio.file.Path;

/**
 * Runs a task over every input record: a record that cannot be read or processed is logged with its
 * reason and the run goes on. Prints a summary and turns the counts into the exit code.
 */
final class RecordRunner {
    /** Exit code when every record succeeded. */
    static final int ALL_OK = 0;
    /** Exit code when some records failed and the others were written. */
    static final int SOME_FAILED = 1;
    /** Exit code when no record succeeded (or the run could not start). */
    static final int NONE_OK = 3;

    /** The work for one record; throws to report the record as failed. */
    interface Task {
        void process(MoleculeRecord record) throws Exception;
    }

    private RecordRunner() {
    }

    /**
     * Processes all records of the inputs.
     *
     * @param inputs input files
     * @param log    where failures go
     * @param task   what to do with each readable record
     * @return the exit code
     */
    static int run(List<Path> inputs, FailureLog log, Task task) {
        long ok = 0;
        long total = 0;
        try (MoleculeReader reader = MoleculeReader.open(inputs)) {
            for (MoleculeRecord r : reader) {
                total++;
                if (!r.ok()) {
                    log.add(r.index(), r.source(), r.title(), r.error());
                    continue;
                }
                try {
                    task.process(r);
                    ok++;
                } catch (Exception e) {
                    log.add(r.index(), r.source(), r.title(), message(e));
                }
            }
        }
        long failed = total - ok;
        System.err.printf("%d records: %d done, %d failed%s%n", total, ok, failed,
                failed > 0 ? " (see " + log.file() + ")" : "");
        if (total == 0) {
            System.err.println("no records found in the input");
            return NONE_OK;
        }
        return failed == 0 ? ALL_OK : ok > 0 ? SOME_FAILED : NONE_OK;
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        return m.replaceAll("\\s+", " ").strip();
    }
}
