package io.github.cdknnp.trajectory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shared plumbing of the streaming text formats: a buffered writer on an {@link AtomicOutput}. */
abstract class TextTrajectoryWriter implements TrajectoryWriter {
    private final AtomicOutput output;
    private final BufferedWriter out;
    private boolean closed;

    TextTrajectoryWriter(Path target) {
        this(target, "");
    }

    /** Opens the temporary file and writes {@code header} (may be empty) at its top. */
    TextTrajectoryWriter(Path target, String header) {
        this.output = new AtomicOutput(target);
        try {
            this.out = Files.newBufferedWriter(output.temporary(), StandardCharsets.UTF_8);
            out.write(header);
        } catch (IOException e) {
            output.discard();
            throw new UncheckedIOException("cannot open " + output.temporary(), e);
        }
    }

    /** Writes one frame in the format. */
    abstract void write(Frame frame, Writer out) throws IOException;

    @Override
    public final void append(Frame frame) {
        if (closed) {
            throw new IllegalStateException("writer for " + output.target() + " is closed");
        }
        try {
            write(frame, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + output.temporary(), e);
        }
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            output.discard();
            throw new UncheckedIOException("cannot finish " + output.temporary(), e);
        }
        output.commit();
    }
}
