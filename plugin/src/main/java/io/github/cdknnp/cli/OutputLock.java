package io.github.cdknnp.cli;

import io.github.cdknnp.task.OptionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a batch output, held for the whole run: a second run writing the same file is refused
 * instead of both ending "successfully" with one run's records lost. The lock is the operating system's
 * ({@code <output>.lock}), so a run killed with {@code kill -9} leaves no stale lock behind.
 */
final class OutputLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code output}, or throws a usage error naming the output when another run holds it. */
    static OutputLock acquire(Path output) {
        Path file = output.toAbsolutePath().resolveSibling(output.getFileName() + ".lock");
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw busy(output, channel);
            }
            return new OutputLock(file, channel, lock);
        } catch (OverlappingFileLockException e) {
            throw busy(output, channel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    private static OptionException busy(Path output, FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the refusal is what matters
        }
        return new OptionException("another cdk-nnp run is writing " + output + " (it holds " + output.getFileName()
                + ".lock); wait for it to end or choose another -o");
    }

    @Override
    public void close() {
        try (FileChannel c = channel) {
            Files.deleteIfExists(file);
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release " + file, e);
        }
    }
}
