package io.github.cdknnp.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.cli.Main;
import io.github.cdknnp.io.MoleculeReader;
import io.github.cdknnp.io.MoleculeRecord;
import io.github.cdknnp.task.RunSummary;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;

/** The Spark job in local[2] mode on the default model (reference backend), against the plain command line. */
class SparkBatchJobTest {
    private static JavaSparkContext spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("cdk-nnp-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void writesEveryGoodRecordLogsEveryBadOneAndMatchesTheCommandLine() throws Exception {
        Path in = dir.resolve("in.smi");
        Files.writeString(in, """
                CCO ethanol
                OC=O formic-acid
                C1CC( broken-ring
                C[Si](C)(C)C tetramethylsilane
                CC(=O)O.O acetic-acid-hydrate
                CN methylamine
                """);
        Path sparkOut = dir.resolve("spark.sdf");
        Path cliOut = dir.resolve("cli.sdf");
        assertEquals(RunSummary.SOME_FAILED, SparkBatchJob.run(spark, "-i", in.toString(), "-o", sparkOut.toString(),
                "--backend", "reference", "--partitions", "3"));
        assertEquals(RunSummary.SOME_FAILED, Main.run("optimize", "-i", in.toString(), "-o", cliOut.toString(),
                "--backend", "reference", "--threads", "2", "--no-progress"));

        List<MoleculeRecord> written = read(sparkOut);
        assertEquals(List.of("ethanol", "formic-acid", "acetic-acid-hydrate", "methylamine"),
                written.stream().map(MoleculeRecord::title).toList());
        assertEquals(List.of("1", "2", "5", "6"),
                written.stream().map(r -> r.molecule().<String>getProperty("NNP_INPUT_INDEX")).toList());
        for (MoleculeRecord r : written) {
            IAtomContainer m = r.molecule();
            assertEquals("true", m.getProperty("NNP_OPT_CONVERGED"), r.title());
            assertTrue(Double.parseDouble(m.getProperty("NNP_OPT_FMAX_EV_PER_A")) <= 0.05, r.title());
            assertNotNull(m.getProperty("NNP_ENERGY_EV"), r.title());
            assertNotNull(m.getProperty("NNP_ENERGY_KCAL_PER_MOL"), r.title());
            assertNull(m.getProperty("NNP_GENERATED_3D"), r.title());
            for (IAtom a : m.atoms()) {
                assertNotNull(a.getPoint3d(), r.title() + " has 3D coordinates");
            }
        }
        IAtomContainer hydrate = written.get(2).molecule();
        assertEquals(8, hydrate.getAtomCount(), "the water of the hydrate is stripped: acetic acid with its hydrogens");
        assertNotNull(hydrate.getProperty("NNP_STRIPPED_FRAGMENTS"));

        List<String> errors = Files.readAllLines(dir.resolve("spark.sdf.errors.tsv"));
        assertEquals(3, errors.size(), String.join("\n", errors));
        assertTrue(errors.get(1).startsWith("3\tin.smi#3\tbroken-ring\tSMILES record could not be read"), errors.get(1));
        assertTrue(errors.get(2).startsWith("4\tin.smi#4\ttetramethylsilane\t") && errors.get(2).contains("unsupported element Si"),
                errors.get(2));
        assertEquals(Files.readAllLines(dir.resolve("cli.sdf.errors.tsv")), errors, "the same failures as the command line");
        assertSameMolecules(read(cliOut), written);
    }

    @Test
    void gzippedSdfKeepsInputPropertiesAndLogsABrokenRecord() throws Exception {
        String drugs;
        try (InputStream s = getClass().getResourceAsStream("/io/github/cdknnp/molecules/drugs-gfn2-opt.sdf")) {
            drugs = new String(s.readAllBytes(), StandardCharsets.UTF_8);
        }
        String[] records = drugs.split("(?<=\\$\\$\\$\\$\n)");
        String broken = "broken\n  hand-written\n\nthis is not a counts line\nM  END\n$$$$\n";
        Path in = dir.resolve("in.sdf.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(in))) {
            out.write((records[0] + broken + records[2]).getBytes(StandardCharsets.UTF_8));
        }
        Path out = dir.resolve("out.sdf.gz");
        assertEquals(RunSummary.SOME_FAILED, SparkBatchJob.run(spark, "-i", in.toString(), "-o", out.toString(),
                "--backend", "reference"));

        List<MoleculeRecord> written = read(out);
        assertEquals(List.of("aspirin", "paracetamol"), written.stream().map(MoleculeRecord::title).toList());
        assertEquals(List.of("1", "3"), written.stream().map(r -> r.molecule().<String>getProperty("NNP_INPUT_INDEX")).toList());
        for (MoleculeRecord r : written) {
            assertNotNull(r.molecule().getProperty("XTB_ENERGY_EH"), "input SD property kept");
            assertEquals("true", r.molecule().getProperty("NNP_OPT_CONVERGED"), r.title());
        }
        List<String> errors = Files.readAllLines(dir.resolve("out.sdf.gz.errors.tsv"));
        assertEquals(2, errors.size(), String.join("\n", errors));
        assertTrue(errors.get(1).startsWith("2\tin.sdf.gz#2\t"), errors.get(1));
    }

    @Test
    void refusesAnOutputItCannotWriteBeforeStartingWork() throws Exception {
        Path in = dir.resolve("in.smi");
        Files.writeString(in, "CCO ethanol\n");
        assertEquals(RunSummary.NONE_OK, SparkBatchJob.run(spark, "-i", in.toString(), "-o", dir.resolve("out.xyz").toString()));
        assertEquals(2, SparkBatchJob.run(spark, "-i", in.toString(), "-o", dir.resolve("out.sdf").toString(), "--task", "dock"),
                "an unknown task is a usage error");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(in), files.toList(), "nothing written");
        }
    }

    /** Same titles, atoms, SD properties and coordinates; energies within 1e-6 eV. */
    @Test
    void confgenTaskWritesTheConformersTheCommandLineWrites() throws Exception {
        Path in = dir.resolve("in.smi");
        Files.writeString(in, "OCCOC ethoxyethanol\nC[Si](C)(C)C tetramethylsilane\nC[C@H](N)C(=O)O alanine\n");
        Path sparkOut = dir.resolve("spark-conf.sdf");
        Path cliOut = dir.resolve("cli-conf.sdf");
        String[] options = {"-n", "2", "--samples", "3", "--backend", "cpu", "--score-backend", "cpu"};
        List<String> sparkArgs = new ArrayList<>(List.of("-i", in.toString(), "-o", sparkOut.toString(), "--task", "confgen", "--partitions", "2"));
        sparkArgs.addAll(List.of(options));
        List<String> cliArgs = new ArrayList<>(List.of("confgen", "-i", in.toString(), "-o", cliOut.toString(), "--no-progress"));
        cliArgs.addAll(List.of(options));
        assertEquals(RunSummary.SOME_FAILED, SparkBatchJob.run(spark, sparkArgs.toArray(String[]::new)));
        assertEquals(RunSummary.SOME_FAILED, Main.run(cliArgs.toArray(String[]::new)));
        List<MoleculeRecord> written = read(sparkOut);
        assertTrue(written.size() >= 2 && written.size() <= 4, written.size() + " conformers");
        for (MoleculeRecord r : written) {
            assertNotNull(r.molecule().getProperty("NNP_CONFORMER_RANK"), r.title());
            assertTrue(List.of("1", "3").contains(r.molecule().<String>getProperty("NNP_INPUT_INDEX")), r.title());
        }
        assertEquals(Files.readAllLines(dir.resolve("cli-conf.sdf.errors.tsv")), Files.readAllLines(dir.resolve("spark-conf.sdf.errors.tsv")));
        assertSameMolecules(read(cliOut), written);
    }

    private static void assertSameMolecules(List<MoleculeRecord> expected, List<MoleculeRecord> actual) {
        assertEquals(expected.size(), actual.size());
        for (int k = 0; k < expected.size(); k++) {
            IAtomContainer e = expected.get(k).molecule();
            IAtomContainer a = actual.get(k).molecule();
            String title = expected.get(k).title();
            assertEquals(title, actual.get(k).title());
            assertEquals(e.getAtomCount(), a.getAtomCount(), title);
            assertEquals(Double.parseDouble(e.getProperty("NNP_ENERGY_EV")), Double.parseDouble(a.getProperty("NNP_ENERGY_EV")), 1e-6, title);
            Map<Object, Object> properties = new java.util.HashMap<>(e.getProperties());
            properties.keySet().removeIf(key -> key.toString().startsWith("cdk:"));
            for (Map.Entry<Object, Object> p : properties.entrySet()) {
                if (!p.getKey().equals("NNP_ENERGY_EV")) {
                    assertEquals(p.getValue(), a.getProperty(p.getKey()), title + " " + p.getKey());
                }
            }
            for (int i = 0; i < e.getAtomCount(); i++) {
                assertEquals(e.getAtom(i).getSymbol(), a.getAtom(i).getSymbol(), title);
                assertEquals(0, e.getAtom(i).getPoint3d().distance(a.getAtom(i).getPoint3d()), 1e-3, title + " atom " + (i + 1));
            }
        }
    }

    private static List<MoleculeRecord> read(Path sdf) {
        List<MoleculeRecord> records = new ArrayList<>();
        try (MoleculeReader reader = MoleculeReader.open(List.of(sdf))) {
            reader.forEach(records::add);
        }
        return records;
    }
}
