package io.github.cdknnp.ff.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cdknnp.ff.model.ModelFile;
import io.github.cdknnp.ff.model.PainnParameters;
import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the training recipe alive without retraining the real model: {@code resources/training/smoke_recipe.sh}
 * trains a tiny PaiNN for ~40 s on a committed shard of GFN2-xTB labels, exports it and writes PyTorch vectors;
 * the exported file must load here and match PyTorch. Needs {@code /usr/bin/python3} with torch and h5py (CI
 * installs Debian's python3-torch and python3-h5py); skipped where they are missing.
 */
class RecipeSmokeTest {
    /** The project root: the nearest directory above this module that holds the training recipe. */
    private static final Path ROOT = java.util.stream.Stream.iterate(Path.of("").toAbsolutePath(), p -> p != null,
            Path::getParent).filter(p -> java.nio.file.Files.isDirectory(p.resolve("resources/training"))).findFirst()
            .orElseThrow();

    @Test
    void aModelTrainedByTheRecipeLoadsAndMatchesPyTorch(@TempDir Path out) throws Exception {
        assumeTrue(run(out, "/usr/bin/python3", "-c", "import torch, h5py") == 0,
                "/usr/bin/python3 with torch and h5py is needed for the recipe smoke run");
        Path log = out.resolve("smoke.log");
        int exit = run(log, ROOT.resolve("resources/training/smoke_recipe.sh").toString(), out.toString());
        assertEquals(0, exit, () -> "smoke_recipe.sh failed:\n" + read(log));
        PainnParameters model = ModelFile.read(out.resolve("painn-smoke.h5"));
        assertEquals("painn-smoke", model.name());
        try (HdfFile vectors = new HdfFile(out.resolve("painn-smoke-vectors.h5"))) {
            PyTorchParityTest.assertMatchesVectors(vectors, model, "reference", 1e-5, 1e-6);
        }
    }

    /** Runs a command from the project root with output to {@code log} (a directory: output discarded). */
    private static int run(Path log, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.redirectOutput(Files.isDirectory(log) ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(log.toFile()));
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
