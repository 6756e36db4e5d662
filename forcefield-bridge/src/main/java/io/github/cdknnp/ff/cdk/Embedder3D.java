package io.github.cdknnp.ff.cdk;

import io.github.cdknnp.ff.Geometry;
import io.github.cdknnp.ff.NnpException;
import javax.vecmath.Point3d;
import javax.vecmath.Vector3d;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.modeling.builder3d.ModelBuilder3D;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;

/**
 * 3D coordinates from CDK's {@link ModelBuilder3D}. Its geometry is rough (stretched aromatic bonds,
 * open macrocycles): callers optimize afterwards and never report it as final.
 */
final class Embedder3D {
    private static ModelBuilder3D builder;

    private Embedder3D() {
    }

    static synchronized void generate(IAtomContainer molecule) {
        try {
            if (builder == null) {
                builder = ModelBuilder3D.getInstance(SilentChemObjectBuilder.getInstance());
            }
            AtomContainerManipulator.percieveAtomTypesAndConfigureUnsetProperties(molecule);
            IAtomContainer built = builder.generate3DCoordinates(molecule, false);
            for (int i = 0; i < molecule.getAtomCount(); i++) {
                molecule.getAtom(i).setPoint3d(built.getAtom(i).getPoint3d());
            }
        } catch (CDKException | CloneNotSupportedException | java.io.IOException | RuntimeException e) {
            throw new NnpException("3D coordinate generation failed: " + e.getMessage(), e);
        }
    }

    /**
     * Moves apart atoms the builder placed on top of each other (closer than {@link Geometry#MIN_DISTANCE}):
     * the later atom is pushed along the line between them (a fixed direction when they coincide) to 1 Å.
     */
    static void separateOverlaps(IAtomContainer molecule) {
        for (int pass = 0; pass < 10; pass++) {
            boolean moved = false;
            for (int i = 0; i < molecule.getAtomCount(); i++) {
                for (int j = i + 1; j < molecule.getAtomCount(); j++) {
                    Point3d a = molecule.getAtom(i).getPoint3d();
                    Point3d b = molecule.getAtom(j).getPoint3d();
                    double d = a.distance(b);
                    if (d < Geometry.MIN_DISTANCE) {
                        Vector3d u = d > 1e-6 ? new Vector3d(b.x - a.x, b.y - a.y, b.z - a.z) : new Vector3d(0.48, 0.6, 0.64);
                        u.normalize();
                        molecule.getAtom(j).setPoint3d(new Point3d(a.x + u.x, a.y + u.y, a.z + u.z));
                        moved = true;
                    }
                }
            }
            if (!moved) {
                return;
            }
        }
    }
}
