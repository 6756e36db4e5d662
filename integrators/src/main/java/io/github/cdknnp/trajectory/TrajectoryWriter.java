package io.github.cdknnp.trajectory;

/**
 * A sink for trajectory frames. Writers put their output in a temporary file next to the target and
 * move it into place on {@link #close()}, so an interrupted run never leaves a half-written file at the
 * target path. I/O failures are reported as {@link java.io.UncheckedIOException}.
 *
 * <pre>{@code
 * try (TrajectoryWriter out = TrajectoryWriters.open(Path.of("run.xyz"), molecule)) {
 *     out.append(frame);
 * }
 * }</pre>
 */
public interface TrajectoryWriter extends AutoCloseable {
    /** Adds one frame. */
    void append(Frame frame);

    /** Finishes the file and moves it to its target path. Closing twice does nothing. */
    @Override
    void close();
}
