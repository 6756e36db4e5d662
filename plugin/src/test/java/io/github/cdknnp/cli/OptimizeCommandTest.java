package io.github.cdknnp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.io.MoleculeReader;
import io.github.cdknnp.io.MoleculeRecord;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizeCommandTest {
    @TempDir
    Path dir;

    /** The recipe's tiny PaiNN (forcefield-bridge test resources) as a file. */
    Path tinyModel() throws Exception {
        Path model = dir.resolve("tiny.h5");
        try (InputStream in = getClass().getResourceAsStream("/io/github/cdknnp/models/painn-tiny.h5")) {
            Files.copy(in, model);
        }
        return model;
    }

    @Test
    void everyOptimizerWritesEachRecordWithItsOptimizationProperties() throws Exception {
        Path in = dir.resolve("in.smi");
        Files.writeString(in, "CCO ethanol\nc1ccccc1 benzene\nC[Si](C)(C)C tms\n");
        for (String algorithm : new String[]{"lbfgs", "fire", "bfgs"}) {
            Path out = dir.resolve(algorithm + ".sdf");
            int code = Main.run("optimize", "-i", in.toString(), "-o", out.toString(), "--model", tinyModel().toString(),
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
            Files.delete(dir.resolve("tiny.h5"));
        }
    }

    @Test
    void plotsOnePngPerRecord() throws Exception {
        Path in = dir.resolve("in.smi");
        Files.writeString(in, "CCO ethanol\nCC(=O)O acetic acid\n");
        Path plots = dir.resolve("plots");
        assertEquals(RecordRunner.ALL_OK, Main.run("optimize", "-i", in.toString(), "-o", dir.resolve("o.sdf").toString(),
                "--model", tinyModel().toString(), "--backend", "reference", "--max-steps", "5", "--plot", plots.toString()));
        for (String name : new String[]{"000001-ethanol.png", "000002-acetic_acid.png"}) {
            java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(plots.resolve(name).toFile());
            assertEquals(800, png.getWidth());
            assertEquals(640, png.getHeight(), "two stacked panels");
        }
    }
}
