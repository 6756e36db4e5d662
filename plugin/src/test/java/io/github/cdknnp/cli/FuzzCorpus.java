package io.github.cdknnp.cli;

import io.github.cdknnp.io.MoleculeReader;
import io.github.cdknnp.io.MoleculeRecord;
import io.github.cdknnp.io.MoleculeWriter;
import io.github.cdknnp.molecules.TestMolecules;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * A deterministic fuzz corpus of SDF, XYZ and SMILES records: the 29 GFN2-xTB-optimized test drugs, randomly rotated
 * and moved (good records), and copies broken in known ways (bad records: a foreign or unsupported element, a NaN or
 * non-numeric coordinate, overlapping atoms, a truncated atom block, a wrong XYZ atom count, unparseable SMILES).
 * Every record's fate is known before the run: {@link #good()} are written, {@link #bad()} are reported.
 */
final class FuzzCorpus {
    private final List<String> sdf = new ArrayList<>();
    private final List<String> xyz = new ArrayList<>();
    private final List<String> smiles = new ArrayList<>();
    private int good;
    private int bad;

    private FuzzCorpus() {
    }

    /** A corpus of about {@code size} records, the same for the same seed. */
    static FuzzCorpus generate(int size, long seed) {
        List<IAtomContainer> drugs = drugs();
        Random random = new Random(seed);
        FuzzCorpus c = new FuzzCorpus();
        List<UnaryOperator<String>> sdfBreaks = List.of(
                t -> replaceElement(t, "Xx"), t -> replaceElement(t, "Si"), FuzzCorpus::nanCoordinate,
                FuzzCorpus::overlap, t -> t.substring(0, t.indexOf("\n", t.indexOf("V2000") + 200)) + "\n$$$$\n");
        List<UnaryOperator<String>> xyzBreaks = List.of(
                t -> t.replaceFirst("^(\\d+)", String.valueOf(Integer.parseInt(t.split("\n")[0].strip()) + 3)),
                t -> t.replaceFirst("^(\\d+)", String.valueOf(Integer.parseInt(t.split("\n")[0].strip()) - 2)),
                t -> t.replaceFirst("\n([A-Z][a-z]?) +\\S+", "\n$1 abc"), t -> t.replaceFirst("\n[A-Z][a-z]? ", "\nQq "));
        String[] badSmiles = {"C1CC", "c1cccc", "C(C)(C)(C)(C)C", "[Si](C)(C)(C)C", "CC(=O", "[CH3]", "C%", "[Na+].[Cl-]"};
        for (int k = 0; k < size; k++) {
            IAtomContainer m = moved(drugs.get(k % drugs.size()), random);
            boolean broken = random.nextDouble() < 0.45;
            m.setTitle((broken ? "bad-" : "") + m.getTitle() + "-" + k);
            switch (k % 3) {
                case 0 -> c.add(c.sdf, MoleculeWriter.sdfText(m), broken ? sdfBreaks.get(random.nextInt(sdfBreaks.size())) : null);
                case 1 -> c.add(c.xyz, xyzText(m), broken ? xyzBreaks.get(random.nextInt(xyzBreaks.size())) : null);
                default -> {
                    if (broken) {
                        c.smiles.add(badSmiles[random.nextInt(badSmiles.length)] + " bad-" + k);
                        c.bad++;
                    } else if (random.nextDouble() < 0.1) {  // SMILES need embedding: a few only
                        c.smiles.add((k % 2 == 0 ? "CCO" : "c1ccccc1O") + " smiles-" + k);
                        c.good++;
                    } else {
                        c.add(c.sdf, MoleculeWriter.sdfText(m), null);
                    }
                }
            }
        }
        return c;
    }

    private void add(List<String> file, String record, UnaryOperator<String> breaker) {
        file.add(breaker == null ? record : breaker.apply(record));
        if (breaker == null) {
            good++;
        } else {
            bad++;
        }
    }

    /** Writes the corpus as {@code corpus.sdf}, {@code corpus.xyz} and {@code corpus.smi}; returns the three files. */
    List<Path> write(Path dir) throws IOException {
        return List.of(Files.writeString(dir.resolve("corpus.sdf"), String.join("", sdf)),
                Files.writeString(dir.resolve("corpus.xyz"), String.join("", xyz)),
                Files.writeString(dir.resolve("corpus.smi"), String.join("\n", smiles) + "\n"));
    }

    int good() {
        return good;
    }

    int bad() {
        return bad;
    }

    private static List<IAtomContainer> drugs() {
        try {
            Path file = Files.createTempFile("cdknnp-fuzz", ".sdf");
            try (InputStream in = TestMolecules.class.getResourceAsStream("drugs-gfn2-opt.sdf")) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            List<IAtomContainer> out = new ArrayList<>();
            try (MoleculeReader reader = MoleculeReader.open(List.of(file))) {
                for (MoleculeRecord r : reader) {
                    out.add(r.molecule());
                }
            } finally {
                Files.delete(file);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A rotated and moved copy (rotations about random axes; the geometry itself is unchanged). */
    private static IAtomContainer moved(IAtomContainer m, Random random) {
        try {
            IAtomContainer c = m.clone();
            double a = random.nextDouble() * 2 * Math.PI;
            double b = random.nextDouble() * 2 * Math.PI;
            double[] shift = {random.nextGaussian() * 5, random.nextGaussian() * 5, random.nextGaussian() * 5};
            for (IAtom atom : c.atoms()) {
                var p = atom.getPoint3d();
                double x = p.x * Math.cos(a) - p.y * Math.sin(a);
                double y = p.x * Math.sin(a) + p.y * Math.cos(a);
                double z = p.z;
                double y2 = y * Math.cos(b) - z * Math.sin(b);
                double z2 = y * Math.sin(b) + z * Math.cos(b);
                atom.setPoint3d(new javax.vecmath.Point3d(x + shift[0], y2 + shift[1], z2 + shift[2]));
            }
            return c;
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String xyzText(IAtomContainer m) {
        StringBuilder sb = new StringBuilder().append(m.getAtomCount()).append('\n').append(m.getTitle()).append('\n');
        for (IAtom a : m.atoms()) {
            sb.append(String.format(Locale.ROOT, "%s %.6f %.6f %.6f%n", a.getSymbol(), a.getPoint3d().x, a.getPoint3d().y,
                    a.getPoint3d().z));
        }
        return sb.toString();
    }

    /** The first carbon of the atom block becomes another element. */
    private static String replaceElement(String sdf, String symbol) {
        return sdf.replaceFirst("(\\n(?:[ -]+\\d+\\.\\d{4}){3}) C  ", "$1 " + String.format(Locale.ROOT, "%-3s", symbol));
    }

    private static String nanCoordinate(String sdf) {
        return sdf.replaceFirst("(\\n)[ -]+\\d+\\.\\d{4}((?:[ -]+\\d+\\.\\d{4}){2} )", "$1       NaN$2");
    }

    /** The second atom put on top of the first. */
    private static String overlap(String sdf) {
        String[] lines = sdf.split("\n", -1);
        lines[5] = lines[4].substring(0, 30) + lines[5].substring(30);
        return String.join("\n", lines);
    }
}
