package io.github.cdknnp.io;

import io.github.cdknnp.trajectory.AtomicOutput;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.io.SDFWriter;

/**
 * Writes molecules to SDF (all SD properties kept) or XYZ, chosen by extension ({@code .gz} compresses).
 * Records go to a temporary file next to the target, flushed one by one; {@link #close()} renames it
 * atomically to the target, so the target is either absent or complete. A resumable writer
 * ({@link #resume(Path)}) keeps its records in {@code <target>.part} so that a killed run can continue.
 */
public final class MoleculeWriter implements Closeable {
    /** SD property with the 1-based index of the input record an output record came from. */
    public static final String INPUT_INDEX = "NNP_INPUT_INDEX";

    private final Path target;
    private final AtomicOutput output;
    private final Writer text;
    /** Extensions of the SD formats: the only ones whose records carry their input index and SD properties. */
    private static final java.util.Set<String> SDF_FORMATS = java.util.Set.of("sdf", "sd", "mol");

    private final String format;
    private boolean failed;
    private boolean keepOnFailure;

    private MoleculeWriter(Path target, AtomicOutput output) throws IOException {
        this.target = target;
        this.output = output;
        OutputStream out = Files.newOutputStream(output.temporary());
        if (target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
            out = new GZIPOutputStream(out, true);
        }
        this.text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        this.format = extension(target);
    }

    /**
     * Opens a writer for a target file.
     *
     * @throws IllegalArgumentException when the extension is neither SDF nor XYZ
     */
    public static MoleculeWriter open(Path target) {
        checkFormat(target, false);
        try {
            return new MoleculeWriter(target, new AtomicOutput(target));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens a resumable SDF writer: the records of an earlier, interrupted run (in {@code <target>.part}) or of
     * a finished one (the target itself) are copied forward, and a record cut short by the interruption is
     * dropped. Returns the writer with the {@link #INPUT_INDEX} of every record already there.
     */
    public static Resumed resume(Path target) {
        checkFormat(target, true);
        Path part = AtomicOutput.partial(target);
        Path old = part.resolveSibling(part.getFileName() + ".old");
        try {
            if (!Files.exists(old)) {
                if (Files.exists(part)) {
                    Files.move(part, old);
                } else if (Files.exists(target)) {
                    Files.move(target, old);
                }
            }
            MoleculeWriter writer = new MoleculeWriter(target, AtomicOutput.resumable(target));
            writer.keepOnFailure = true;
            Set<Long> done = new HashSet<>();
            if (Files.exists(old)) {
                Path oldSdf = old.resolveSibling(old.getFileName() + ".sdf");
                if (target.getFileName().toString().endsWith(".gz")) {
                    gunzipTolerant(old, oldSdf);
                    Files.delete(old);
                } else {
                    Files.move(old, oldSdf);
                }
                try (MoleculeReader earlier = MoleculeReader.open(List.of(oldSdf))) {
                    for (MoleculeRecord r : earlier) {
                        Object index = r.ok() ? r.molecule().getProperty(INPUT_INDEX) : null;
                        if (index != null) {
                            done.add(Long.parseLong(index.toString().strip()));
                            writer.write(r.molecule());
                        }
                    }
                }
                Files.delete(oldSdf);
            }
            return new Resumed(writer, done);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decompresses what a gzip file holds up to where it stops: a killed run leaves its gzipped output without
     * the stream's end, and every record it flushed is still there.
     */
    private static void gunzipTolerant(Path gz, Path plain) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz)); OutputStream out = Files.newOutputStream(plain)) {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                }
            } catch (EOFException e) {
                // the stream ends without its trailer: keep what was flushed, the reader drops a cut-short record
            }
        }
    }

    /** A resumed writer and the input indices of the records it already holds. */
    public record Resumed(MoleculeWriter writer, Set<Long> done) {
    }

    /**
     * Opens a writer whose temporary file has the fixed name {@code <target>.part} (replacing any left by an earlier
     * run), so that a run killed before it ends, even with {@code kill -9}, can be continued by {@link #resume(Path)}.
     */
    public static MoleculeWriter restartable(Path target) {
        checkFormat(target, false);
        Path part = AtomicOutput.partial(target);
        try {
            Files.deleteIfExists(part.resolveSibling(part.getFileName() + ".old"));
            MoleculeWriter writer = new MoleculeWriter(target, AtomicOutput.resumable(target));
            writer.keepOnFailure = true;
            return writer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that the target's extension names a format this writer writes (and, for a resumable output, one whose
     * records carry their input index).
     *
     * @throws IllegalArgumentException naming the problem
     */
    public static void checkFormat(Path target, boolean resumable) {
        String name = stripGz(target);
        if (!SDF_FORMATS.contains(extension(target)) && !java.util.Set.of("xyz", "smi", "mol2", "pdb").contains(extension(target))) {
            throw new IllegalArgumentException("unknown output format for " + target
                    + " (use .sdf, .xyz, .smi, .mol2 or .pdb, optionally .gz)");
        }
        if (resumable && !SDF_FORMATS.contains(extension(target))) {
            throw new IllegalArgumentException("--resume needs an SDF output (other formats carry no input index)");
        }
    }

    /**
     * Appends one molecule and flushes it to disk. A molecule CDK cannot write throws before anything of it is
     * written; a failing disk fails the whole output ({@link WriteFailedException}): a resumable output keeps what was
     * flushed in {@code <target>.part} for {@code --resume}, any other is discarded on close.
     */
    public synchronized void write(IAtomContainer molecule) {
        String record = switch (format) {
            case "xyz" -> xyzText(molecule);
            case "smi" -> smilesText(molecule);
            case "mol2" -> cdkText(molecule, new org.openscience.cdk.io.Mol2Writer());
            case "pdb" -> cdkText(molecule, new org.openscience.cdk.io.PDBWriter());
            default -> sdfText(molecule);
        };
        append(record);
    }

    private void append(String records) {
        try {
            text.write(records);
            text.flush();
        } catch (IOException e) {
            failed = true;
            throw new WriteFailedException(target, output.temporary(), keepOnFailure, e);
        }
    }

    /** The output itself cannot be written (a full disk, a lost mount): the run cannot go on. */
    public static final class WriteFailedException extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        WriteFailedException(Path target, Path part, boolean kept, IOException cause) {
            super("cannot write " + target + ": " + cause.getMessage() + (kept ? "; the records written so far are kept in "
                    + part + ": free space and run the same command with --resume" : ""), cause);
        }
    }

    /**
     * Appends SD records already written as text by {@link #sdfText(IAtomContainer)} (e.g. on the executors of a
     * distributed job) and flushes them to disk.
     *
     * @throws IllegalStateException when this writer does not write SDF
     */
    public synchronized void writeSdfText(String sdRecords) {
        if (!writesSdf()) {
            throw new IllegalStateException("SD text cannot go to a non-SDF output: " + target);
        }
        append(sdRecords);
    }

    /**
     * One molecule as an SD record (coordinates and all SD properties, ending with {@code $$$$}), as this writer writes
     * it. A coordinate that rounds to zero from below is written {@code 0.0000}, not {@code -0.0000}, and the header
     * carries no timestamp, so that a record read back and written again (as {@code --resume} does) comes out byte for
     * byte the same.
     */
    public static String sdfText(IAtomContainer molecule) {
        StringWriter out = new StringWriter();
        try (SDFWriter writer = new SDFWriter(out)) {
            writer.write(molecule);
        } catch (CDKException | IOException e) {
            throw new UncheckedIOException(new IOException("cannot write " + molecule.getTitle() + ": " + e.getMessage(), e));
        }
        return withoutTimestamp(out.toString().replace("   -0.0000", "    0.0000"));
    }

    /**
     * The molfile header's date and time (columns 11–20 of its second line, which CDK fills with the current minute)
     * blanked, so that the same molecule is written byte for byte the same whenever it is written (a resumed run's
     * output equals an uninterrupted one's).
     */
    private static String withoutTimestamp(String record) {
        int first = record.indexOf('\n');
        int second = first < 0 ? -1 : record.indexOf('\n', first + 1);
        if (second - first - 1 < 20) {
            return record;
        }
        return record.substring(0, first + 11) + " ".repeat(10) + record.substring(first + 21);
    }

    private static String xyzText(IAtomContainer molecule) {
        StringBuilder b = new StringBuilder(molecule.getAtomCount() + "\n");
        String title = molecule.getTitle() == null ? "" : molecule.getTitle();
        Object energy = molecule.getProperty("NNP_ENERGY_EV");
        b.append(title.replace('\n', ' ')).append(energy != null ? " energy_eV=" + energy : "").append('\n');
        for (IAtom a : molecule.atoms()) {
            b.append(String.format(Locale.ROOT, "%-2s %14.8f %14.8f %14.8f%n", a.getSymbol(),
                    a.getPoint3d().x, a.getPoint3d().y, a.getPoint3d().z));
        }
        return b.toString();
    }

    /** Finishes the file and moves it into place. */
    @Override
    public synchronized void close() {
        try {
            text.close();
        } catch (IOException e) {
            if (!failed) {
                failed = true;
                if (!keepOnFailure) {
                    output.discard();
                }
                throw new WriteFailedException(target, output.temporary(), keepOnFailure, e);
            }
        }
        if (!failed) {
            output.commit();
        } else if (!keepOnFailure) {
            output.discard();
        }
    }

    /** Whether this writer writes SD records (and so takes {@link #writeSdfText(String)}). */
    public boolean writesSdf() {
        return SDF_FORMATS.contains(format);
    }

    /** Isomeric SMILES (stereo from the 3D coordinates) and the title; SD properties are not carried. */
    private static String smilesText(IAtomContainer molecule) {
        try {
            IAtomContainer copy = molecule.clone();
            org.openscience.cdk.stereo.StereoElementFactory.using3DCoordinates(copy).interpretProjections()
                    .createAll().forEach(copy::addStereoElement);
            String smiles = new org.openscience.cdk.smiles.SmilesGenerator(org.openscience.cdk.smiles.SmiFlavor.Isomeric)
                    .create(org.openscience.cdk.tools.manipulator.AtomContainerManipulator.removeHydrogens(copy));
            return smiles + (molecule.getTitle() == null ? "" : " " + molecule.getTitle()) + "\n";
        } catch (CDKException | CloneNotSupportedException e) {
            throw new UncheckedIOException(new IOException("cannot write SMILES of " + molecule.getTitle() + ": " + e.getMessage(), e));
        }
    }

    /** A record by one of CDK's writers (MOL2, PDB): coordinates and bonds, no SD properties. */
    private static String cdkText(IAtomContainer molecule, org.openscience.cdk.io.IChemObjectWriter writer) {
        StringWriter out = new StringWriter();
        try (writer) {
            writer.setWriter(out);
            writer.write(molecule);
        } catch (CDKException | IOException e) {
            throw new UncheckedIOException(new IOException("cannot write " + molecule.getTitle() + ": " + e.getMessage(), e));
        }
        return out.toString();
    }

    private static String extension(Path p) {
        String name = stripGz(p);
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static String stripGz(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".gz") ? n.substring(0, n.length() - 3) : n;
    }
}
