package io.github.cdknnp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.conformers.ConformerGenerator;
import io.github.cdknnp.io.MoleculeReader;
import io.github.cdknnp.io.MoleculeRecord;
import io.github.cdknnp.io.MoleculeWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cdk-nnp confgen} over a SMILES file with good and bad records, and its resume. */
class ConfgenCommandTest {
    @TempDir
    Path dir;

    private static List<MoleculeRecord> read(Path sdf) {
        List<MoleculeRecord> records = new ArrayList<>();
        try (MoleculeReader reader = MoleculeReader.open(List.of(sdf))) {
            reader.forEach(records::add);
        }
        return records;
    }

    private int confgen(Path in, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("confgen", "-i", in.toString(), "-o", out.toString(), "-n", "3",
                "--samples", "4", "--backend", "cpu", "--score-backend", "cpu", "--no-progress"));
        args.addAll(List.of(extra));
        return Main.run(args.toArray(String[]::new));
    }

    @Test
    void everyGoodRecordGetsRankedConformersAndEveryBadOneIsLogged() throws Exception {
        Path in = dir.resolve("in.smi");
        Files.writeString(in, "CCO ethanol\nC1CC1(C)N(C)C=O not-a-problem\nC(C)(C)(C)[Si]C silane\nC1CC(C strange\n"
                + "OC(=O)C[NH3+].[Cl-] glycine-hcl\n");
        Path out = dir.resolve("out.sdf");
        int code = confgen(in, out, "--plot", dir.resolve("plots").toString());
        assertEquals(RecordRunner.SOME_FAILED, code);
        List<MoleculeRecord> records = read(out);
        List<String> indices = new ArrayList<>();
        for (MoleculeRecord r : records) {
            assertTrue(r.ok());
            indices.add(r.molecule().getProperty(MoleculeWriter.INPUT_INDEX).toString());
            assertTrue(r.molecule().getProperty(ConformerGenerator.RELATIVE_ENERGY) != null);
            assertTrue(r.molecule().getProperty("NNP_ENERGY_KCAL_PER_MOL") != null);
        }
        // the glycinium ion (HCl's chloride stripped, charge +1) goes to the charged model: no --model was named
        assertTrue(indices.contains("1") && indices.contains("2") && indices.contains("5"), indices.toString());
        assertTrue(!indices.contains("3") && !indices.contains("4"), indices.toString());
        assertTrue(records.size() >= 3 && records.size() <= 9);
        assertEquals("1", records.get(0).molecule().getProperty(ConformerGenerator.RANK));
        String errors = Files.readString(dir.resolve("out.sdf.errors.tsv"));
        assertTrue(errors.contains("Si") && errors.contains("strange") && !errors.contains("glycine-hcl"), errors);
        assertTrue(Files.list(dir.resolve("plots")).count() >= 2);

        // a resumed run over the same input skips what is done and keeps the file as it was
        long before = records.size();
        assertEquals(RecordRunner.ALL_OK, confgen(in, out, "--resume"));
        assertEquals(before, read(out).size());
    }

    @Test
    void protonatedMoleculesKeepEveryFormalChargeWithTheChargedModel() throws Exception {
        Path in = dir.resolve("charged.smi");
        Files.writeString(in, "CC(C)[NH2+]CC(O)COc1cccc2ccccc12 propranolol-H+\nCC(=O)[O-] acetate\n");
        Path out = dir.resolve("charged.sdf");
        assertEquals(RecordRunner.ALL_OK, confgen(in, out, "--model", "painn-dft-charged-v1"));
        List<MoleculeRecord> records = read(out);
        assertTrue(records.size() >= 2, "conformers of both molecules");
        for (MoleculeRecord r : records) {
            int charge = 0;
            for (var atom : r.molecule().atoms()) {
                charge += atom.getFormalCharge() == null ? 0 : atom.getFormalCharge();
            }
            String title = r.molecule().getTitle();
            assertEquals(title.startsWith("acetate") ? -1 : 1, charge, title);
        }
    }

    @Test
    void aBadOptionFailsTheRunOnceBeforeAnyRecord() throws Exception {
        Path in = dir.resolve("in.smi");
        Files.writeString(in, "CCO ethanol\nCCN ethylamine\n");
        for (String[] bad : List.of(new String[] {"--screen-fmax", "-1"}, new String[] {"--torsion-samples", "-1"},
                new String[] {"--fmax", "0"}, new String[] {"--window", "-2"}, new String[] {"--levels", "1"}, new String[] {"--min-samples", "0"}, new String[] {"-n", "0"},
                new String[] {"--score-model", dir.resolve("missing.h5").toString()})) {
            Path out = dir.resolve("bad" + bad[0] + ".sdf");
            assertEquals(2, confgen(in, out, bad), "a usage error: " + String.join(" ", bad));
            assertTrue(!Files.exists(out) && !Files.exists(Path.of(out + ".errors.tsv")), String.join(" ", bad));
        }
    }
}
