package io.github.cdknnp.trajectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Little-endian values appended to a hidden temporary file beside an output, through a small buffer: a trajectory's
 * frames go to disk as they come instead of collecting in memory. {@link #copyTo} moves them into the final file;
 * {@link #close()} deletes the temporary file.
 */
final class Spool implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long bytes;

    /** A new spool file beside {@code output}, named after it and {@code what}. */
    Spool(Path output, String what) {
        try {
            Path dir = output.toAbsolutePath().getParent();
            path = Files.createTempFile(dir, "." + output.getFileName() + "." + what + ".", ".spool");
            channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a spool file beside " + output, e);
        }
    }

    void putDouble(double value) {
        room(8).putDouble(value);
        bytes += 8;
    }

    void putLong(long value) {
        room(8).putLong(value);
        bytes += 8;
    }

    /** Bytes written so far. */
    long bytes() {
        return bytes;
    }

    /** Appends everything written to {@code target} at its position, which advances past it. */
    void copyTo(FileChannel target) throws IOException {
        flush();
        long done = 0;
        while (done < bytes) {
            done += channel.transferTo(done, bytes - done, target);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove spool file " + path, e);
        }
    }

    private ByteBuffer room(int n) {
        if (buffer.remaining() < n) {
            flush();
        }
        return buffer;
    }

    private void flush() {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write spool file " + path, e);
        }
        buffer.clear();
    }
}
