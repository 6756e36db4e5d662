package io.github.cdknnp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cdk-nnp confeval} against a reference made by confgen: the COV/MAT table and the lowest-energy comparison. */
class ConfevalCommandTest {
    @TempDir
    Path dir;

    @Test
    void scoresTheGeneratorAndComparesItsLowestConformerWithTheReferences() throws Exception {
        Path in = dir.resolve("in.smi");
        Files.writeString(in, "OCCOc1ccccc1 phenoxyethanol\n");
        Path reference = dir.resolve("reference.sdf");
        String[] cpu = {"--backend", "cpu", "--score-backend", "cpu"};
        assertEquals(RecordRunner.ALL_OK, Main.run("confgen", "-i", in.toString(), "-o", reference.toString(), "-n", "3",
                "--no-progress", cpu[0], cpu[1], cpu[2], cpu[3]));
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = Main.run("confeval", "--reference", reference.toString(), "--factor", "1", "--seed", "7",
                    cpu[0], cpu[1], cpu[2], cpu[3]);
        } finally {
            System.setOut(stdout);
        }
        String report = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, report);
        assertTrue(report.contains("| cdk-nnp | 1.25 |"), report);
        Matcher m = Pattern.compile("more than 1 kcal/mol below for (\\d+) molecules, within 1 kcal/mol for (\\d+), "
                + "more than 1 kcal/mol above for (\\d+); median ([-+][\\d.]+) kcal/mol").matcher(report);
        assertTrue(m.find(), report);
        assertEquals(1, Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(3)), report);
        // both sides are minima of the same NNP for a small molecule: a few kcal/mol apart at most (a unit or
        // energy mix-up would be tens to thousands)
        assertTrue(Math.abs(Double.parseDouble(m.group(4))) < 5, report);
    }
}
