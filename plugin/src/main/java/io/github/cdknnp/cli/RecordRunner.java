package io.github.cdknnp.cli;

import io.github.cdknnp.io.Console;
import io.github.cdknnp.io.FailureLog;
import io.github.cdknnp.io.MoleculeReader;
import io.github.cdknnp.io.MoleculeRecord;
import io.github.cdknnp.io.MoleculeWriter;
import io.github.cdknnp.task.MoleculeTask;
import io.github.cdknnp.task.OptionException;
import io.github.cdknnp.task.RunSummary;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

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

    /** Deep recursion in CDK's graph algorithms (ring perception of long chains) needs more than the default stack. */
    private static final long WORKER_STACK_BYTES = 256L << 20;

    private final List<Path> inputs;
    private final FailureLog log;
    private final int threads;
    private long timeoutNanos = Long.MAX_VALUE;
    private ThreadPoolExecutor pool;
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

    /**
     * Gives up on a record that has run longer than this (it is reported as failed, its worker thread is left to
     * finish on its own and a new one takes its place); 0 or less: no limit.
     */
    RecordRunner timeoutSeconds(double seconds) {
        timeoutNanos = seconds > 0 ? (long) (seconds * 1e9) : Long.MAX_VALUE;
        return this;
    }

    /** A single-threaded run with no resume and no progress display. */
    static <R> int run(List<Path> inputs, FailureLog log, Task<R> task, Sink<R> sink) {
        return new RecordRunner(inputs, log, 1, Set.of(), null).run(task, sink);
    }

    /** Processes all records of the inputs and returns the exit code. */
    <R> int run(Task<R> task, Sink<R> sink) {
        pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(null, r, "cdk-nnp-worker", WORKER_STACK_BYTES);
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
                AtomicLong started = new AtomicLong();
                window.add(new Pending<>(r, r.ok() ? pool.submit(() -> {
                    started.set(System.nanoTime());
                    return task.process(r);
                }) : null, started));
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
            sink.accept(r, await(p));
            summary.addOk();
            long started = p.started.get();
            if (started != 0) {
                Console.detail(String.format(java.util.Locale.ROOT, "record %d (%s): done in %.2f s", r.index(), r.title(),
                        (System.nanoTime() - started) / 1e9));
            }
        } catch (MoleculeWriter.WriteFailedException e) {
            throw e;  // the output is gone: no later record can be written either
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

    /** The record's result, waiting at most the timeout from when its work started. */
    private <R> R await(Pending<R> p) throws InterruptedException, ExecutionException {
        while (true) {
            try {
                return p.future.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                long started = p.started.get();
                if (started != 0 && System.nanoTime() - started > timeoutNanos) {
                    p.future.cancel(true);
                    // the stuck thread may never return: let another one take its place
                    pool.setMaximumPoolSize(pool.getMaximumPoolSize() + 1);
                    pool.setCorePoolSize(pool.getCorePoolSize() + 1);
                    throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                            "gave up after %.0f s (--timeout): a record this hard is not supported", timeoutNanos / 1e9));
                }
            }
        }
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
    private record Pending<R>(MoleculeRecord record, Future<R> future, AtomicLong started) {
        boolean isDone() {
            return future == null || future.isDone();
        }
    }
}
