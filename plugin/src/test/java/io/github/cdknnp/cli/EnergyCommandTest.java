package io.github.cdknnp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnergyCommandTest {
    @TempDir
    Path dir;
    Path model;

    @BeforeEach
    void writeModel() {
        model = dir.resolve("model.h5");
        TestModels.write(TestModels.randomPainn(8, 2, 6, 4.0, 3), model);
    }

    @Test
    void badRecordsAreLoggedAndTheRestIsWritten() throws Exception {
        Path in = dir.resolve("in.smi");
        Files.writeString(in, "CCO ethanol\nC1CC bad-ring\n[SiH4] silane\nOC=O formic-acid\n");
        Path out = dir.resolve("out.csv");
        int code = Main.run("energy", "-i", in.toString(), "-o", out.toString(), "--model", model.toString(),
                "--backend", "reference");
        assertEquals(RecordRunner.SOME_FAILED, code);
        List<String> rows = Files.readAllLines(out);
        assertEquals("index,title,atoms,energy_eV,energy_kcal_per_mol,fmax_eV_per_A", rows.get(0));
        assertEquals(3, rows.size());
        assertTrue(rows.get(1).startsWith("1,ethanol,9,"), rows.get(1));
        assertTrue(rows.get(2).startsWith("4,formic-acid,5,"), rows.get(2));
        List<String> errors = Files.readAllLines(dir.resolve("out.csv.errors.tsv"));
        assertEquals(3, errors.size());
        assertTrue(errors.get(1).startsWith("2\tin.smi#2\tbad-ring\tSMILES record could not be read"), errors.get(1));
        assertTrue(errors.get(2).contains("unsupported element Si at atom 1"), errors.get(2));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".part")), "no temporary file left");
        }
    }

    @Test
    void chargedMoleculesNeedAChargedModelOrNeutralisation() throws Exception {
        Path in = writeSmiles("C[NH3+] methylammonium\nCC(=O)[O-].[Na+] sodium-acetate\nC[N+](C)(C)C tetramethylammonium\n"
                + "CCO ethanol\n");
        Path neutralOnly = dir.resolve("neutral.sdf");
        assertEquals(RecordRunner.SOME_FAILED, Main.run("energy", "-i", in.toString(), "-o", neutralOnly.toString(),
                "--model", model.toString(), "--backend", "reference"));
        String errors = Files.readString(Path.of(neutralOnly + ".errors.tsv"));
        assertTrue(errors.contains("methylammonium") && errors.contains("unsupported total charge +1 (model random-test "
                + "takes total charges 0)") && errors.contains("--neutralize"), errors);
        assertTrue(errors.contains("sodium-acetate\tunsupported total charge -1"), errors);

        Path neutralized = dir.resolve("neutralized.sdf");
        assertEquals(RecordRunner.SOME_FAILED, Main.run("energy", "-i", in.toString(), "-o", neutralized.toString(),
                "--model", model.toString(), "--backend", "reference", "--neutralize"));
        String sdf = Files.readString(neutralized);
        assertEquals(3, sdf.split("\\$\\$\\$\\$").length - 1, sdf);
        assertTrue(sdf.contains("> <NNP_NEUTRALIZED>\nN2 +1") && sdf.contains("> <NNP_NEUTRALIZED>\nO4 -1"), sdf);
        assertTrue(Files.readString(Path.of(neutralized + ".errors.tsv")).contains("tetramethylammonium"));

        Path charged = dir.resolve("charged.csv");
        Path chargedModel = dir.resolve("charged.h5");
        try (var res = getClass().getResourceAsStream("/io/github/cdknnp/models/painn-tiny-charged.h5")) {
            Files.copy(res, chargedModel);
        }
        assertEquals(RecordRunner.ALL_OK, Main.run("energy", "-i", in.toString(), "-o", charged.toString(),
                "--model", chargedModel.toString(), "--backend", "cpu"));
        List<String> rows = Files.readAllLines(charged);
        assertEquals(5, rows.size(), rows.toString());
        assertTrue(rows.get(1).startsWith("1,methylammonium,8,") && rows.get(3).startsWith("3,tetramethylammonium,17,"),
                rows.toString());
    }

    @Test
    void withoutAModelChargedMoleculesGetTheChargedModelAndNeutralOnesTheDefault() throws Exception {
        Path in = writeSmiles("C[NH3+] methylammonium\nCC(=O)[O-].[Na+] sodium-acetate\nCCO ethanol\n");
        Path routed = dir.resolve("routed.csv");
        assertEquals(RecordRunner.ALL_OK, Main.run("energy", "-i", in.toString(), "-o", routed.toString(), "--backend", "cpu"));
        Path charged = dir.resolve("charged.csv");
        Main.run("energy", "-i", in.toString(), "-o", charged.toString(), "--backend", "cpu", "--model", "painn-dft-charged-v1");
        Path neutral = dir.resolve("neutral.csv");
        Main.run("energy", "-i", in.toString(), "-o", neutral.toString(), "--backend", "cpu", "--model", "painn-dft-v1");
        List<String> rows = Files.readAllLines(routed);
        assertEquals(4, rows.size(), rows.toString());
        assertEquals(Files.readAllLines(charged).subList(1, 3), rows.subList(1, 3));
        List<String> neutralRows = Files.readAllLines(neutral);
        assertEquals(2, neutralRows.size(), "the default model alone refuses both ions: " + neutralRows);
        assertEquals(neutralRows.get(1), rows.get(3));
    }

    @Test
    void writesSdfWithEnergiesForcesAndTheInputProperties() throws Exception {
        Path in = dir.resolve("in.sdf");
        Path first = dir.resolve("first.sdf");
        Main.run("energy", "-i", writeSmiles("O water\n").toString(), "-o", first.toString(), "--model", model.toString(),
                "--backend", "reference");
        String record = Files.readString(first).replace("> <NNP_ENERGY_EV>", "> <MY_ID>\nW-1\n\n> <OLD_ENERGY>");
        Files.writeString(in, record + "garbage line\nnot a molfile\n$$$$\n");
        Path out = dir.resolve("out.sdf");
        int code = Main.run("energy", "--forces", "-i", in.toString(), "-o", out.toString(), "--model", model.toString(),
                "--backend", "reference");
        assertEquals(RecordRunner.SOME_FAILED, code);
        String sdf = Files.readString(out);
        assertTrue(sdf.contains("> <MY_ID>\nW-1"), "input SD property kept");
        assertTrue(sdf.contains("> <NNP_ENERGY_KCAL_PER_MOL>"));
        assertTrue(sdf.contains("> <NNP_FORCES_EV_PER_A>"));
        assertEquals(1, sdf.split("\\$\\$\\$\\$").length - 1, "one record written");
    }

    @Test
    void jsonReportsForcesPerAtom() throws Exception {
        Path out = dir.resolve("e.json");
        int code = Main.run("energy", "--forces", "-i", writeSmiles("C methane\n").toString(), "-o", out.toString(),
                "--model", model.toString(), "--backend", "reference");
        assertEquals(RecordRunner.ALL_OK, code);
        String json = Files.readString(out);
        assertTrue(json.startsWith("[\n  {\"index\": 1, \"title\": \"methane\", \"atoms\": 5"), json);
        String forces = json.substring(json.indexOf("forces_eV_per_A"));
        assertEquals(6, forces.chars().filter(c -> c == '[').count(), "five atoms with three components each");
    }

    @Test
    void badGeometriesAreNamedPerRecord() throws Exception {
        Path in = dir.resolve("bad.xyz");
        Files.writeString(in, """
                3
                good water
                O 0.0 0.0 0.117
                H 0.0 0.757 -0.469
                H 0.0 -0.757 -0.469
                3
                nan water
                O 0.0 0.0 NaN
                H 0.0 0.757 -0.469
                H 0.0 -0.757 -0.469
                3
                squashed water
                O 0.0 0.0 0.0
                H 0.0 0.1 0.0
                H 0.0 -0.757 -0.469
                3
                truncated water
                O 0.0 0.0 0.117
                """);
        Path out = dir.resolve("bad.csv");
        assertEquals(RecordRunner.SOME_FAILED, Main.run("energy", "-i", in.toString(), "-o", out.toString(),
                "--model", model.toString(), "--backend", "reference", "--strict"));
        assertEquals(2, Files.readAllLines(out).size(), "header and the good record");
        List<String> errors = Files.readAllLines(dir.resolve("bad.csv.errors.tsv"));
        assertEquals(4, errors.size(), String.join("\n", errors));
        assertTrue(errors.get(1).contains("nan water") && errors.get(1).contains("atom 1 has a non-finite coordinate (NaN)"), errors.get(1));
        assertTrue(errors.get(2).contains("atoms 1 and 2 overlap"), errors.get(2));
        assertTrue(errors.get(3).contains("the count line says 3 atoms but 1 atom lines follow"), errors.get(3));
    }

    @Test
    void aWrongXyzAtomCountSpoilsOnlyItsOwnFrame() throws Exception {
        String water = "O 0.0 0.0 0.117\nH 0.0 0.757 -0.469\nH 0.0 -0.757 -0.469\n";
        Path in = dir.resolve("counts.xyz");
        Files.writeString(in, "3\nfirst\n" + water + "5\ncount too large\n" + water + "3\nsecond\n" + water
                + "2\ncount too small\n" + water + "3\nthird\n" + water);
        Path out = dir.resolve("counts.csv");
        assertEquals(RecordRunner.SOME_FAILED, Main.run("energy", "-i", in.toString(), "-o", out.toString(),
                "--model", model.toString(), "--backend", "reference", "--strict"));
        List<String> rows = Files.readAllLines(out);
        assertEquals(4, rows.size(), "header and the three good frames: " + rows);
        assertTrue(rows.get(1).contains("first") && rows.get(2).contains("second") && rows.get(3).contains("third"), rows.toString());
        List<String> errors = Files.readAllLines(dir.resolve("counts.csv.errors.tsv"));
        assertEquals(3, errors.size(), String.join("\n", errors));
        assertTrue(errors.get(1).contains("count too large") && errors.get(1).contains("says 5 atoms but 3 atom lines"), errors.get(1));
        assertTrue(errors.get(2).contains("count too small") && errors.get(2).contains("says 2 atoms but 3 atom lines"), errors.get(2));
    }

    @Test
    void strictModeRejectsTwoDimensionalRecords() throws Exception {
        Path in = dir.resolve("flat.sdf");
        Files.writeString(in, """
                methanol-2d
                  CDK     0101000000 2D

                  2  1  0  0  0  0  0  0  0  0999 V2000
                    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
                    1.4300    0.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0
                  1  2  1  0  0  0  0
                M  END
                $$$$
                """);
        Path out = dir.resolve("flat.csv");
        assertEquals(RecordRunner.NONE_OK, Main.run("energy", "-i", in.toString(), "-o", out.toString(),
                "--model", model.toString(), "--backend", "reference", "--strict"));
        String errors = Files.readString(dir.resolve("flat.csv.errors.tsv"));
        assertTrue(errors.contains("implicit hydrogens"), errors);
    }

    @Test
    void emptyInputAndMissingFileGiveClearErrors() throws Exception {
        Path empty = dir.resolve("empty.sdf");
        Files.writeString(empty, "");
        assertEquals(RecordRunner.NONE_OK, Main.run("energy", "-i", empty.toString(), "--model", model.toString()));
        assertEquals(2, Main.run("energy", "-i", dir.resolve("nope.sdf").toString(),
                "--model", model.toString()), "a missing input: a usage error before the model loads");
        assertEquals(2, Main.run("energy"), "usage error");
    }

    private Path writeSmiles(String text) throws Exception {
        Path p = dir.resolve("in-" + Math.abs(text.hashCode()) + ".smi");
        Files.writeString(p, text);
        return p;
    }
}
