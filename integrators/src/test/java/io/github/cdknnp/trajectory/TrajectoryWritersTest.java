package io.github.cdknnp.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.AtomicSystem;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.vecmath.Point3d;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.interfaces.IChemFile;
import org.openscience.cdk.io.XYZReader;
import org.openscience.cdk.io.iterator.IteratingSDFReader;
import org.openscience.cdk.silent.AtomContainer;
import org.openscience.cdk.silent.Atom;
import org.openscience.cdk.silent.ChemFile;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.tools.manipulator.ChemFileManipulator;

class TrajectoryWritersTest {
    private static final int FRAMES = 4;

    @TempDir
    Path dir;

    /** Water with bonds and an SD property. */
    private static IAtomContainer water() {
        IAtomContainer w = new AtomContainer();
        w.addAtom(new Atom("O"));
        w.addAtom(new Atom("H"));
        w.addAtom(new Atom("H"));
        w.addBond(0, 1, IBond.Order.SINGLE);
        w.addBond(0, 2, IBond.Order.SINGLE);
        w.getAtom(0).setPoint3d(new Point3d(0, 0, 0));
        w.getAtom(1).setPoint3d(new Point3d(0.96, 0, 0));
        w.getAtom(2).setPoint3d(new Point3d(-0.24, 0.93, 0));
        w.setTitle("water");
        w.setProperty("SOURCE", "test template");
        return w;
    }

    private static List<Frame> frames() {
        List<Frame> frames = new ArrayList<>();
        for (int t = 0; t < FRAMES; t++) {
            double[] x = {0.01 * t, 0, 0, 0.96 + 0.001 * t, 0.002 * t, 0, -0.24, 0.93 - 0.003 * t, 0.0005 * t};
            double[] v = {0.001 * t, 0, 0, 0, 0.002, 0, 0, 0, -0.001};
            frames.add(new Frame(10L * t, 5.0 * t, x, v, -1.5 + 0.01 * t, 0.03 + 0.001 * t, 290 + t));
        }
        return frames;
    }

    private Path write(String name) {
        Path path = dir.resolve(name);
        try (TrajectoryWriter out = TrajectoryWriters.open(path, water())) {
            for (Frame f : frames()) {
                out.append(f);
                assertFalse(Files.exists(path), "nothing at the target before close");
            }
        }
        return path;
    }

    private void assertNoTemporaryFiles(Path target) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertEquals(List.of(target), all, "only the target is left");
        }
    }

    @Test
    void xyzReadsBackWithCdk() throws Exception {
        Path path = write("traj.xyz");
        assertNoTemporaryFiles(path);
        IChemFile file;
        try (Reader in = Files.newBufferedReader(path); XYZReader reader = new XYZReader(in)) {
            file = reader.read(new ChemFile());
        }
        List<IAtomContainer> models = ChemFileManipulator.getAllAtomContainers(file);
        assertEquals(FRAMES, models.size());
        for (int t = 0; t < FRAMES; t++) {
            assertCoordinates(frames().get(t), models.get(t), 1e-9);
            assertEquals("H", models.get(t).getAtom(2).getSymbol());
        }
        assertTrue(Files.readAllLines(path).get(1).startsWith("step=0 time_fs=0.0000 potential_eV=-1.5"));
    }

    @Test
    void sdfReadsBackWithCdkAndKeepsTemplate() throws Exception {
        IAtomContainer template = water();
        Path path = write("traj.sdf");
        assertNoTemporaryFiles(path);
        List<IAtomContainer> records = new ArrayList<>();
        try (IteratingSDFReader reader = new IteratingSDFReader(Files.newBufferedReader(path),
                SilentChemObjectBuilder.getInstance())) {
            reader.forEachRemaining(records::add);
        }
        assertEquals(FRAMES, records.size());
        for (int t = 0; t < FRAMES; t++) {
            IAtomContainer r = records.get(t);
            Frame f = frames().get(t);
            assertCoordinates(f, r, 1e-4);
            assertEquals(2, r.getBondCount());
            assertEquals("water", r.getTitle());
            assertEquals("test template", r.getProperty("SOURCE"));
            assertEquals(Long.toString(f.step()), r.getProperty(SdfTrajectoryWriter.STEP));
            assertEquals(f.timeFs(), Double.parseDouble(r.getProperty(SdfTrajectoryWriter.TIME_FS)), 1e-6);
            assertEquals(f.potentialEv(), Double.parseDouble(r.getProperty("NNP_ENERGY_EV")), 1e-6);
            assertEquals(f.totalEv(), Double.parseDouble(r.getProperty(SdfTrajectoryWriter.TOTAL_EV)), 1e-6);
            assertEquals(f.temperatureK(), Double.parseDouble(r.getProperty(SdfTrajectoryWriter.TEMPERATURE_K)), 1e-6);
        }
        assertEquals(0.96, template.getAtom(1).getPoint3d().x, 0, "template untouched");
    }

    @Test
    void csvHasUnitsInTheHeaderAndOneRowPerFrame() throws Exception {
        Path path = write("thermo.csv");
        assertNoTemporaryFiles(path);
        List<String> lines = Files.readAllLines(path);
        assertEquals("step,time_fs,potential_eV,kinetic_eV,total_eV,temperature_K", lines.get(0));
        assertEquals(FRAMES + 1, lines.size());
        for (int t = 0; t < FRAMES; t++) {
            String[] cells = lines.get(t + 1).split(",");
            Frame f = frames().get(t);
            assertEquals(f.step(), Long.parseLong(cells[0]));
            assertEquals(f.timeFs(), Double.parseDouble(cells[1]), 1e-9);
            assertEquals(f.potentialEv(), Double.parseDouble(cells[2]), 1e-9);
            assertEquals(f.kineticEv(), Double.parseDouble(cells[3]), 1e-9);
            assertEquals(f.totalEv(), Double.parseDouble(cells[4]), 1e-9);
            assertEquals(f.temperatureK(), Double.parseDouble(cells[5]), 1e-6);
        }
    }

    @Test
    void h5mdLayoutReadsBackWithJhdf() throws Exception {
        Path path = write("traj.h5");
        assertNoTemporaryFiles(path);
        try (HdfFile h5 = new HdfFile(path)) {
            assertArrayEquals(new int[] {1, 1}, (int[]) h5.getByPath("h5md").getAttribute("version").getData());
            assertEquals("unknown", h5.getByPath("h5md/author").getAttribute("name").getData());
            assertEquals("cdk-nnp", h5.getByPath("h5md/creator").getAttribute("name").getData());
            assertArrayEquals(new int[] {8, 1, 1}, (int[]) h5.getDatasetByPath("particles/all/species").getData());
            Node box = h5.getByPath("particles/all/box");
            assertEquals(3, box.getAttribute("dimension").getData());
            assertArrayEquals(new String[] {"none", "none", "none"}, (String[]) box.getAttribute("boundary").getData());
            Dataset value = h5.getDatasetByPath("particles/all/position/value");
            assertArrayEquals(new int[] {FRAMES, 3, 3}, value.getDimensions());
            assertEquals("angstrom", value.getAttribute("unit").getData());
            double[][][] x = (double[][][]) value.getData();
            long[] step = (long[]) h5.getDatasetByPath("particles/all/position/step").getData();
            Dataset time = h5.getDatasetByPath("particles/all/position/time");
            assertEquals("fs", time.getAttribute("unit").getData());
            double[][][] v = (double[][][]) h5.getDatasetByPath("particles/all/velocity/value").getData();
            for (int t = 0; t < FRAMES; t++) {
                Frame f = frames().get(t);
                assertEquals(f.step(), step[t]);
                assertEquals(f.timeFs(), ((double[]) time.getData())[t]);
                for (int i = 0; i < 3; i++) {
                    for (int d = 0; d < 3; d++) {
                        assertEquals(f.position(3 * i + d), x[t][i][d]);
                        assertEquals(f.velocities()[3 * i + d], v[t][i][d]);
                    }
                }
            }
            String[][] observables = {{"potential_energy", "eV"}, {"kinetic_energy", "eV"}, {"total_energy", "eV"},
                {"temperature", "K"}};
            for (String[] o : observables) {
                Dataset d = h5.getDatasetByPath("observables/" + o[0] + "/value");
                assertEquals(o[1], d.getAttribute("unit").getData(), o[0]);
                double[] values = (double[]) d.getData();
                assertEquals(FRAMES, values.length);
                assertArrayEquals(step, (long[]) h5.getDatasetByPath("observables/" + o[0] + "/step").getData());
                Node t = h5.getByPath("observables/" + o[0] + "/time");
                assertEquals("fs", t.getAttribute("unit").getData());
            }
            double[] total = (double[]) h5.getDatasetByPath("observables/total_energy/value").getData();
            assertEquals(frames().get(2).totalEv(), total[2]);
            double[] temperature = (double[]) h5.getDatasetByPath("observables/temperature/value").getData();
            assertEquals(292, temperature[2]);
        }
    }

    @Test
    void h5mdReadsBackWithH5py() throws Exception {
        Assumptions.assumeTrue(python("import h5py") == 0, "Debian's python3-h5py is not installed");
        Path path = write("traj.h5md");
        String script = String.join("\n",
                "import h5py, sys",
                "f = h5py.File(sys.argv[1], 'r')",
                "assert list(f['h5md'].attrs['version']) == [1, 1]",
                "assert f['h5md/creator'].attrs['name'] in ('cdk-nnp', b'cdk-nnp')",
                "assert 'name' in f['h5md/author'].attrs",
                "p = f['particles/all/position']",
                "assert p['value'].shape == (4, 3, 3), p['value'].shape",
                "assert p['value'].dtype == 'float64'",
                "u = p['value'].attrs['unit']",
                "assert u in ('angstrom', b'angstrom'), u",
                "assert list(p['step'][:]) == [0, 10, 20, 30]",
                "assert abs(p['time'][3] - 15.0) < 1e-12",
                "assert abs(p['value'][2, 1, 0] - 0.962) < 1e-12",
                "assert list(f['particles/all/species'][:]) == [8, 1, 1]",
                "box = f['particles/all/box'].attrs",
                "assert int(box['dimension']) == 3",
                "assert [b.decode() if isinstance(b, bytes) else b for b in box['boundary']] == ['none'] * 3",
                "t = f['observables/temperature']",
                "assert list(t['value'][:]) == [290, 291, 292, 293]",
                "assert t['value'].attrs['unit'] in ('K', b'K')",
                "print('ok')");
        assertEquals(0, python(script, path.toString()), "h5py checks");
    }

    /** Runs Debian's python3 with a script; the exit code, or −1 when python3 cannot be run. */
    private static int python(String script, String... args) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
            return -1;
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-c", script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        if (p.exitValue() != 0 && args.length > 0) {
            System.out.println(output);
        }
        return p.exitValue();
    }

    @Test
    void h5mdFramesGoToDiskAsTheyComeAndTheSpoolsGoOnClose() throws Exception {
        Path path = dir.resolve("long.h5");
        int[] water = {8, 1, 1};
        double[] xyz = {0, 0, 0, 0.96, 0, 0, -0.24, 0.93, 0};
        try (H5mdTrajectoryWriter out = new H5mdTrajectoryWriter(path, water, new int[][] {{0, 1}, {0, 2}}, "Zoë")) {
            for (int step = 0; step < 5000; step++) {
                out.append(new Frame(step, 0.5 * step, xyz, new double[9], -14.0 - step * 1e-6, 0.01, 300));
            }
            long spooled;
            try (Stream<Path> files = Files.list(dir)) {
                spooled = files.filter(f -> f.getFileName().toString().endsWith(".spool")).mapToLong(f -> f.toFile().length()).sum();
            }
            assertTrue(spooled >= 5000L * 9 * 8, "positions on disk before close: " + spooled + " bytes");
        }
        assertNoTemporaryFiles(path);
        try (HdfFile h5 = new HdfFile(path)) {
            double[][][] value = (double[][][]) h5.getDatasetByPath("particles/all/position/value").getData();
            assertEquals(5000, value.length);
            assertEquals(0.96, value[4999][1][0]);
            assertArrayEquals(new int[][] {{0, 1}, {0, 2}}, (int[][]) h5.getDatasetByPath("connectivity/all_bonds").getData());
            assertEquals("Zoë", h5.getByPath("h5md/author").getAttribute("name").getData());
            assertEquals(4999, ((long[]) h5.getDatasetByPath("observables/temperature/step").getData())[4999]);
        }
        Assumptions.assumeTrue(python("import h5py") == 0, "Debian's python3-h5py is not installed");
        assertEquals(0, python(String.join("\n",
                "import h5py, sys",
                "f = h5py.File(sys.argv[1], 'r')",
                "assert f['particles/all/velocity/value'].shape == (5000, 3, 3)",
                "assert f['connectivity/all_bonds'].attrs['particles_group'] in ('all', b'all')",
                "a = f['h5md/author'].attrs['name']",
                "assert (a.decode() if isinstance(a, bytes) else a) == 'Zoë', a",
                "assert abs(f['observables/potential_energy/value'][4999] + 14.004999) < 1e-9"), path.toString()));
    }

    @Test
    void writersWithoutFramesStillProduceValidFiles() throws Exception {
        for (String name : List.of("empty.xyz", "empty.csv", "empty.h5", "empty.sdf")) {
            Path path = dir.resolve(name);
            TrajectoryWriters.open(path, AtomicSystem.neutral(8, 1, 1)).close();
            assertTrue(Files.exists(path), name);
        }
        try (HdfFile h5 = new HdfFile(dir.resolve("empty.h5"))) {
            assertArrayEquals(new int[] {8, 1, 1}, (int[]) h5.getDatasetByPath("particles/all/species").getData());
        }
    }

    @Test
    void factoryPicksTheFormatByExtension() {
        AtomicSystem water = AtomicSystem.neutral(8, 1, 1);
        List<TrajectoryWriter> opened = new ArrayList<>();
        try {
            opened.add(TrajectoryWriters.open(dir.resolve("a.XYZ"), water));
            assertInstanceOf(XyzTrajectoryWriter.class, opened.get(opened.size() - 1));
            opened.add(TrajectoryWriters.open(dir.resolve("a.sd"), water));
            assertInstanceOf(SdfTrajectoryWriter.class, opened.get(opened.size() - 1));
            opened.add(TrajectoryWriters.open(dir.resolve("a.hdf5"), water));
            assertInstanceOf(H5mdTrajectoryWriter.class, opened.get(opened.size() - 1));
            opened.add(TrajectoryWriters.open(dir.resolve("a.csv"), water));
            assertInstanceOf(CsvThermoWriter.class, opened.get(opened.size() - 1));
        } finally {
            opened.forEach(TrajectoryWriter::close);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrajectoryWriters.open(dir.resolve("a.pdb"), water));
        assertTrue(e.getMessage().contains(".xyz"), e.getMessage());
    }

    @Test
    void closingReplacesAnOlderFileOnlyAtTheEnd() throws Exception {
        Path path = dir.resolve("traj.xyz");
        Files.writeString(path, "old");
        try (TrajectoryWriter out = TrajectoryWriters.open(path, water())) {
            out.append(frames().get(0));
            assertEquals("old", Files.readString(path));
        }
        assertTrue(Files.readString(path).startsWith("3\n"));
        assertNoTemporaryFiles(path);
    }

    private static void assertCoordinates(Frame f, IAtomContainer m, double tolerance) {
        assertEquals(f.atomCount(), m.getAtomCount());
        for (int i = 0; i < f.atomCount(); i++) {
            Point3d p = m.getAtom(i).getPoint3d();
            assertEquals(f.position(3 * i), p.x, tolerance);
            assertEquals(f.position(3 * i + 1), p.y, tolerance);
            assertEquals(f.position(3 * i + 2), p.z, tolerance);
        }
    }
}
