package io.github.cdknnp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the conformer-reference and DFT-campaign recipe scripts alive: {@code resources/training/confgf/smoke_scripts.sh}
 * runs each of them with the shaded jar on one small molecule with a few frames. Runs after packaging (failsafe);
 * needs {@code xtb}, Debian's Psi4 and {@code /usr/bin/python3} with RDKit, torch and h5py (CI installs them), skipped
 * where missing.
 */
class RecipeScriptsSmokeIT {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final int TIMEOUT_MINUTES = 15;
    private static final int TIMED_OUT = -2;

    @Test
    void everyReferenceAndCampaignScriptRunsToItsEnd(@TempDir Path out) throws Exception {
        assumeTrue(run(out.resolve("probe.log"), "/usr/bin/python3", "-c", "import rdkit, torch, h5py, ase") == 0
                && run(out.resolve("xtb.log"), "xtb", "--version") == 0
                && Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/psi4")),
                "xtb, Psi4 and /usr/bin/python3 with rdkit, torch, h5py and ase are needed for the recipe scripts");
        Path log = out.resolve("smoke.log");
        int exit = run(log, ROOT.resolve("resources/training/confgf/smoke_scripts.sh").toString());
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, exit, () -> (exit == TIMED_OUT ? "smoke_scripts.sh timed out after " + TIMEOUT_MINUTES + " min:\n"
                : "smoke_scripts.sh failed:\n") + text);
        assertTrue(text.contains("smoke_scripts.sh: all scripts ran"), text);
    }

    private static int run(Path log, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("CDKNNP_JAR", ROOT.resolve("plugin/target/cdk-nnp.jar").toString());
        Process p;
        try {
            p = pb.start();
        } catch (java.io.IOException e) {
            return -1;  // command not installed
        }
        if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {  // ~4 min on two idle cores; a loaded machine is slower
            p.destroyForcibly();
            return TIMED_OUT;
        }
        return p.exitValue();
    }
}
