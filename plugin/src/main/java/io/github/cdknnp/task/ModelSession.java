package io.github.cdknnp.task;

import io.github.cdknnp.conformers.ConformerGenerator;
import io.github.cdknnp.ff.ForceField;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What one run shares between its records, and for how long: the force field, the ConfGF embedder on it and the
 * conformer generators of the run's tasks, each made on first use. One per command-line run, script or Spark
 * executor, closed by its owner: {@link #close()} lets go of everything the session made (the device memory of
 * OpenCL kernels is freed once nothing reaches them) and the session refuses further use. Thread-safe.
 *
 * <pre>{@code
 * try (ModelSession session = new ModelSession(NnpForceField.load())) {
 *     task.apply(session, record);
 * }
 * }</pre>
 */
public final class ModelSession implements AutoCloseable {
    private final ForceField forceField;
    private final Map<Object, ConformerGenerator> generators = new ConcurrentHashMap<>();
    private volatile ConfGfEmbedder embedder;  // its generator is made on the first molecule it embeds
    private volatile boolean closed;

    public ModelSession(ForceField forceField) {
        this.forceField = Objects.requireNonNull(forceField, "forceField");
        this.embedder = new ConfGfEmbedder(forceField);
    }

    /** The force field every record of the run is computed with. */
    public ForceField forceField() {
        requireOpen();
        return forceField;
    }

    /** The ConfGF 3D embedder on this session's force field. */
    public ConfGfEmbedder embedder() {
        requireOpen();
        return embedder;
    }

    /** The generator made for {@code owner} (e.g. a task), made by {@code make} on first use and shared after. */
    public ConformerGenerator generator(Object owner, Supplier<ConformerGenerator> make) {
        requireOpen();
        return generators.computeIfAbsent(owner, k -> make.get());
    }

    /** Lets go of the embedder and generators; later calls throw {@link IllegalStateException}. */
    @Override
    public void close() {
        closed = true;
        generators.clear();
        embedder = null;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this ModelSession is closed: open a new one for " + forceField.description());
        }
    }
}
