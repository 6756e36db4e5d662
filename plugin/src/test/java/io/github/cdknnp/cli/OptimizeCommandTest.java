package io.github.cdknnp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.io.MoleculeReader;
import io.github.cdknnp.io.MoleculeRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizeCommandTest {
    @TempDir
    Path dir;

    Path tinyModel() throws Exception {
        return TinyModel.in(dir);
    }

    /** The embedded default model: a random tiny model tears real molecules apart, which optimize reports as an error. */
    @Test
    void everyOptimizerWritesEachRecordWithItsOptimizationProperties() throws Exception {
        Path in = dir.resolve("in.smi");
        Files.writeString(in, "CCO ethanol\nc1ccccc1 benzene\nC[Si](C)(C)C tms\n");
        for (String algorithm : new String[]{"lbfgs", "fire", "bfgs"}) {
            Path out = dir.resolve(algorithm + ".sdf");
            int code = Main.run("optimize", "-i", in.toString(), "-o", out.toString(),
                    "--backend", "reference", "--optimizer", algorithm, "--max-steps", "5");
            assertEquals(RecordRunner.SOME_FAILED, code, algorithm);
            List<MoleculeRecord> written = new ArrayList<>();
            try (MoleculeReader reader = MoleculeReader.open(List.of(out))) {
                reader.forEach(written::add);
            }
            assertEquals(List.of("ethanol", "benzene"), written.stream().map(MoleculeRecord::title).toList());
            for (MoleculeRecord r : written) {
                assertTrue(r.ok(), r.error());
                int steps = Integer.parseInt(r.molecule().getProperty("NNP_OPT_STEPS"));
                assertTrue(steps <= 5, "step limit respected: " + steps);
                assertTrue(List.of("true", "false").contains(r.molecule().getProperty("NNP_OPT_CONVERGED")));
                assertTrue(r.molecule().getProperty("NNP_ENERGY_EV") != null);
                assertEquals(r.molecule().getProperty("NNP_OPT_CONVERGED").equals("false"),
                        r.molecule().getProperty("NNP_GENERATED_3D") != null, "an unconverged start stays marked as generated");
            }
            assertTrue(Files.readString(dir.resolve(algorithm + ".sdf.errors.tsv")).contains("unsupported element Si"));
            try (var files = Files.list(dir)) {
                assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".part")), "no temporary file left");
            }
        }
    }

    @Test
    void plotsOnePngPerRecord() throws Exception {
        Path in = dir.resolve("in.smi");
        Files.writeString(in, "CCO ethanol\nCC(=O)O acetic acid\n");
        Path plots = dir.resolve("plots");
        assertEquals(RecordRunner.ALL_OK, Main.run("optimize", "-i", in.toString(), "-o", dir.resolve("o.sdf").toString(),
                "--backend", "reference", "--max-steps", "5", "--plot", plots.toString()));
        for (String name : new String[]{"000001-ethanol.png", "000002-acetic_acid.png"}) {
            java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(plots.resolve(name).toFile());
            assertEquals(800, png.getWidth());
            assertEquals(640, png.getHeight(), "two stacked panels");
        }
    }

    @Test
    void aScaledOrTornGeometryIsAnErrorNotAConvergedResult() throws Exception {
        Path xyz = dir.resolve("scaled.xyz");
        Files.writeString(xyz, "3\nwater x10\nO 0 0 1.17\nH 0 7.57 -4.69\nH 0 -7.57 -4.69\n");
        Path sdf = dir.resolve("stretched.sdf");
        Files.writeString(sdf, """
                ethane, C-C 5.5 A
                  cdk-nnp

                  8  7  0  0  0  0  0  0  0  0999 V2000
                    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
                    5.5000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
                   -0.3600    1.0200    0.0000 H   0  0  0  0  0  0  0  0  0  0  0  0
                   -0.3600   -0.5100    0.8800 H   0  0  0  0  0  0  0  0  0  0  0  0
                   -0.3600   -0.5100   -0.8800 H   0  0  0  0  0  0  0  0  0  0  0  0
                    5.8600    1.0200    0.0000 H   0  0  0  0  0  0  0  0  0  0  0  0
                    5.8600   -0.5100    0.8800 H   0  0  0  0  0  0  0  0  0  0  0  0
                    5.8600   -0.5100   -0.8800 H   0  0  0  0  0  0  0  0  0  0  0  0
                  1  2  1  0
                  1  3  1  0
                  1  4  1  0
                  1  5  1  0
                  2  6  1  0
                  2  7  1  0
                  2  8  1  0
                M  END
                $$$$
                """);
        Path out = dir.resolve("out.sdf");
        assertEquals(RecordRunner.NONE_OK, Main.run("optimize", "-i", xyz.toString(), "-i", sdf.toString(), "-o",
                out.toString(), "--model", tinyModel().toString(), "--backend", "reference", "--strict"));
        List<String> errors = Files.readAllLines(dir.resolve("out.sdf.errors.tsv"));
        assertEquals(3, errors.size(), String.join("\n", errors));
        assertTrue(errors.get(1).contains("O1 has no neighbour within bonding distance"), errors.get(1));
        assertTrue(errors.get(2).contains("bond C1-C2 is 5.50 Å long"), errors.get(2));
    }

    @Test
    void uncertaintyWritesTheCommitteesVerdictOnEveryRecord() throws Exception {
        Path in = Files.writeString(dir.resolve("in.smi"), "CCO ethanol\nCC(=O)Nc1ccc(O)cc1 paracetamol\n");
        Path out = dir.resolve("u.sdf");
        assertEquals(RecordRunner.ALL_OK, Main.run("optimize", "-i", in.toString(), "-o", out.toString(), "--backend",
                "reference", "--uncertainty", "--no-progress"));
        List<MoleculeRecord> written = new ArrayList<>();
        try (MoleculeReader reader = MoleculeReader.open(List.of(out))) {
            reader.forEach(written::add);
        }
        assertEquals(2, written.size());
        for (MoleculeRecord r : written) {
            double spread = Double.parseDouble(r.molecule().getProperty("NNP_FORCE_SPREAD_EV_PER_A").toString());
            assertTrue(spread > 0 && spread < 0.2, r.title() + " " + spread);
            assertEquals("false", r.molecule().getProperty("NNP_OUTSIDE_DOMAIN"), r.title());
            assertTrue(r.molecule().getProperty("NNP_ENERGY_SPREAD_KCAL_PER_MOL") != null);
        }
        assertEquals(2, Main.run("optimize", "-i", in.toString(), "-o", dir.resolve("v4.sdf").toString(), "--model",
                "painn-xtb-v4", "--uncertainty"), "no committee for another model: a usage error");
    }
}
