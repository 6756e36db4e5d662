package io.github.cdknnp.ff.cdk;

import io.github.cdknnp.ff.Geometry;
import io.github.cdknnp.ff.NnpException;
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

    /** Moves apart atoms the builder placed on top of each other; see {@link Geometry#separateOverlaps}. */
    static void separateOverlaps(IAtomContainer molecule) {
        double[] x = CdkStructure.positionsOf(molecule);
        Geometry.separateOverlaps(x);
        CdkStructure.setPositions(molecule, x);
    }
}
