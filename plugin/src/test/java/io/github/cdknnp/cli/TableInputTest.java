package io.github.cdknnp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.io.MoleculeReader;
import io.github.cdknnp.io.MoleculeRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conventional inputs: screening tables (CSV, TSV with a SMILES column), V3000 molfiles, standard input and output. */
class TableInputTest {
    @TempDir
    Path dir;

    @Test
    void csvAndTsvRowsBecomeRecordsWithTheirColumnsAsProperties() throws Exception {
        Path csv = Files.writeString(dir.resolve("library.csv"), "compound_id,Canonical_SMILES,vendor,price_usd\n"
                + "Z1,CCO,\"Acme, Inc.\",12.5\nZ2,not-a-smiles,Acme,3\nZ3,c1ccccc1O,\"Say \"\"hi\"\"\",7\n");
        Path tsv = Files.writeString(dir.resolve("more.tsv"), "name\tsmiles\nacetone\tCC(C)=O\n");
        Path noSmiles = Files.writeString(dir.resolve("other.csv"), "id,formula\nX,C2H6O\n");
        Path out = dir.resolve("out.sdf");
        assertEquals(RecordRunner.SOME_FAILED, Main.run("energy", "-i", csv.toString(), "-i", tsv.toString(), "-i",
                noSmiles.toString(), "-o", out.toString(), "--backend", "reference"));
        List<MoleculeRecord> written = new ArrayList<>();
        try (MoleculeReader reader = MoleculeReader.open(List.of(out))) {
            reader.forEach(written::add);
        }
        assertEquals(List.of("Z1", "Z3", "acetone"), written.stream().map(MoleculeRecord::title).toList());
        assertEquals("Acme, Inc.", written.get(0).molecule().getProperty("vendor"));
        assertEquals("12.5", written.get(0).molecule().getProperty("price_usd"));
        assertEquals("Say \"hi\"", written.get(1).molecule().getProperty("vendor"));
        String errors = Files.readString(dir.resolve("out.sdf.errors.tsv"));
        assertTrue(errors.contains("Z2") && errors.contains("could not be read"), errors);
        assertTrue(errors.contains("no SMILES column"), errors);
    }

    @Test
    void v3000MolfilesAreReadWithTheirProperties() throws Exception {
        Path in = Files.writeString(dir.resolve("v3000.sdf"), """
                methanol
                  cdk-nnp

                  0  0  0     0  0            999 V3000
                M  V30 BEGIN CTAB
                M  V30 COUNTS 6 5 0 0 0
                M  V30 BEGIN ATOM
                M  V30 1 C 0.0 0.0 0.0 0
                M  V30 2 O 1.42 0.0 0.0 0
                M  V30 3 H -0.36 1.03 0.0 0
                M  V30 4 H -0.36 -0.51 0.89 0
                M  V30 5 H -0.36 -0.51 -0.89 0
                M  V30 6 H 1.74 0.0 0.9 0
                M  V30 END ATOM
                M  V30 BEGIN BOND
                M  V30 1 1 1 2
                M  V30 2 1 1 3
                M  V30 3 1 1 4
                M  V30 4 1 1 5
                M  V30 5 1 2 6
                M  V30 END BOND
                M  V30 END CTAB
                M  END
                > <CAS>
                67-56-1

                $$$$
                """);
        Path out = dir.resolve("v3000-out.sdf");
        assertEquals(RecordRunner.ALL_OK, Main.run("energy", "-i", in.toString(), "-o", out.toString(), "--strict",
                "--backend", "reference"));
        try (MoleculeReader reader = MoleculeReader.open(List.of(out))) {
            MoleculeRecord r = reader.iterator().next();
            assertEquals("methanol", r.title());
            assertEquals(6, r.molecule().getAtomCount());
            assertEquals("67-56-1", r.molecule().getProperty("CAS"));
            assertTrue(r.molecule().getProperty("NNP_ENERGY_EV") != null);
        }
    }

    @Test
    void standardInputToStandardOutput() throws Exception {
        java.io.InputStream stdin = System.in;
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        try {
            System.setIn(new java.io.ByteArrayInputStream("CCO ethanol\nCC(C)=O acetone\n".getBytes(StandardCharsets.UTF_8)));
            System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
            assertEquals(RecordRunner.ALL_OK, Main.run("optimize", "-i", "-", "--input-format", "smi", "-o", "-",
                    "--backend", "reference", "--max-steps", "5", "--no-progress"));
        } finally {
            System.setIn(stdin);
            System.setOut(stdout);
        }
        String sdf = captured.toString(StandardCharsets.UTF_8);
        assertTrue(sdf.startsWith("ethanol") && sdf.contains("\nacetone\n"), sdf);
        assertEquals(2, sdf.split("\\$\\$\\$\\$").length - 1, sdf);
        assertEquals(2, Main.run("optimize", "-i", "-", "-o", dir.resolve("x.sdf").toString()), "- needs --input-format");
    }

    @Test
    void smilesMol2AndPdbOutputs() throws Exception {
        Path in = Files.writeString(dir.resolve("two.smi"), "C[C@@H](O)CC butan-2-ol\nc1ccccc1O phenol\n");
        for (String ext : new String[]{"smi", "mol2", "pdb"}) {
            Path out = dir.resolve("out." + ext);
            assertEquals(RecordRunner.ALL_OK, Main.run("optimize", "-i", in.toString(), "-o", out.toString(), "--backend",
                    "reference", "--max-steps", "5", "--no-progress"), ext);
            String text = Files.readString(out);
            switch (ext) {
                case "smi" -> assertTrue(text.startsWith("C[C@@H](O)CC butan-2-ol\n") && text.contains(" phenol"), text);
                case "mol2" -> assertEquals(2, text.split("@<TRIPOS>MOLECULE").length - 1, text);
                default -> assertEquals(15 + 13, text.lines().filter(l -> l.startsWith("ATOM") || l.startsWith("HETATM")).count(), text);
            }
        }
        assertEquals(2, Main.run("optimize", "-i", in.toString(), "-o", dir.resolve("out.smi").toString(), "--resume"));
        Path xyz = dir.resolve("conformers.xyz");
        assertEquals(RecordRunner.ALL_OK, Main.run("confgen", "-i", in.toString(), "-o", xyz.toString(), "-n", "2",
                "--backend", "reference", "--no-progress"));
        assertTrue(Files.readString(xyz).startsWith("15\n"), "confgen writes XYZ frames too");
    }
}
