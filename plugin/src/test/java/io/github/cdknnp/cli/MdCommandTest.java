package io.github.cdknnp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MD through the command line with the embedded default model. */
class MdCommandTest {
    @TempDir
    Path dir;

    /** Ethanol and water with fixed coordinates (Å), so runs are deterministic. */
    private Path xyzInput() throws Exception {
        Path in = dir.resolve("in.xyz");
        Files.writeString(in, """
                9
                ethanol
                C  -0.0011  -0.0009  0.0000
                C   1.5133   0.0009  0.0000
                O   1.9915   1.3397  0.0000
                H  -0.3935  -1.0185  0.0000
                H  -0.3853   0.5064  0.8845
                H  -0.3853   0.5064 -0.8845
                H   1.8915  -0.5094  0.8870
                H   1.8915  -0.5094 -0.8870
                H   2.9511   1.3263  0.0000
                3
                water
                O   0.0000   0.0000   0.1173
                H   0.0000   0.7572  -0.4692
                H   0.0000  -0.7572  -0.4692
                """);
        return in;
    }

    @Test
    void writesOneH5mdTrajectoryAndThermoLogPerRecord() throws Exception {
        Path in = xyzInput();
        Path out = dir.resolve("traj.h5");
        int code = Main.run("md", "-i", in.toString(), "-o", out.toString(), "--thermo", dir.resolve("thermo.csv").toString(),
                "--final", dir.resolve("final.sdf").toString(), "--plot", dir.resolve("plots").toString(), "--backend", "reference",
                "--steps", "20", "--interval", "5", "--timestep", "0.5", "--temperature", "100", "--ensemble", "langevin");
        assertEquals(RecordRunner.ALL_OK, code);
        for (int record = 1; record <= 2; record++) {
            try (HdfFile h = new HdfFile(dir.resolve("traj-" + record + ".h5"))) {
                int[] dims = h.getDatasetByPath("particles/all/position/value").getDimensions();
                assertEquals(5, dims[0], "frames at steps 0, 5, 10, 15, 20");
                assertEquals(record == 1 ? 9 : 3, dims[1]);
            }
            List<String> thermo = Files.readAllLines(dir.resolve("thermo-" + record + ".csv"));
            assertEquals("step,time_fs,potential_eV,kinetic_eV,total_eV,temperature_K", thermo.get(0));
            assertEquals(6, thermo.size());
        }
        assertTrue(Files.exists(dir.resolve("plots/000001-ethanol.png")));
        String finals = Files.readString(dir.resolve("final.sdf"));
        assertEquals(2, finals.split("\\$\\$\\$\\$").length - 1);
    }

    @Test
    void aBlowUpIsReportedAndTheLastGoodFrameKept() throws Exception {
        Path in = xyzInput();
        Path out = dir.resolve("traj.xyz");
        int code = Main.run("md", "-i", in.toString(), "-o", out.toString(), "--backend", "reference", "--steps", "200", "--interval", "1", "--timestep", "40", "--ensemble", "nve",
                "--temperature", "3000");
        assertTrue(code == RecordRunner.SOME_FAILED || code == RecordRunner.NONE_OK, "exit code " + code);
        String errors = Files.readString(dir.resolve("traj.xyz.errors.tsv"));
        assertTrue(errors.contains("1\tin.xyz#1\tethanol\tMD stopped at step"), errors);
        assertTrue(Files.readString(dir.resolve("traj-1.xyz")).startsWith("9\n"), "trajectory up to the blow-up kept");
    }

    /**
     * Ethanol from a minimum, Langevin at 300 K: without equilibration the recorded run starts near half the target as
     * the kinetic energy spreads into the potential; with --equilibrate 0.5 the first 0.2 ps recorded are hotter.
     * Averaged over the two molecules of three seeds to tame the noise of 9 atoms.
     */
    @Test
    void equilibrationStartsTheRecordedRunAtTheTargetTemperature() throws Exception {
        Path in = xyzInput();
        double cold = 0;
        double equilibrated = 0;
        for (String seed : new String[]{"1", "2", "3"}) {
            cold += meanTemperature(in, "cold-" + seed, seed, "0");
            equilibrated += meanTemperature(in, "eq-" + seed, seed, "0.5");
        }
        assertTrue(equilibrated > cold * 1.2, "equilibrated " + equilibrated / 3 + " K vs " + cold / 3 + " K");
        assertEquals(2, Main.run("md", "-i", in.toString(), "-o", dir.resolve("x.h5").toString(), "--equilibrate", "-1"),
                "a negative equilibration is a usage error");
    }

    private double meanTemperature(Path in, String name, String seed, String equilibratePs) throws Exception {
        Path thermo = dir.resolve(name + ".csv");
        assertEquals(RecordRunner.ALL_OK, Main.run("md", "-i", in.toString(), "-o", dir.resolve(name + ".h5").toString(),
                "--thermo", thermo.toString(), "--backend", "reference", "--steps", "200", "--interval", "10",
                "--temperature", "300", "--seed", seed, "--equilibrate", equilibratePs, "--no-progress"));
        double sum = 0;
        int n = 0;
        for (String file : new String[]{name + "-1.csv", name + "-2.csv"}) {
            List<String> rows = Files.readAllLines(dir.resolve(file));
            assertTrue(rows.get(1).startsWith("0,0.0"), "the recorded run starts at time 0: " + rows.get(1));
            for (String row : rows.subList(2, rows.size())) {
                sum += Double.parseDouble(row.substring(row.lastIndexOf(',') + 1));
                n++;
            }
        }
        return sum / n;
    }

    @Test
    void h5mdCarriesBondsUnitsModuleAndAuthor() throws Exception {
        Path in = Files.writeString(dir.resolve("in.smi"), "CCO ethanol\n");
        Path out = dir.resolve("bonds.h5");
        assertEquals(RecordRunner.ALL_OK, Main.run("md", "-i", in.toString(), "-o", out.toString(), "--backend", "reference",
                "--steps", "4", "--interval", "2", "--author", "A. User", "--no-progress"));
        try (HdfFile h = new HdfFile(out)) {
            int[][] bonds = (int[][]) h.getDatasetByPath("connectivity/all_bonds").getData();
            assertEquals(8, bonds.length, "ethanol with explicit hydrogens has 8 bonds");
            assertEquals("all", h.getDatasetByPath("connectivity/all_bonds").getAttribute("particles_group").getData());
            assertEquals("A. User", h.getByPath("h5md/author").getAttribute("name").getData());
            assertEquals(2, ((int[]) h.getByPath("h5md/modules/units").getAttribute("version").getData()).length);
        }
    }

    @Test
    void sdfFramesDoNotCarryThePreMdMinimizationsProperties() throws Exception {
        Path in = Files.writeString(dir.resolve("gen.smi"), "CCO ethanol\n");
        Path out = dir.resolve("frames.sdf");
        assertEquals(RecordRunner.ALL_OK, Main.run("md", "-i", in.toString(), "-o", out.toString(), "--backend", "reference",
                "--steps", "4", "--interval", "2", "--no-progress"));
        String frames = Files.readString(out);
        assertEquals(3, frames.split("\\$\\$\\$\\$").length - 1);
        assertTrue(frames.contains("MD_STEP") && !frames.contains("NNP_OPT_"), frames);
    }

    @Test
    void badOptionsAreUsageErrorsBeforeAnyRecord() throws Exception {
        Path in = xyzInput();
        for (String[] bad : new String[][]{{"--timestep", "-1"}, {"--interval", "0"}, {"--steps", "-5"},
                {"--temperature", "-3"}, {"--backend", "nonsense"}}) {
            Path out = dir.resolve("bad.h5");
            assertEquals(2, Main.run("md", "-i", in.toString(), "-o", out.toString(), bad[0], bad[1]), String.join(" ", bad));
            assertTrue(!Files.exists(dir.resolve("bad.h5.errors.tsv")), "no record was tried: " + String.join(" ", bad));
        }
        assertEquals(2, Main.run("md", "-i", in.toString(), "-o", dir.resolve("traj.foo").toString()));
    }
}
