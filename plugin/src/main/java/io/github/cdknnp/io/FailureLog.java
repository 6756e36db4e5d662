package io.github.cdknnp.io;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The per-record error log of a batch run: a tab-separated file ({@code index, source, title, error}) written
 * line by line and flushed, so it is complete up to the last failure even if the run is killed. The file is
 * created on the first failure only.
 */
public final class FailureLog implements Closeable {
    private final Path file;
    private final boolean append;
    private BufferedWriter out;
    private long count;

    /** A log that will write to {@code file} (created on the first failure; extended when {@code append}). */
    public FailureLog(Path file, boolean append) {
        this.file = file;
        this.append = append && Files.exists(file);
    }

    /** The log file for an output: {@code out.sdf} → {@code out.sdf.errors.tsv}, replaced on the first failure. */
    public static FailureLog beside(Path output) {
        return new FailureLog(output.resolveSibling(output.getFileName() + ".errors.tsv"), false);
    }

    /** The log of an earlier run of the same output, extended; {@link #indices()} lists its records. */
    public static FailureLog resume(Path output) {
        return new FailureLog(output.resolveSibling(output.getFileName() + ".errors.tsv"), true);
    }

    /** Input indices of the records already in the log file. */
    public Set<Long> indices() {
        Set<Long> set = new HashSet<>();
        if (!Files.exists(file)) {
            return set;
        }
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.skip(1).map(l -> l.split("\t", 2)[0]).filter(s -> s.matches("\\d+")).forEach(s -> set.add(Long.parseLong(s)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read error log " + file, e);
        }
        return set;
    }

    /** Records a failure and prints it as one line on standard error. */
    public synchronized void add(long index, String source, String title, String error) {
        String message = error == null ? "unknown error" : error.replaceAll("[\\t\\r\\n]+", " ");
        Console.error(String.format("record %d (%s, %s): %s", index, title, source, message));
        try {
            if (out == null) {
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
                if (!append) {
                    out.write("index\tsource\ttitle\terror\n");
                }
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
