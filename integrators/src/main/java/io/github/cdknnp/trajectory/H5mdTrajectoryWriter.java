package io.github.cdknnp.trajectory;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An H5MD 1.1 file (de Buyl, Colberg &amp; Höfling, Comput. Phys. Commun. 185, 1546 (2014)), written with jHDF.
 * jHDF cannot append, so frames are kept in memory and the whole file is written on {@link #close()}.
 *
 * <p>Layout (units in {@code unit} attributes: angstrom, fs, eV, K):
 * <pre>
 * /h5md                      version = [1, 1]
 * /h5md/author               name
 * /h5md/creator              name = "cdk-nnp", version
 * /h5md/modules/units        version = [1, 0]: every value with a unit carries a {@code unit} attribute
 * /particles/all/species     int32 [N] atomic numbers
 * /connectivity/all_bonds    int32 [B][2] 0-based atom indices of the molecule's bonds, particles_group = "all"
 *                            (only for a molecule with bonds), so that viewers can draw it
 * /particles/all/box         dimension = 3, boundary = ["none", "none", "none"] (omitted when there are no frames)
 * /particles/all/position/{value float64 [F][N][3], step int64 [F], time float64 [F]}
 * /particles/all/velocity/{value, step, time}        only when every frame has velocities
 * /observables/{potential_energy, kinetic_energy, total_energy, temperature}/{value [F], step, time}
 * </pre>
 */
public final class H5mdTrajectoryWriter implements TrajectoryWriter {
    /** Creator version written to {@code /h5md/creator}. */
    public static final String CREATOR_VERSION = "0.1.0";

    private final AtomicOutput output;
    private final int[] species;
    private final String author;
    private final int[][] bonds;
    private final List<Frame> frames = new ArrayList<>();
    private boolean closed;

    /** Writes to {@code target} (on close) for atoms with the given atomic numbers; author "unknown", no bonds. */
    public H5mdTrajectoryWriter(Path target, int[] atomicNumbers) {
        this(target, atomicNumbers, new int[0][], "unknown");
    }

    /**
     * As {@link #H5mdTrajectoryWriter(Path, int[])}, with the molecule's bonds (pairs of 0-based atom indices) and the
     * author named in {@code /h5md/author}.
     */
    public H5mdTrajectoryWriter(Path target, int[] atomicNumbers, int[][] bonds, String author) {
        this.species = atomicNumbers.clone();
        this.bonds = bonds.clone();
        this.author = author;
        this.output = new AtomicOutput(target);
    }

    @Override
    public void append(Frame frame) {
        if (closed) {
            throw new IllegalStateException("writer for " + output.target() + " is closed");
        }
        if (frame.atomCount() != species.length) {
            throw new IllegalArgumentException("frame has " + frame.atomCount() + " atoms, writer " + species.length);
        }
        frames.add(frame);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (WritableHdfFile file = HdfFile.write(output.temporary())) {
            writeHeader(file);
            WritableGroup all = file.putGroup("particles").putGroup("all");
            all.putDataset("species", species);
            if (bonds.length > 0) {
                file.putGroup("connectivity").putDataset("all_bonds", bonds).putAttribute("particles_group", "all");
            }
            if (!frames.isEmpty()) {
                // jHDF 0.13.0 writes a childless group unreadably unless a sibling group holds a dataset,
                // so the (childless) box only comes with the time series
                WritableGroup box = all.putGroup("box");
                box.putAttribute("dimension", 3);
                box.putAttribute("boundary", new String[] {"none", "none", "none"});
                writeParticles(all);
                writeObservables(file.putGroup("observables"));
            }
        } catch (RuntimeException e) {
            output.discard();
            throw e;
        }
        frames.clear();
        output.commit();
    }

    private void writeHeader(WritableHdfFile file) {
        WritableGroup h5md = file.putGroup("h5md");
        h5md.putAttribute("version", new int[] {1, 1});
        h5md.putGroup("author").putAttribute("name", author);
        WritableGroup creator = h5md.putGroup("creator");
        creator.putAttribute("name", "cdk-nnp");
        creator.putAttribute("version", CREATOR_VERSION);
        h5md.putGroup("modules").putGroup("units").putAttribute("version", new int[] {1, 0});
    }

    private void writeParticles(WritableGroup all) {
        int f = frames.size();
        int n = species.length;
        double[][][] position = new double[f][n][3];
        double[][][] velocity = new double[f][n][3];
        boolean velocities = true;
        for (int t = 0; t < f; t++) {
            Frame frame = frames.get(t);
            double[] v = frame.hasVelocities() ? frame.velocities() : null;
            velocities &= v != null;
            for (int i = 0; i < n; i++) {
                for (int d = 0; d < 3; d++) {
                    position[t][i][d] = frame.position(3 * i + d);
                    velocity[t][i][d] = v == null ? 0 : v[3 * i + d];
                }
            }
        }
        timeSeries(all.putGroup("position"), position, "angstrom");
        if (velocities) {
            timeSeries(all.putGroup("velocity"), velocity, "angstrom fs-1");
        }
    }

    private void writeObservables(WritableGroup observables) {
        int f = frames.size();
        double[] potential = new double[f];
        double[] kinetic = new double[f];
        double[] total = new double[f];
        double[] temperature = new double[f];
        for (int t = 0; t < f; t++) {
            Frame frame = frames.get(t);
            potential[t] = frame.potentialEv();
            kinetic[t] = frame.kineticEv();
            total[t] = frame.totalEv();
            temperature[t] = frame.temperatureK();
        }
        timeSeries(observables.putGroup("potential_energy"), potential, "eV");
        timeSeries(observables.putGroup("kinetic_energy"), kinetic, "eV");
        timeSeries(observables.putGroup("total_energy"), total, "eV");
        timeSeries(observables.putGroup("temperature"), temperature, "K");
    }

    /** An H5MD time-dependent element: {@code value} with its unit, {@code step} and {@code time} (fs). */
    private void timeSeries(WritableGroup element, Object value, String unit) {
        long[] step = new long[frames.size()];
        double[] time = new double[frames.size()];
        for (int t = 0; t < step.length; t++) {
            step[t] = frames.get(t).step();
            time[t] = frames.get(t).timeFs();
        }
        element.putDataset("value", value).putAttribute("unit", unit);
        element.putDataset("step", step);
        element.putDataset("time", time).putAttribute("unit", "fs");
    }
}
