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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openscience.cdk.interfaces.IAtom;

/**
 * The fuzz and fault suite of issue 26 on a generated corpus ({@link FuzzCorpus}, 1,200 records, 45 % broken): no
 * uncaught exception, every good record written with finite numbers, every bad one in errors.tsv; and a run killed
 * with SIGKILL, resumed, recomputes no finished record and ends identical to an uninterrupted run.
 */
class FuzzSuiteTest {
    @TempDir
    Path dir;

    @Test
    void everyGoodRecordIsWrittenAndEveryBadOneReported() throws Exception {
        FuzzCorpus corpus = FuzzCorpus.generate(1200, 2026);
        List<Path> files = corpus.write(dir);
        Path out = dir.resolve("energies.sdf");
        List<String> args = new ArrayList<>(List.of("energy", "-o", out.toString(), "--threads", "2", "--no-progress"));
        files.forEach(f -> args.addAll(List.of("-i", f.toString())));
        assertEquals(RecordRunner.SOME_FAILED, Main.run(args.toArray(String[]::new)));
        List<String> errors = Files.readAllLines(dir.resolve("energies.sdf.errors.tsv"), StandardCharsets.UTF_8);
        List<String> slipped = new ArrayList<>();
        int written = 0;
        try (MoleculeReader reader = MoleculeReader.open(List.of(out))) {
            for (MoleculeRecord r : reader) {
                written++;
                assertTrue(r.ok(), r.error());
                assertTrue(Double.isFinite(Double.parseDouble(r.molecule().getProperty("NNP_ENERGY_EV").toString())), r.title());
                for (IAtom a : r.molecule().atoms()) {
                    assertTrue(Double.isFinite(a.getPoint3d().x + a.getPoint3d().y + a.getPoint3d().z), r.title());
                }
                if (r.title().startsWith("bad-")) {
                    slipped.add(r.title());
                }
            }
        }
        assertEquals(List.of(), slipped, "broken records written as if good");
        assertEquals(corpus.bad(), errors.size() - 1, "one line per bad record");
        assertEquals(corpus.good(), written);
    }

    @Test
    void aKilledRunOverTheCorpusResumesToTheUninterruptedOutput() throws Exception {
        Path sdf = FuzzCorpus.generate(600, 7).write(dir).get(0);
        Path complete = dir.resolve("complete.sdf");
        assertEquals(RecordRunner.SOME_FAILED, Main.run(optimize(sdf, complete).toArray(String[]::new)));
        Path out = dir.resolve("out.sdf");
        Process run = start(optimize(sdf, out), dir.resolve("killed.log"));
        Path part = dir.resolve("out.sdf.part");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (records(part) < 20 && run.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        run.destroyForcibly();
        assertTrue(run.waitFor(30, TimeUnit.SECONDS));
        int finished = records(part);
        assertTrue(finished >= 20, "killed too early: " + finished);
        List<String> resume = optimize(sdf, out);
        resume.add("--resume");
        Path log = dir.resolve("resumed.log");
        Process resumed = start(resume, log);
        assertTrue(resumed.waitFor(600, TimeUnit.SECONDS));
        String text = Files.readString(log);
        Matcher m = Pattern.compile("(\\d+) skipped as done").matcher(text);
        assertTrue(m.find(), text);
        assertTrue(Integer.parseInt(m.group(1)) >= finished, "finished records recomputed: " + text);
        assertEquals(Files.readString(complete), Files.readString(out), "identical to the uninterrupted run");
    }

    private static List<String> optimize(Path in, Path out) {
        return new ArrayList<>(List.of("optimize", "-i", in.toString(), "-o", out.toString(), "--max-steps", "1",
                "--strict", "--no-progress"));
    }

    private static Process start(List<String> args, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int records(Path sdf) throws Exception {
        return Files.exists(sdf) ? Files.readString(sdf).split("\\$\\$\\$\\$\n", -1).length - 1 : 0;
    }
}
