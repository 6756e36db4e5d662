package io.github.cdknnp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.io.MoleculeReader;
import io.github.cdknnp.io.MoleculeRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad input file or record is reported and skipped; the good ones are all written. */
class BadInputFilesTest {
    @TempDir
    Path dir;

    @Test
    void badFilesBesideGoodOnesAreReportedAndTheRunGoesOn() throws Exception {
        Path good = Files.writeString(dir.resolve("good.smi"), "CCO ethanol\nC methane\n" + "C".repeat(400) + " long-chain\n");
        Path folder = Files.createDirectory(dir.resolve("folder.smi"));
        Path unknown = Files.writeString(dir.resolve("notes.txt"), "CCO\n");
        Path empty = Files.write(dir.resolve("empty.smi.gz"), new byte[0]);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            StringBuilder many = new StringBuilder();
            for (int k = 0; k < 30; k++) {
                many.append("CC(=O)O acid-").append(k).append('\n');
            }
            java.util.Random random = new java.util.Random(1);
            for (int k = 0; k < 2000; k++) {  // incompressible comment lines after the records: the cut falls among them
                many.append("# ").append(Long.toHexString(random.nextLong())).append('\n');
            }
            gz.write(many.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] all = bytes.toByteArray();
        Path truncated = Files.write(dir.resolve("cut.smi.gz"), Arrays.copyOf(all, all.length / 2));
        Path out = dir.resolve("out.sdf");
        List<String> args = new ArrayList<>(List.of("energy", "-o", out.toString(), "--backend", "reference"));
        for (Path in : List.of(good, folder, unknown, empty, truncated)) {
            args.addAll(List.of("-i", in.toString()));
        }
        assertEquals(RecordRunner.SOME_FAILED, Main.run(args.toArray(String[]::new)));
        List<String> errors = Files.readAllLines(dir.resolve("out.sdf.errors.tsv"));
        String log = String.join("\n", errors);
        assertTrue(log.contains("400 heavy atoms: larger than cdk-nnp handles"), log);
        assertTrue(log.contains("is a directory"), log);
        assertTrue(log.contains("unknown input format for " + unknown), log);
        assertTrue(log.contains("cannot read " + empty), log);
        assertTrue(log.contains("cannot read " + truncated + " past record"), log);
        assertEquals(6, errors.size(), log);
        List<MoleculeRecord> written = new ArrayList<>();
        try (MoleculeReader reader = MoleculeReader.open(List.of(out))) {
            reader.forEach(written::add);
        }
        assertTrue(written.size() > 10, "the good records and those of the truncated file before its cut: " + written.size());
        assertEquals(List.of("ethanol", "methane", "acid-0"), written.stream().limit(3).map(MoleculeRecord::title).toList());
    }

    @Test
    void noReadableInputIsAUsageErrorBeforeTheModelLoads() throws Exception {
        Path out = dir.resolve("out.sdf");
        assertEquals(2, Main.run("optimize", "-i", dir.resolve("missing.smi").toString(), "-o", out.toString()));
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(dir.resolve("out.sdf.errors.tsv")));
    }

    @Test
    void radicalsImpossibleValencesAndAByteOrderMarkAreHandled() throws Exception {
        Path in = Files.writeString(dir.resolve("bom.smi"), "\uFEFFCCO ethanol\n[CH3] methyl\nC(C)(C)(C)(C)C pentavalent\n"
                + "C[N+](=O)[O-] nitromethane\n");
        Path out = dir.resolve("v.csv");
        assertEquals(RecordRunner.SOME_FAILED, Main.run("energy", "-i", in.toString(), "-o", out.toString(), "--backend",
                "reference"));
        List<String> rows = Files.readAllLines(out);
        assertEquals(3, rows.size(), rows.toString());
        assertTrue(rows.get(1).contains("ethanol") && rows.get(2).contains("nitromethane"), rows.toString());
        String errors = Files.readString(dir.resolve("v.csv.errors.tsv"));
        assertTrue(errors.contains("methyl") && errors.contains("atom 1 (C, charge +0) has 3 bonds"), errors);
        assertTrue(errors.contains("pentavalent") && errors.contains("has 5 bonds"), errors);
    }

    @Test
    void oddButValidMoleculesAreComputedAndWrongSdfCountsAreReported() throws Exception {
        Path smi = Files.writeString(dir.resolve("odd.smi"), "[H][H] hydrogen\n[2H]O[2H] heavy-water\nC1C2CC3CC1C23 cage\n");
        String water = "water\n  test\n\n  3  2  0  0  0  0  0  0  0  0999 V2000\n"
                + "    0.0000    0.0000    0.1170 O   0  0  0  0  0  0  0  0  0  0  0  0\n"
                + "    0.0000    0.7570   -0.4690 H   0  0  0  0  0  0  0  0  0  0  0  0\n"
                + "    0.0000   -0.7570   -0.4690 H   0  0  0  0  0  0  0  0  0  0  0  0\n"
                + "  1  2  1  0\n  1  3  1  0\nM  END\n$$$$\n";
        Path sdf = Files.writeString(dir.resolve("counts.sdf"), water + water.replace("  3  2  0", "  2  2  0")
                .replace("water\n", "two-counted\n") + water.replace("  3  2  0", "  4  2  0").replace("water\n", "four-counted\n"));
        Path out = dir.resolve("odd.csv");
        assertEquals(RecordRunner.SOME_FAILED, Main.run("energy", "-i", smi.toString(), "-i", sdf.toString(), "-o",
                out.toString(), "--backend", "reference"));
        List<String> rows = Files.readAllLines(out);
        assertEquals(5, rows.size(), rows.toString());
        String errors = Files.readString(dir.resolve("odd.csv.errors.tsv"));
        assertTrue(errors.contains("two-counted") && errors.contains("says 2 atoms and 2 bonds, but line 7 is an atom line"), errors);
        assertTrue(errors.contains("four-counted") && errors.contains("says 4 atoms and 2 bonds, but line 8 is not an atom line"), errors);
    }
}
