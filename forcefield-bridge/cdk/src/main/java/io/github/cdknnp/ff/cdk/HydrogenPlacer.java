package io.github.cdknnp.ff.cdk;

import javax.vecmath.Point3d;
import javax.vecmath.Vector3d;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;

/**
 * Turns implicit hydrogens into explicit atoms placed around their heavy atom: along the bisector away
 * from its neighbours, fanned out at the tetrahedral angle when there are several. A start for an
 * optimizer, not a final geometry.
 */
final class HydrogenPlacer {
    private static final double TETRAHEDRAL_FROM_AXIS = Math.toRadians(180 - 109.47);

    private HydrogenPlacer() {
    }

    static void addExplicitHydrogens(IAtomContainer molecule) {
        int heavyCount = molecule.getAtomCount();
        for (int a = 0; a < heavyCount; a++) {
            IAtom heavy = molecule.getAtom(a);
            Integer h = heavy.getImplicitHydrogenCount();
            if (h == null || h == 0) {
                continue;
            }
            Vector3d[] directions = directions(molecule, heavy, h);
            heavy.setImplicitHydrogenCount(0);
            for (Vector3d d : directions) {
                IAtom hydrogen = molecule.getBuilder().newInstance(IAtom.class, "H");
                hydrogen.setAtomicNumber(1);
                hydrogen.setImplicitHydrogenCount(0);
                Point3d p = new Point3d(heavy.getPoint3d());
                d.scale(bondLength(heavy.getAtomicNumber()));
                p.add(d);
                hydrogen.setPoint3d(p);
                molecule.addAtom(hydrogen);
                molecule.addBond(molecule.getBuilder().newInstance(IBond.class, heavy, hydrogen, IBond.Order.SINGLE));
            }
        }
    }

    private static Vector3d[] directions(IAtomContainer molecule, IAtom heavy, int count) {
        Vector3d axis = new Vector3d();
        Vector3d anyBond = null;
        for (IAtom neighbour : molecule.getConnectedAtomsList(heavy)) {
            Vector3d b = new Vector3d(heavy.getPoint3d());
            b.sub(neighbour.getPoint3d());
            if (b.length() > 1e-8) {
                b.normalize();
                axis.add(b);
                anyBond = b;
            }
        }
        if (axis.length() < 1e-6) {
            axis = anyBond != null ? perpendicular(anyBond) : new Vector3d(0, 0, 1);
        }
        axis.normalize();
        Vector3d[] out = new Vector3d[count];
        if (count == 1) {
            out[0] = axis;
            return out;
        }
        Vector3d p = perpendicular(axis);
        Vector3d q = new Vector3d();
        q.cross(axis, p);
        double theta = TETRAHEDRAL_FROM_AXIS;
        for (int k = 0; k < count; k++) {
            double phi = 2 * Math.PI * k / count;
            Vector3d d = new Vector3d(axis);
            d.scale(Math.cos(theta));
            Vector3d radial = new Vector3d(p);
            radial.scale(Math.cos(phi));
            Vector3d radial2 = new Vector3d(q);
            radial2.scale(Math.sin(phi));
            radial.add(radial2);
            radial.scale(Math.sin(theta));
            d.add(radial);
            d.normalize();
            out[k] = d;
        }
        return out;
    }

    private static Vector3d perpendicular(Vector3d v) {
        Vector3d helper = Math.abs(v.x) < 0.9 ? new Vector3d(1, 0, 0) : new Vector3d(0, 1, 0);
        Vector3d p = new Vector3d();
        p.cross(v, helper);
        p.normalize();
        return p;
    }

    private static double bondLength(Integer atomicNumber) {
        return switch (atomicNumber == null ? 6 : atomicNumber) {
            case 7 -> 1.01;
            case 8 -> 0.96;
            case 16 -> 1.34;
            default -> 1.09;
        };
    }
}
