package io.github.cdknnp.trajectory;

import io.github.cdknnp.ff.AtomicSystem;
import io.github.cdknnp.ff.Elements;
import io.github.cdknnp.ff.cdk.CdkStructure;
import java.nio.file.Path;
import java.util.Locale;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.Atom;
import org.openscience.cdk.silent.SilentChemObjectBuilder;

/**
 * Opens a trajectory writer chosen by file extension: {@code .xyz}; {@code .sdf}/{@code .sd};
 * {@code .h5}/{@code .h5md}/{@code .hdf5} (H5MD); {@code .csv} (thermodynamic log only).
 *
 * <pre>{@code
 * try (TrajectoryWriter out = TrajectoryWriters.open(Path.of("md.h5"), molecule)) { ... }
 * }</pre>
 */
public final class TrajectoryWriters {
    private TrajectoryWriters() {
    }

    /** A writer for frames of {@code template} (SD records keep its bonds and properties). */
    public static TrajectoryWriter open(Path path, IAtomContainer template) {
        return open(path, template, "unknown");
    }

    /** As {@link #open(Path, IAtomContainer)}, naming the author in formats that record one (H5MD). */
    public static TrajectoryWriter open(Path path, IAtomContainer template, String author) {
        int[] z = new int[template.getAtomCount()];
        for (int i = 0; i < z.length; i++) {
            Integer number = template.getAtom(i).getAtomicNumber();
            if (number == null) {
                throw new IllegalArgumentException("atom " + (i + 1) + " of the template has no atomic number");
            }
            z[i] = number;
        }
        return open(path, z, template, author);
    }

    /** A writer for frames of a system known only by its elements (SD records have no bonds). */
    public static TrajectoryWriter open(Path path, AtomicSystem system) {
        return open(path, system.atomicNumbers(), null, "unknown");
    }

    /**
     * Checks that a path names a trajectory format (before a run, so a bad name fails once, not per record).
     *
     * @throws IllegalArgumentException naming the formats
     */
    public static void checkFormat(Path path) {
        String ext = extension(path);
        if (!java.util.Set.of("xyz", "sdf", "sd", "h5", "h5md", "hdf5", "csv").contains(ext)) {
            throw new IllegalArgumentException("unknown trajectory format '" + path.getFileName()
                    + "': use .xyz, .sdf, .h5 (H5MD) or .csv (thermo log)");
        }
    }

    private static String extension(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static TrajectoryWriter open(Path path, int[] atomicNumbers, IAtomContainer template, String author) {
        checkFormat(path);
        String ext = extension(path);
        String name = path.getFileName().toString();
        return switch (ext) {
            case "xyz" -> new XyzTrajectoryWriter(path, atomicNumbers);
            case "sdf", "sd" -> new SdfTrajectoryWriter(path, template != null ? template : atomsOnly(atomicNumbers));
            case "h5", "h5md", "hdf5" -> new H5mdTrajectoryWriter(path, atomicNumbers,
                    template == null ? new int[0][] : CdkStructure.bondsOf(template), author);
            case "csv" -> new CsvThermoWriter(path);
            default -> throw new IllegalArgumentException("unknown trajectory format '" + name
                    + "': use .xyz, .sdf, .h5 (H5MD) or .csv (thermo log)");
        };
    }

    private static IAtomContainer atomsOnly(int[] atomicNumbers) {
        IAtomContainer container = SilentChemObjectBuilder.getInstance().newAtomContainer();
        for (int z : atomicNumbers) {
            container.addAtom(new Atom(Elements.symbol(z)));
        }
        return container;
    }
}
