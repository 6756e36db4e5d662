package io.github.cdknnp.trajectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;

/**
 * A temporary file in the target's directory that becomes the target in one rename on {@link #commit()}.
 * Nothing appears at the target until then; {@link #discard()} removes the temporary file. Every output
 * cdk-nnp writes (molecules, tables, trajectories) goes through this class.
 */
public final class AtomicOutput {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path target;
    private final Path temporary;
    private boolean done;

    /** Creates a uniquely named temporary file next to {@code target} (and the target's directory if needed). */
    public AtomicOutput(Path target) {
        this(target, false);
    }

    private AtomicOutput(Path target, boolean fixedName) {
        this.target = target.toAbsolutePath();
        Path dir = this.target.getParent();
        try {
            Files.createDirectories(dir);
            this.temporary = fixedName ? partial(this.target) : createUnique(dir, "." + this.target.getFileName() + ".");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file next to " + target, e);
        }
    }

    /** A new file {@code <prefix><random>.part}, created with the process's umask (not 0600 as a temp file would be). */
    private static Path createUnique(Path dir, String prefix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path candidate = dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".part");
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * An output whose temporary file has the fixed name {@link #partial(Path)}, so that a run killed before
     * {@link #commit()} can be found and resumed.
     */
    public static AtomicOutput resumable(Path target) {
        return new AtomicOutput(target, true);
    }

    /** The fixed temporary name of a resumable output: {@code <target>.part}. */
    public static Path partial(Path target) {
        Path t = target.toAbsolutePath();
        return t.resolveSibling(t.getFileName() + ".part");
    }

    /** Where to write meanwhile. */
    public Path temporary() {
        return temporary;
    }

    /** The final path. */
    public Path target() {
        return target;
    }

    /** Moves the temporary file to the target, replacing any file there. */
    public void commit() {
        if (done) {
            return;
        }
        done = true;
        try {
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + temporary + " to " + target, e);
        }
    }

    /** Deletes the temporary file; the target is left untouched. */
    public void discard() {
        if (done) {
            return;
        }
        done = true;
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + temporary, e);
        }
    }
}
