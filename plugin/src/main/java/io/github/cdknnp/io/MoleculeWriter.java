package io.github.cdknnp.io;

import io.github.cdknnp.trajectory.AtomicOutput;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.io.SDFWriter;

/**
 * Writes molecules to SDF (all SD properties kept) or XYZ, chosen by extension ({@code .gz} compresses).
 * Records go to a temporary file next to the target, flushed one by one; {@link #close()} renames it
 * atomically to the target, so the target is either absent or complete.
 */
public final class MoleculeWriter implements Closeable {
    private final Path target;
    private final AtomicOutput output;
    private final Writer text;
    private final SDFWriter sdf;
    private boolean failed;

    private MoleculeWriter(Path target) throws IOException {
        this.target = target;
        this.output = new AtomicOutput(target);
        OutputStream out = Files.newOutputStream(output.temporary());
        if (target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
            out = new GZIPOutputStream(out, true);
        }
        this.text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        this.sdf = isXyz(target) ? null : new SDFWriter(text);
    }

    /**
     * Opens a writer for a target file.
     *
     * @throws IllegalArgumentException when the extension is neither SDF nor XYZ
     */
    public static MoleculeWriter open(Path target) {
        String name = stripGz(target);
        if (!(name.endsWith(".sdf") || name.endsWith(".sd") || name.endsWith(".mol") || name.endsWith(".xyz"))) {
            throw new IllegalArgumentException("unknown output format for " + target + " (use .sdf or .xyz, optionally .gz)");
        }
        try {
            return new MoleculeWriter(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Appends one molecule and flushes it to disk. */
    public synchronized void write(IAtomContainer molecule) {
        try {
            if (sdf != null) {
                sdf.write(molecule);
            } else {
                writeXyz(molecule);
            }
            text.flush();
        } catch (CDKException | IOException e) {
            failed = true;
            throw new UncheckedIOException(new IOException("cannot write " + molecule.getTitle() + ": " + e.getMessage(), e));
        }
    }

    private void writeXyz(IAtomContainer molecule) throws IOException {
        text.write(molecule.getAtomCount() + "\n");
        String title = molecule.getTitle() == null ? "" : molecule.getTitle();
        Object energy = molecule.getProperty("NNP_ENERGY_EV");
        text.write(title.replace('\n', ' ') + (energy != null ? " energy_eV=" + energy : "") + "\n");
        for (IAtom a : molecule.atoms()) {
            text.write(String.format(Locale.ROOT, "%-2s %14.8f %14.8f %14.8f%n", a.getSymbol(),
                    a.getPoint3d().x, a.getPoint3d().y, a.getPoint3d().z));
        }
    }

    /** Finishes the file and moves it into place. */
    @Override
    public synchronized void close() {
        try {
            if (sdf != null) {
                sdf.close();
            }
            text.close();
            if (failed) {
                output.discard();
            } else {
                output.commit();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish " + target + ": " + e.getMessage(), e);
        }
    }

    private static boolean isXyz(Path p) {
        return stripGz(p).endsWith(".xyz");
    }

    private static String stripGz(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".gz") ? n.substring(0, n.length() - 3) : n;
    }
}
