package io.github.cdknnp.task;

import io.github.cdknnp.io.Console;
import java.nio.file.Path;

/**
 * The counts of a batch run (records done, failed, skipped as done earlier), its closing summary line and its exit
 * code: {@link #ALL_OK}, {@link #SOME_FAILED} or {@link #NONE_OK}. Shared by the command line and the Spark job.
 */
public final class RunSummary {
    /** Exit code when every record succeeded. */
    public static final int ALL_OK = 0;
    /** Exit code when some records failed and the others were written. */
    public static final int SOME_FAILED = 1;
    /** Exit code when no record succeeded (or the run could not start). */
    public static final int NONE_OK = 3;

    private final long startNanos = System.nanoTime();
    private final long startCpuNanos = processCpuNanos();
    private long ok;
    private long failed;
    private long skipped;

    /** Counts a record done. */
    public void addOk() {
        ok++;
    }

    /** Counts a record failed. */
    public void addFailed() {
        failed++;
    }

    /** Counts a record skipped because an earlier run did it. */
    public void addSkipped() {
        skipped++;
    }

    /** Records done so far. */
    public long ok() {
        return ok;
    }

    /** Records failed so far. */
    public long failed() {
        return failed;
    }

    /** CPU time of the whole process (every thread), ns; 0 where the JVM cannot tell. */
    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(os.getProcessCpuTime(), 0);
        }
        return 0;
    }

    /** Prints the summary on standard error, pointing at the error log when records failed, and returns the exit code. */
    public int report(Path errorLog) {
        long total = ok + failed;
        Console.info(String.format("%d records: %d done, %d failed%s%s", total, ok, failed,
                skipped > 0 ? ", " + skipped + " skipped as done in an earlier run" : "",
                failed > 0 ? " (see " + errorLog + ")" : ""));
        if (total > 0) {
            double wall = (System.nanoTime() - startNanos) / 1e9;
            double cpu = (processCpuNanos() - startCpuNanos) / 1e9;
            Console.info(String.format(java.util.Locale.ROOT, "time: %.1f s wall, %.2f records/s, %.2f core-s per record",
                    wall, total / Math.max(wall, 1e-9), cpu / total));
        }
        if (total == 0) {
            Console.info(skipped > 0 ? "nothing left to do" : "no records found in the input");
            return skipped > 0 ? ALL_OK : NONE_OK;
        }
        return failed == 0 ? ALL_OK : ok > 0 ? SOME_FAILED : NONE_OK;
    }
}
