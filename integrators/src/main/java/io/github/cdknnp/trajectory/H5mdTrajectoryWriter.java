package io.github.cdknnp.trajectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * An H5MD 1.1 file (de Buyl, Colberg &amp; Höfling, Comput. Phys. Commun. 185, 1546 (2014)). Frames stream to
 * hidden spool files beside the output as they are appended, so memory stays flat however long the run; {@link
 * #close()} writes the HDF5 file ({@link Hdf5Builder}) from them and renames it into place.
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
    private static final String[] OBSERVABLES = {"potential_energy", "kinetic_energy", "total_energy", "temperature"};
    private static final String[] OBSERVABLE_UNITS = {"eV", "eV", "eV", "K"};

    private final AtomicOutput output;
    private final int[] species;
    private final String author;
    private final int[][] bonds;
    private final Spool positions;
    private final Spool velocities;
    private final Spool steps;
    private final Spool times;
    private final Spool[] observables = new Spool[OBSERVABLES.length];
    private long frames;
    private boolean everyFrameHasVelocities = true;
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
        Path at = output.target();
        positions = new Spool(at, "position");
        velocities = new Spool(at, "velocity");
        steps = new Spool(at, "step");
        times = new Spool(at, "time");
        for (int k = 0; k < observables.length; k++) {
            observables[k] = new Spool(at, OBSERVABLES[k]);
        }
    }

    @Override
    public void append(Frame frame) {
        if (closed) {
            throw new IllegalStateException("writer for " + output.target() + " is closed");
        }
        if (frame.atomCount() != species.length) {
            throw new IllegalArgumentException("frame has " + frame.atomCount() + " atoms, writer " + species.length);
        }
        for (int k = 0; k < 3 * species.length; k++) {
            positions.putDouble(frame.position(k));
        }
        everyFrameHasVelocities &= frame.hasVelocities();
        if (everyFrameHasVelocities) {
            for (double v : frame.velocities()) {
                velocities.putDouble(v);
            }
        }
        steps.putLong(frame.step());
        times.putDouble(frame.timeFs());
        double[] values = {frame.potentialEv(), frame.kineticEv(), frame.totalEv(), frame.temperatureK()};
        for (int k = 0; k < values.length; k++) {
            observables[k].putDouble(values[k]);
        }
        frames++;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Hdf5Builder file = new Hdf5Builder();
            writeHeader(file.root());
            Hdf5Builder.Group all = file.root().group("particles").group("all");
            all.dataset("species", Hdf5Builder.Type.INT32, new long[] {species.length}, Hdf5Builder.Buffer.ints(species));
            if (bonds.length > 0) {
                int[] pairs = new int[2 * bonds.length];
                for (int b = 0; b < bonds.length; b++) {
                    pairs[2 * b] = bonds[b][0];
                    pairs[2 * b + 1] = bonds[b][1];
                }
                file.root().group("connectivity").dataset("all_bonds", Hdf5Builder.Type.INT32,
                        new long[] {bonds.length, 2}, Hdf5Builder.Buffer.ints(pairs)).attribute("particles_group", "all");
            }
            if (frames > 0) {
                all.group("box").attribute("dimension", 3).attribute("boundary", new String[] {"none", "none", "none"});
                long[] vectors = {frames, species.length, 3};
                timeSeries(all.group("position"), positions, vectors, "angstrom");
                if (everyFrameHasVelocities) {
                    timeSeries(all.group("velocity"), velocities, vectors, "angstrom fs-1");
                }
                Hdf5Builder.Group observableGroup = file.root().group("observables");
                for (int k = 0; k < OBSERVABLES.length; k++) {
                    timeSeries(observableGroup.group(OBSERVABLES[k]), observables[k], new long[] {frames}, OBSERVABLE_UNITS[k]);
                }
            }
            file.write(output.temporary());
        } catch (IOException | RuntimeException e) {
            output.discard();
            closeSpools();
            throw e instanceof IOException io ? new UncheckedIOException("cannot write " + output.target(), io)
                    : (RuntimeException) e;
        }
        closeSpools();
        output.commit();
    }

    private void writeHeader(Hdf5Builder.Group root) {
        Hdf5Builder.Group h5md = root.group("h5md").attribute("version", 1, 1);
        h5md.group("author").attribute("name", author);
        h5md.group("creator").attribute("name", "cdk-nnp").attribute("version", CREATOR_VERSION);
        h5md.group("modules").group("units").attribute("version", 1, 0);
    }

    /** An H5MD time-dependent element: {@code value} with its unit, {@code step} and {@code time} (fs). */
    private void timeSeries(Hdf5Builder.Group element, Spool values, long[] dims, String unit) {
        element.dataset("value", Hdf5Builder.Type.FLOAT64, dims, values).attribute("unit", unit);
        element.dataset("step", Hdf5Builder.Type.INT64, new long[] {frames}, steps);
        element.dataset("time", Hdf5Builder.Type.FLOAT64, new long[] {frames}, times).attribute("unit", "fs");
    }

    private void closeSpools() {
        positions.close();
        velocities.close();
        steps.close();
        times.close();
        for (Spool o : observables) {
            o.close();
        }
    }
}
