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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch behaviour of the CLI: thread-count independence and resuming an interrupted run. */
class BatchRunTest {
    @TempDir
    Path dir;
    Path model;
    Path input;

    @BeforeEach
    void setUp() throws Exception {
        model = TinyModel.in(dir);
        StringBuilder xyz = new StringBuilder();
        String[] bad = {"2\nbad-1\nH 0 0 0\nH 0 0 0.1\n"};
        for (int k = 0; k < 6; k++) {
            double d = 0.96 + 0.02 * k;
            xyz.append(String.format(java.util.Locale.ROOT, "3%nwater-%d%nO 0 0 0%nH 0 %.3f 0%nH %.3f -0.2 0.1%n", k, d, d));
            if (k == 2) {
                xyz.append(bad[0]);
            }
        }
        input = dir.resolve("in.xyz");
        Files.writeString(input, xyz.toString());
    }

    private int optimize(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("optimize", "-i", input.toString(), "-o", out.toString(),
                "--model", model.toString(), "--backend", "reference", "--max-steps", "3", "--no-progress"));
        args.addAll(List.of(extra));
        return Main.run(args.toArray(String[]::new));
    }

    private static List<MoleculeRecord> read(Path sdf) {
        List<MoleculeRecord> records = new ArrayList<>();
        try (MoleculeReader reader = MoleculeReader.open(List.of(sdf))) {
            reader.forEach(records::add);
        }
        return records;
    }

    @Test
    void outputIsIdenticalForOneAndTwoThreads() throws Exception {
        assertEquals(RecordRunner.SOME_FAILED, optimize(dir.resolve("one.sdf"), "--threads", "1"));
        assertEquals(RecordRunner.SOME_FAILED, optimize(dir.resolve("two.sdf"), "--threads", "2"));
        assertEquals(Files.readString(dir.resolve("one.sdf")), Files.readString(dir.resolve("two.sdf")));
        assertEquals(6, read(dir.resolve("one.sdf")).size());
    }

    @Test
    void resumeSkipsWhatIsDoneAndDropsARecordCutShort() throws Exception {
        Path complete = dir.resolve("complete.sdf");
        optimize(complete);
        String full = Files.readString(complete);
        String[] records = full.split("(?<=\\$\\$\\$\\$\n)");
        assertEquals(6, records.length);
        Path out = dir.resolve("out.sdf");
        // a run killed while writing its fourth record: three complete records and half of the next
        Files.writeString(dir.resolve("out.sdf.part"), records[0] + records[1] + records[2]
                + records[3].substring(0, records[3].length() / 2));
        Files.writeString(dir.resolve("out.sdf.errors.tsv"), "index\tsource\ttitle\terror\n4\tin.xyz#4\tbad-1\toverlap\n");
        assertEquals(RecordRunner.ALL_OK, optimize(out, "--resume"));
        assertEquals(full, Files.readString(out), "the resumed output equals an uninterrupted run");
        assertFalse(Files.exists(dir.resolve("out.sdf.part")));
        List<String> errors = Files.readAllLines(dir.resolve("out.sdf.errors.tsv"));
        assertEquals(2, errors.size(), "the earlier failure is kept and not retried");
        assertEquals(RecordRunner.ALL_OK, optimize(out, "--resume"), "resuming a finished run does nothing");
        assertEquals(full, Files.readString(out));
        assertTrue(read(out).stream().allMatch(r -> r.molecule().getProperty("NNP_INPUT_INDEX") != null));
    }

    @Test
    void resumeReadsTheGzippedOutputOfAKilledRun() throws Exception {
        Path complete = dir.resolve("complete.sdf");
        optimize(complete);
        String full = Files.readString(complete);
        String[] records = full.split("(?<=\\$\\$\\$\\$\n)");
        Path out = dir.resolve("out.sdf.gz");
        // a killed run flushed three records and part of a fourth, and never wrote the gzip trailer
        java.io.OutputStream file = Files.newOutputStream(dir.resolve("out.sdf.gz.part"));
        java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(file, true);
        gz.write((records[0] + records[1] + records[2] + records[3].substring(0, 40)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        gz.flush();
        file.close();
        Files.writeString(dir.resolve("out.sdf.gz.errors.tsv"), "index\tsource\ttitle\terror\n4\tin.xyz#4\tbad-1\toverlap\n");
        assertEquals(RecordRunner.ALL_OK, optimize(out, "--resume"));
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(out))) {
            assertEquals(full, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
