package io.github.cdknnp.trajectory;

import io.github.cdknnp.ff.cdk.CdkStructure;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Locale;
import javax.vecmath.Point3d;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.io.SDFWriter;

/**
 * Multi-record SD file: one record per frame, each a copy of a template molecule (atoms, bonds, title and
 * SD properties kept) with the frame's coordinates and the SD properties {@value #STEP}, {@value #TIME_FS},
 * {@link CdkStructure#ENERGY_EV}, {@link CdkStructure#ENERGY_KCAL}, {@value #KINETIC_EV}, {@value #TOTAL_EV}
 * and {@value #TEMPERATURE_K}. The template's own results of an optimization ({@code NNP_OPT_*}: the pre-MD
 * minimization's) are left out, since they describe no frame. The template itself is never modified.
 */
public final class SdfTrajectoryWriter extends TextTrajectoryWriter {
    /** SD property: step number. */
    public static final String STEP = "MD_STEP";
    /** SD property: time in fs. */
    public static final String TIME_FS = "MD_TIME_FS";
    /** SD property: kinetic energy in eV. */
    public static final String KINETIC_EV = "MD_KINETIC_EV";
    /** SD property: potential plus kinetic energy in eV. */
    public static final String TOTAL_EV = "MD_TOTAL_EV";
    /** SD property: instantaneous temperature in K. */
    public static final String TEMPERATURE_K = "MD_TEMPERATURE_K";

    private final IAtomContainer record;
    private SDFWriter sdf;

    /** Writes to {@code target} (moved into place on close) records shaped like {@code template}. */
    public SdfTrajectoryWriter(Path target, IAtomContainer template) {
        super(target);
        try {
            this.record = template.clone();
            for (Object key : new java.util.ArrayList<>(record.getProperties().keySet())) {
                if (String.valueOf(key).startsWith("NNP_OPT_")) {
                    record.removeProperty(key);
                }
            }
        } catch (CloneNotSupportedException e) {
            throw new IllegalArgumentException("template molecule cannot be copied", e);
        }
    }

    @Override
    void write(Frame frame, Writer out) throws IOException {
        if (frame.atomCount() != record.getAtomCount()) {
            throw new IllegalArgumentException("frame has " + frame.atomCount() + " atoms, template "
                    + record.getAtomCount());
        }
        for (int i = 0; i < record.getAtomCount(); i++) {
            record.getAtom(i).setPoint3d(new Point3d(frame.position(3 * i), frame.position(3 * i + 1),
                    frame.position(3 * i + 2)));
        }
        record.setProperty(STEP, Long.toString(frame.step()));
        record.setProperty(TIME_FS, format(frame.timeFs()));
        CdkStructure.writeEnergy(record, frame.potentialEv());
        record.setProperty(KINETIC_EV, format(frame.kineticEv()));
        record.setProperty(TOTAL_EV, format(frame.totalEv()));
        record.setProperty(TEMPERATURE_K, format(frame.temperatureK()));
        if (sdf == null) {
            sdf = new SDFWriter(out);
        }
        try {
            sdf.write(record);
        } catch (CDKException e) {
            throw new IOException("cannot write frame " + frame.step() + " as SD record: " + e.getMessage(), e);
        }
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }
}
