package io.github.cdknnp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults around a batch output: kill -9 and resume, resuming from other inputs, two runs on one output, bad options. */
class BatchFaultTest {
    private static final int RECORDS = 120;

    @TempDir
    Path dir;
    Path model;
    Path input;

    @BeforeEach
    void setUp() throws Exception {
        model = TinyModel.in(dir);
        input = waters(dir.resolve("in.xyz"), RECORDS, 0.0);
    }

    private static Path waters(Path file, int n, double shift) throws Exception {
        StringBuilder xyz = new StringBuilder();
        for (int k = 0; k < n; k++) {
            double d = 0.9 + 0.001 * k + shift;
            xyz.append(String.format(Locale.ROOT, "3%nwater-%d%nO 0 0 0%nH 0 %.4f 0%nH %.4f -0.2 0.1%n", k, d, d));
        }
        return Files.writeString(file, xyz.toString());
    }

    private List<String> args(Path in, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("optimize", "-i", in.toString(), "-o", out.toString(),
                "--model", model.toString(), "--backend", "reference", "--max-steps", "40", "--no-progress"));
        args.addAll(List.of(extra));
        return args;
    }

    private int optimize(Path in, Path out, String... extra) {
        return Main.run(args(in, out, extra).toArray(String[]::new));
    }

    private Process start(Path out, Path log, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args(input, out, extra));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int completeRecords(Path sdf) throws Exception {
        return Files.exists(sdf) ? Files.readString(sdf, StandardCharsets.UTF_8).split("\\$\\$\\$\\$\n", -1).length - 1 : 0;
    }

    @Test
    void aRunKilledWithSigkillResumesWithoutRecomputingAFinishedRecord() throws Exception {
        Path complete = dir.resolve("complete.sdf");
        assertEquals(RecordRunner.ALL_OK, optimize(input, complete));
        Path out = dir.resolve("out.sdf");
        Process run = start(out, dir.resolve("killed.log"));
        Path part = dir.resolve("out.sdf.part");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (completeRecords(part) < 5 && run.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        run.destroyForcibly();  // SIGKILL: no shutdown hook, no rename
        assertTrue(run.waitFor(30, TimeUnit.SECONDS));
        int finished = completeRecords(part);
        assertTrue(finished >= 5 && finished < RECORDS, () -> finished + " records before the kill: make the run longer");
        assertFalse(Files.exists(out), "nothing appears at the target before the run ends");

        Path log = dir.resolve("resumed.log");
        Process resumed = start(out, log, "--resume");
        assertTrue(resumed.waitFor(300, TimeUnit.SECONDS));
        String text = Files.readString(log);
        assertEquals(RecordRunner.ALL_OK, resumed.exitValue(), text);
        Matcher m = Pattern.compile("(\\d+) done, 0 failed, (\\d+) skipped as done").matcher(text);
        assertTrue(m.find(), text);
        assertEquals(finished, Integer.parseInt(m.group(2)), "every record finished before the kill is skipped");
        assertEquals(RECORDS - finished, Integer.parseInt(m.group(1)), "and only the others are computed");
        assertEquals(Files.readString(complete), Files.readString(out), "the output equals an uninterrupted run's");
        assertFalse(Files.exists(part));
    }

    @Test
    void resumeRefusesAnOutputComputedFromOtherInputsOrOptions() throws Exception {
        Path out = dir.resolve("out.sdf");
        assertEquals(RecordRunner.ALL_OK, optimize(input, out));
        String before = Files.readString(out);
        Path other = waters(dir.resolve("other.xyz"), RECORDS, 0.05);
        assertEquals(2, optimize(other, out, "--resume"), "another input");
        assertEquals(2, optimize(input, out, "--resume", "--fmax", "0.2"), "another setting");
        assertEquals(before, Files.readString(out), "the refused runs leave the output alone");
        assertEquals(RecordRunner.ALL_OK, optimize(input, out, "--resume", "--threads", "2"), "threads change nothing");
        assertEquals(before, Files.readString(out));
    }

    @Test
    void aSecondRunOnTheSameOutputIsRefused() throws Exception {
        Path out = dir.resolve("out.sdf");
        try (OutputLock held = OutputLock.acquire(out)) {
            assertEquals(2, optimize(input, out));
            assertEquals(2, optimize(input, out, "--resume"));
        }
        assertFalse(Files.exists(out));
        assertEquals(RecordRunner.ALL_OK, optimize(input, out), "the lock goes with the run that held it");
        assertFalse(Files.exists(dir.resolve("out.sdf.lock")));
    }

    @Test
    void badOptionsAreUsageErrorsBeforeAnyRecord() throws Exception {
        Path out = dir.resolve("out.sdf");
        assertEquals(2, optimize(input, input), "-o equal to -i");
        assertEquals(2, optimize(input, out, "--threads", "0"));
        assertEquals(2, optimize(input, out, "--fmax", "-1"));
        assertEquals(2, optimize(input, dir.resolve("out.xyz"), "--resume"));
        assertEquals(2, Main.run("confgen", "-i", input.toString(), "-o", out.toString(), "-n", "0", "--model",
                model.toString(), "--backend", "reference"));
        assertFalse(Files.exists(out));
        assertTrue(Files.readString(input).startsWith("3\nwater-0"), "the input is untouched");
    }

    @Test
    void outputsGetTheUsualPermissionsNotATemporaryFilesOnes() throws Exception {
        Path out = dir.resolve("out.sdf");
        assertEquals(RecordRunner.ALL_OK, optimize(input, out));
        Set<PosixFilePermission> usual = Files.getPosixFilePermissions(Files.createFile(dir.resolve("probe")));
        assertEquals(usual, Files.getPosixFilePermissions(out));
    }

    @Test
    void aFullDiskStopsTheRunAndKeepsWhatWasWrittenForResume() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("small"));
        org.junit.jupiter.api.Assumptions.assumeTrue(sh("mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", mount.toString()) == 0,
                "needs root to mount a small tmpfs");
        try {
            Path complete = dir.resolve("complete.sdf");
            assertEquals(RecordRunner.ALL_OK, optimize(input, complete));
            Path out = mount.resolve("out.sdf");
            assertEquals(RecordRunner.NONE_OK, optimize(input, out), "a full disk ends the run");
            Path part = mount.resolve("out.sdf.part");
            int kept = completeRecords(part);
            assertTrue(kept > 0 && kept < RECORDS, "records kept: " + kept);
            assertFalse(Files.exists(out));
            assertEquals(0, sh("mount", "-o", "remount,size=8m", mount.toString()), "free space");
            assertEquals(RecordRunner.ALL_OK, optimize(input, out, "--resume"));
            assertEquals(Files.readString(complete), Files.readString(out), "nothing lost, nothing twice");
        } finally {
            sh("umount", mount.toString());
        }
    }

    private static int sh(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
