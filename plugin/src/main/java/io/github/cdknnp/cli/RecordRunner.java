package io.github.cdknnp.cli;

import io.github.cdknnp.io.FailureLog;
import io.github.cdknnp.io.MoleculeReader;
import io.github.cdknnp.io.MoleculeRecord;
import io.github.cdknnp.task.MoleculeTask;
import io.github.cdknnp.task.OptionException;
import io.github.cdknnp.task.RunSummary;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a task over every input record on a pool of threads and hands the results to a sink in input order,
 * so the output is the same for any thread count. A record that cannot be read or processed is logged with
 * its reason and the run goes on. Memory is bounded: at most {@code 4 × threads} records are in flight.
 * Prints a summary and turns the counts into the exit code.
 */
final class RecordRunner {
    /** Exit code when every record succeeded. */
    static final int ALL_OK = RunSummary.ALL_OK;
    /** Exit code when some records failed and the others were written. */
    static final int SOME_FAILED = RunSummary.SOME_FAILED;
    /** Exit code when no record succeeded (or the run could not start). */
    static final int NONE_OK = RunSummary.NONE_OK;

    /** The work for one record, run on a worker thread; throws to report the record as failed. */
    interface Task<R> {
        R process(MoleculeRecord record) throws Exception;
    }

    /** Receives results in input order on the calling thread; throws to report the record as failed. */
    interface Sink<R> {
        void accept(MoleculeRecord record, R result) throws Exception;
    }

    private final List<Path> inputs;
    private final FailureLog log;
    private final int threads;
    private final Set<Long> done;
    private final Progress progress;
    private final RunSummary summary = new RunSummary();

    /**
     * @param inputs  input files
     * @param log     where failures go
     * @param threads worker threads (≥ 1)
     * @param done    indices of records already done in an earlier run (skipped), or an empty set
     * @param progress progress display, or null for none
     */
    RecordRunner(List<Path> inputs, FailureLog log, int threads, Set<Long> done, Progress progress) {
        if (threads < 1) {
            throw new OptionException("--threads must be at least 1, got " + threads);
        }
        this.inputs = inputs;
        this.log = log;
        this.threads = threads;
        this.done = done;
        this.progress = progress;
    }

    /** A single-threaded run with no resume and no progress display. */
    static <R> int run(List<Path> inputs, FailureLog log, Task<R> task, Sink<R> sink) {
        return new RecordRunner(inputs, log, 1, Set.of(), null).run(task, sink);
    }

    /** Processes all records of the inputs and returns the exit code. */
    <R> int run(Task<R> task, Sink<R> sink) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "cdk-nnp-worker");
            t.setDaemon(true);
            return t;
        });
        Deque<Pending<R>> window = new ArrayDeque<>();
        try (MoleculeReader reader = MoleculeReader.open(inputs)) {
            for (MoleculeRecord r : reader) {
                if (done.contains(r.index())) {
                    summary.addSkipped();
                    step();
                    continue;
                }
                window.add(new Pending<>(r, r.ok() ? pool.submit(() -> task.process(r)) : null));
                while (window.size() > 4 * threads || (!window.isEmpty() && window.peek().isDone())) {
                    finish(window.poll(), sink);
                }
            }
            while (!window.isEmpty()) {
                finish(window.poll(), sink);
            }
        } finally {
            pool.shutdownNow();
            if (progress != null) {
                progress.close();
            }
        }
        return summary.report(log.file());
    }

    private <R> void finish(Pending<R> p, Sink<R> sink) {
        MoleculeRecord r = p.record;
        try {
            if (!r.ok()) {
                throw new IllegalStateException(r.error());
            }
            sink.accept(r, p.future.get());
            summary.addOk();
        } catch (ExecutionException e) {
            fail(r, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            fail(r, e);
        }
        step();
    }

    private void fail(MoleculeRecord r, Throwable e) {
        summary.addFailed();
        log.add(r.index(), r.source(), r.title(), MoleculeTask.failureMessage(e));
    }

    private void step() {
        if (progress != null) {
            progress.step(summary.ok(), summary.failed());
        }
    }

    /** A record and, when it could be read, its result to come. */
    private record Pending<R>(MoleculeRecord record, Future<R> future) {
        boolean isDone() {
            return future == null || future.isDone();
        }
    }
}
