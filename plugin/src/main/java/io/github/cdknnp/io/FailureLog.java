package io.github.cdknnp.io;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The per-record error log of a batch run: a tab-separated file ({@code index, source, title, error}) written
 * line by line and flushed, so it is complete up to the last failure even if the run is killed. The file is
 * created on the first failure only.
 */
public final class FailureLog implements Closeable {
    private final Path file;
    private BufferedWriter out;
    private long count;

    /** A log that will write to {@code file} (created on the first failure). */
    public FailureLog(Path file) {
        this.file = file;
    }

    /** The log file for an output: {@code out.sdf} → {@code out.sdf.errors.tsv}. */
    public static FailureLog beside(Path output) {
        return new FailureLog(output.resolveSibling(output.getFileName() + ".errors.tsv"));
    }

    /** Records a failure and prints it as one line on standard error. */
    public synchronized void add(long index, String source, String title, String error) {
        String message = error == null ? "unknown error" : error.replaceAll("[\\t\\r\\n]+", " ");
        System.err.printf("record %d (%s, %s): %s%n", index, title, source, message);
        try {
            if (out == null) {
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING);
                out.write("index\tsource\ttitle\terror\n");
            }
            out.write(index + "\t" + source + "\t" + title + "\t" + message + "\n");
            out.flush();
            count++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write error log " + file, e);
        }
    }

    /** Number of failures recorded. */
    public synchronized long count() {
        return count;
    }

    /** Where the log is (or would be) written. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
