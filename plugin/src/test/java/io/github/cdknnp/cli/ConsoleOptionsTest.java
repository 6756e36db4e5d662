package io.github.cdknnp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --quiet, --verbose and --log decide what a run says on standard error and what it keeps in a log file. */
class ConsoleOptionsTest {
    @TempDir
    Path dir;

    private String stderrOf(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(RecordRunner.SOME_FAILED, Main.run(args));
        } finally {
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void quietShowsErrorsOnlyAndTheLogKeepsEverything() throws Exception {
        Path in = dir.resolve("in.smi");
        Files.writeString(in, "CCO ethanol\n[SiH4] silane\n");
        Path model = TinyModel.in(dir);
        Path log = dir.resolve("run.log");
        String quiet = stderrOf("energy", "-i", in.toString(), "-o", dir.resolve("q.csv").toString(), "--model",
                model.toString(), "--backend", "reference", "--quiet", "--log", log.toString());
        assertTrue(quiet.contains("record 2 (silane") && quiet.contains("unsupported element Si"), quiet);
        assertFalse(quiet.contains("force field:") || quiet.contains("records:"), quiet);
        String logged = Files.readString(log);
        assertTrue(logged.contains("force field:") && logged.contains("unsupported element Si")
                && logged.contains("2 records: 1 done, 1 failed"), logged);
        assertTrue(logged.lines().allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ .*")), logged);

        String normal = stderrOf("energy", "-i", in.toString(), "-o", dir.resolve("n.csv").toString(), "--model",
                model.toString(), "--backend", "reference");
        assertTrue(normal.contains("force field:") && normal.contains("2 records: 1 done, 1 failed"), normal);
        assertFalse(normal.contains("done in"), normal);
        String verbose = stderrOf("energy", "-i", in.toString(), "-o", dir.resolve("v.csv").toString(), "--model",
                model.toString(), "--backend", "reference", "--verbose");
        assertTrue(verbose.contains("record 1 (ethanol): done in"), verbose);
    }
}
