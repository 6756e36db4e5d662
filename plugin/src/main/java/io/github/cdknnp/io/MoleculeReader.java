package io.github.cdknnp.io;

import io.github.cdknnp.ff.Elements;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IChemFile;
import org.openscience.cdk.io.MDLV2000Reader;
import org.openscience.cdk.io.XYZReader;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;
import org.openscience.cdk.tools.manipulator.ChemFileManipulator;

/**
 * Streams molecules from SDF/MOL, SMILES and (multi-record) XYZ files, gzipped or not, one record at a time
 * through CDK's readers. A record that cannot be read becomes a {@link MoleculeRecord} carrying the
 * reason, and reading goes on with the next one; memory does not grow with the number of records.
 *
 * <pre>{@code
 * try (MoleculeReader in = MoleculeReader.open(List.of(Path.of("in.sdf")))) {
 *     for (MoleculeRecord r : in) { ... }
 * }
 * }</pre>
 */
public final class MoleculeReader implements Iterable<MoleculeRecord>, Closeable {
    /** Input formats, chosen by file extension (after removing {@code .gz}). */
    public enum Format { SDF, SMILES, XYZ, CSV, TSV }

    private final List<Path> files;
    private BufferedReader current;
    private boolean iterated;

    private MoleculeReader(List<Path> files) {
        this.files = List.copyOf(files);
    }

    /**
     * Opens the files (read lazily, in order). A file that cannot be read (missing, a directory, an unknown
     * extension, a corrupt or truncated gzip stream) does not stop the others: it yields one record carrying the
     * problem, at the point where reading it stopped.
     *
     * @throws IllegalArgumentException when no file is given, or when none of them is a readable file of a known format
     */
    public static MoleculeReader open(List<Path> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no input files");
        }
        if (files.stream().allMatch(f -> problem(f) != null)) {
            throw new IllegalArgumentException(files.size() == 1 ? problem(files.get(0))
                    : "no readable input: " + files.stream().map(MoleculeReader::problem).toList());
        }
        return new MoleculeReader(files);
    }

    /** Why a file cannot be read as an input, or null when it can be opened. */
    public static String problem(Path file) {
        if (Files.isDirectory(file)) {
            return "input " + file + " is a directory";
        }
        if (!Files.isRegularFile(file)) {
            return "input file not found: " + file;
        }
        if (!Files.isReadable(file)) {
            return "input file not readable: " + file;
        }
        try {
            format(file);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return null;
    }

    /** The format of a file from its extension. */
    public static Format format(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        if (name.endsWith(".sdf") || name.endsWith(".sd") || name.endsWith(".mol") || name.endsWith(".mdl")) {
            return Format.SDF;
        }
        if (name.endsWith(".smi") || name.endsWith(".smiles") || name.endsWith(".ism")) {
            return Format.SMILES;
        }
        if (name.endsWith(".xyz")) {
            return Format.XYZ;
        }
        if (name.endsWith(".csv")) {
            return Format.CSV;
        }
        if (name.endsWith(".tsv")) {
            return Format.TSV;
        }
        throw new IllegalArgumentException("unknown input format for " + file
                + " (use .sdf, .sd, .mol, .smi, .smiles, .xyz, or .csv/.tsv with a SMILES column, optionally .gz)");
    }

    /** Parses the records one by one; a record that cannot be read carries the reason. */
    @Override
    public Iterator<MoleculeRecord> iterator() {
        Iterator<RecordText> texts = texts();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return texts.hasNext();
            }

            @Override
            public MoleculeRecord next() {
                return parse(texts.next());
            }
        };
    }

    /**
     * The records as text, split but not parsed, for parsing elsewhere with {@link #parse(RecordText)} (e.g. on
     * the executors of a distributed job). A reader is iterated once, either as texts or as molecules.
     */
    public Iterator<RecordText> texts() {
        if (iterated) {
            throw new IllegalStateException("a MoleculeReader can be iterated once");
        }
        iterated = true;
        return new Iterator<>() {
            private int fileIndex = -1;
            private long recordInFile;
            private long index;
            private Format format;
            private String header;
            private RecordText next;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    if (current == null) {
                        if (++fileIndex >= files.size()) {
                            return false;
                        }
                        Path file = files.get(fileIndex);
                        recordInFile = 0;
                        String problem = problem(file);
                        if (problem == null) {
                            try {
                                current = openText(file);
                                format = format(file);
                                header = null;
                                if (format == Format.CSV || format == Format.TSV) {
                                    header = current.readLine();
                                    problem = Table.checkHeader(header, format, file);
                                    if (problem != null) {
                                        closeCurrent();
                                    }
                                }
                            } catch (UncheckedIOException e) {
                                problem = "cannot read " + file + ": " + e.getCause().getMessage();
                            } catch (IOException e) {
                                closeCurrent();
                                problem = "cannot read " + file + ": " + e.getMessage();
                            }
                        }
                        if (problem != null) {
                            next = RecordText.unreadable(++index, file.getFileName() + "#1", problem);
                            continue;
                        }
                    }
                    String chunk;
                    try {
                        chunk = readChunk(current, format);
                    } catch (UncheckedIOException e) {
                        closeCurrent();
                        next = RecordText.unreadable(++index, files.get(fileIndex).getFileName() + "#" + (recordInFile + 1),
                                "cannot read " + files.get(fileIndex) + " past record " + recordInFile + ": "
                                        + e.getCause().getMessage() + " (the records before it were read)");
                        continue;
                    }
                    if (chunk == null) {
                        closeCurrent();
                        continue;
                    }
                    recordInFile++;
                    index++;
                    next = new RecordText(index, files.get(fileIndex).getFileName() + "#" + recordInFile, format,
                            header == null ? chunk : header + "\n" + chunk);
                }
                return true;
            }

            @Override
            public RecordText next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                RecordText r = next;
                next = null;
                return r;
            }
        };
    }

    /**
     * One input record's text before parsing.
     *
     * @param index  1-based position across all inputs
     * @param source the file it came from, with its record number there
     * @param format how to parse it
     * @param text   the record: an SD record without its {@code $$$$} line, a SMILES line, or an XYZ frame
     */
    public record RecordText(long index, String source, Format format, String text) implements Serializable {
        /** A place in the input that could not be read at all: no format, the problem as its text. */
        static RecordText unreadable(long index, String source, String problem) {
            return new RecordText(index, source, null, problem);
        }
    }

    private static BufferedReader openText(Path file) {
        try {
            InputStream in = Files.newInputStream(file);
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
                in = new GZIPInputStream(in);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            reader.mark(1);
            if (reader.read() != '\uFEFF') {  // a byte-order mark (Windows editors write one) is not part of the first record
                reader.reset();
            }
            return reader;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The text of the next record, or null at the end of the file. */
    private static String readChunk(BufferedReader in, Format format) {
        try {
            return switch (format) {
                case SDF -> readSdfRecord(in);
                case SMILES -> readSmilesLine(in);
                case XYZ -> readXyzFrame(in);
                case CSV, TSV -> readTableRow(in);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readSdfRecord(BufferedReader in) throws IOException {
        StringBuilder sb = new StringBuilder();
        boolean content = false;
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith("$$$$")) {
                if (content) {
                    return sb.toString();
                }
                sb.setLength(0);
                continue;
            }
            content |= !line.isBlank();
            sb.append(line).append('\n');
        }
        return content ? sb.toString() : null;
    }

    private static String readSmilesLine(BufferedReader in) throws IOException {
        for (String line; (line = in.readLine()) != null; ) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                return t;
            }
        }
        return null;
    }

    /**
     * The next XYZ frame: its count line, its comment line and every following atom line (a line of four or more
     * fields), whatever the count says, so that a wrong count spoils only its own frame: {@link #parseXyz} then
     * reports the mismatch, and the next frame starts at the next count line.
     */
    private static String readTableRow(BufferedReader in) throws IOException {
        for (String line; (line = in.readLine()) != null; ) {
            if (!line.isBlank()) {
                return line;
            }
        }
        return null;
    }

    private static String readXyzFrame(BufferedReader in) throws IOException {
        String countLine;
        do {
            countLine = in.readLine();
            if (countLine == null) {
                return null;
            }
        } while (countLine.isBlank());
        StringBuilder sb = new StringBuilder(countLine).append('\n');
        try {
            Integer.parseInt(countLine.strip());
        } catch (NumberFormatException e) {
            return sb.toString();
        }
        String comment = in.readLine();
        if (comment == null) {
            return sb.toString();
        }
        sb.append(comment).append('\n');
        while (true) {
            in.mark(1 << 16);
            String line = in.readLine();
            if (line == null) {
                break;
            }
            if (line.strip().split("\\s+").length < 4) {
                in.reset();
                break;
            }
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /** Parses one record's text with CDK; a record that cannot be read becomes a record carrying the reason. */
    public static MoleculeRecord parse(RecordText record) {
        String chunk = record.text();
        Format format = record.format();
        long index = record.index();
        String source = record.source();
        String fallbackTitle = "record-" + index;
        if (format == null) {
            return new MoleculeRecord(index, source, fallbackTitle, null, chunk);
        }
        try {
            IAtomContainer mol = switch (format) {
                case SDF -> parseSdf(chunk);
                case SMILES -> parseSmiles(chunk);
                case XYZ -> parseXyz(chunk);
                case CSV, TSV -> Table.parse(chunk, format);
            };
            if (mol.getAtomCount() == 0) {
                return new MoleculeRecord(index, source, fallbackTitle, null, "record has no atoms");
            }
            String title = mol.getTitle();
            if (title == null || title.isBlank()) {
                title = fallbackTitle;
                mol.setTitle(title);
            }
            return new MoleculeRecord(index, source, title.strip(), mol, null);
        } catch (StackOverflowError e) {
            return new MoleculeRecord(index, source, fallbackTitle, null, format
                    + " record is too large or too deeply nested for CDK's reader (stack overflow)");
        } catch (CDKException | RuntimeException e) {
            String title = chunk.lines().findFirst().orElse("").strip();
            if (format == Format.SMILES) {
                String[] parts = title.split("\\s+", 2);
                title = parts.length > 1 ? parts[1] : fallbackTitle;
            }
            if (format == Format.XYZ) {
                String[] lines = chunk.split("\n");
                title = lines.length > 1 ? lines[1].strip() : "";
            }
            if (format == Format.CSV || format == Format.TSV) {
                title = Table.title(chunk, format);
            }
            return new MoleculeRecord(index, source, title.isEmpty() ? fallbackTitle : title,
                    null, format + " record could not be read: " + oneLine(e));
        }
    }

    private static IAtomContainer parseSdf(String chunk) throws CDKException {
        String[] head = chunk.split("\n", 5);
        if (head.length > 3 && head[3].contains("V3000")) {
            return parseV3000(chunk);
        }
        String counts = checkV2000Blocks(chunk);
        if (counts != null) {
            throw new CDKException(counts);
        }
        try (MDLV2000Reader reader = new MDLV2000Reader(new StringReader(chunk))) {
            IAtomContainer mol = reader.read(SilentChemObjectBuilder.getInstance().newAtomContainer());
            if (mol == null) {
                throw new CDKException("empty record");
            }
            return mol;
        } catch (IOException e) {
            throw new CDKException(e.getMessage(), e);
        }
    }

    /**
     * Whether a V2000 record's atom and bond blocks have the lengths its counts line says: a wrong count would
     * otherwise make CDK read atom lines as bonds (or the reverse) and return another molecule. Null when they do.
     */
    private static String checkV2000Blocks(String chunk) {
        String[] lines = chunk.split("\n", -1);
        if (lines.length < 4 || !lines[3].contains("V2000") || lines[3].length() < 6) {
            return null;  // not a V2000 counts line: CDK reports what it makes of it
        }
        int atoms;
        int bonds;
        try {
            atoms = Integer.parseInt(lines[3].substring(0, 3).strip());
            bonds = Integer.parseInt(lines[3].substring(3, 6).strip());
        } catch (NumberFormatException e) {
            return "counts line '" + lines[3].strip() + "' does not start with the atom and bond counts";
        }
        for (int k = 0; k < atoms + bonds; k++) {
            int line = 4 + k;
            boolean atomLine = line < lines.length && lines[line].strip().split("\\s+").length >= 4
                    && lines[line].strip().split("\\s+")[0].matches("-?\\d+\\.\\d+");
            if (line >= lines.length || (k < atoms) != atomLine) {
                return String.format(Locale.ROOT, "the counts line says %d atoms and %d bonds, but line %d is %s", atoms,
                        bonds, line + 1, line >= lines.length ? "missing" : k < atoms ? "not an atom line" : "an atom line");
            }
        }
        int after = 4 + atoms + bonds;
        if (after < lines.length && !lines[after].isBlank() && !lines[after].matches("^(M  |A  |V  |G  |S  SKP).*")) {
            return String.format(Locale.ROOT, "the counts line says %d atoms and %d bonds, but more block lines follow "
                    + "(line %d: '%s')", atoms, bonds, after + 1, lines[after].strip());
        }
        return null;
    }

    /** A V3000 molfile record; its SD properties (after {@code M  END}) are read as V2000 readers read them. */
    private static IAtomContainer parseV3000(String chunk) throws CDKException {
        int end = chunk.indexOf("M  END");
        String molfile = end < 0 ? chunk : chunk.substring(0, end + "M  END".length()) + "\n";
        IAtomContainer mol;
        try (org.openscience.cdk.io.MDLV3000Reader reader = new org.openscience.cdk.io.MDLV3000Reader(new StringReader(molfile))) {
            mol = reader.read(SilentChemObjectBuilder.getInstance().newAtomContainer());
        } catch (IOException e) {
            throw new CDKException(e.getMessage(), e);
        }
        if (mol == null) {
            throw new CDKException("empty V3000 record");
        }
        if (end >= 0) {
            String[] props = chunk.substring(end).split("\n");
            for (int i = 1; i < props.length; i++) {
                if (props[i].startsWith(">") && props[i].contains("<") && props[i].indexOf('>', props[i].indexOf('<')) > 0) {
                    String key = props[i].substring(props[i].indexOf('<') + 1, props[i].indexOf('>', props[i].indexOf('<')));
                    StringBuilder value = new StringBuilder();
                    for (i++; i < props.length && !props[i].isEmpty(); i++) {
                        value.append(value.length() > 0 ? "\n" : "").append(props[i]);
                    }
                    mol.setProperty(key, value.toString());
                }
            }
        }
        return mol;
    }

    private static IAtomContainer parseSmiles(String line) throws CDKException {
        String[] parts = line.split("\\s+", 2);
        IAtomContainer mol = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(parts[0]);
        mol.setTitle(parts.length > 1 ? parts[1].strip() : null);
        mol.setProperty("SMILES", parts[0]);
        return mol;
    }

    private static IAtomContainer parseXyz(String chunk) throws CDKException {
        String[] lines = chunk.split("\n");
        int atoms;
        try {
            atoms = Integer.parseInt(lines[0].strip());
        } catch (NumberFormatException e) {
            throw new CDKException("first line must be the atom count, got '" + lines[0].strip() + "'");
        }
        if (lines.length != atoms + 2) {
            throw new CDKException("the count line says " + atoms + " atoms but " + Math.max(0, lines.length - 2)
                    + " atom lines follow");
        }
        for (int i = 0; i < atoms; i++) {
            String[] fields = lines[i + 2].trim().split("\\s+");
            if (fields.length < 4) {
                throw new CDKException("atom " + (i + 1) + ": expected 'element x y z', got '" + lines[i + 2].strip() + "'");
            }
            for (int d = 1; d <= 3; d++) {
                double v;
                try {
                    v = Double.parseDouble(fields[d]);
                } catch (NumberFormatException e) {
                    throw new CDKException("atom " + (i + 1) + ": coordinate '" + fields[d] + "' is not a number");
                }
                if (!Double.isFinite(v)) {
                    throw new CDKException("atom " + (i + 1) + " has a non-finite coordinate (" + fields[d] + ")");
                }
            }
        }
        try (XYZReader reader = new XYZReader(new StringReader(chunk))) {
            IChemFile file = reader.read(SilentChemObjectBuilder.getInstance().newInstance(IChemFile.class));
            List<IAtomContainer> all = ChemFileManipulator.getAllAtomContainers(file);
            if (all.isEmpty() || all.get(0).getAtomCount() != atoms) {
                throw new CDKException("malformed atom lines");
            }
            IAtomContainer mol = all.get(0);
            for (IAtom atom : mol.atoms()) {
                if (atom.getAtomicNumber() == null || atom.getAtomicNumber() == 0) {
                    int z = Elements.atomicNumber(atom.getSymbol());
                    if (z < 0) {
                        throw new CDKException("unknown element '" + atom.getSymbol() + "'");
                    }
                    atom.setAtomicNumber(z);
                }
                atom.setImplicitHydrogenCount(0);
            }
            mol.setTitle(lines[1].strip());
            return mol;
        } catch (IOException e) {
            throw new CDKException(e.getMessage(), e);
        }
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s+", " ").strip();
    }

    private void closeCurrent() {
        try {
            if (current != null) {
                current.close();
            }
        } catch (IOException ignored) {
            // nothing was written; a failed close of an input loses nothing
        } finally {
            current = null;
        }
    }

    @Override
    public void close() {
        closeCurrent();
    }
}
