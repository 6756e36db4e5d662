package io.github.cdknnp.trajectory;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A thermodynamic log, one CSV row per frame under the header
 * {@value #HEADER}. Coordinates are not written.
 */
public final class CsvThermoWriter extends TextTrajectoryWriter {
    /** The header line: column names carry their units. */
    public static final String HEADER = "step,time_fs,potential_eV,kinetic_eV,total_eV,temperature_K";
    /** Writes to {@code target}, moved into place on close. */
    public CsvThermoWriter(Path target) {
        super(target, HEADER + "\n");
    }

    @Override
    void write(Frame frame, Writer out) throws IOException {
        out.write(String.format(Locale.ROOT, "%d,%.6f,%.10g,%.10g,%.10g,%.6f%n", frame.step(), frame.timeFs(),
                frame.potentialEv(), frame.kineticEv(), frame.totalEv(), frame.temperatureK()));
    }
}
