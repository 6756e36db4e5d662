package io.github.cdknnp.ff.cdk;

import io.github.cdknnp.ff.Committee;
import io.github.cdknnp.ff.AtomicSystem;
import io.github.cdknnp.ff.BondRestraint;
import io.github.cdknnp.ff.ForceField;
import io.github.cdknnp.ff.Geometry;
import io.github.cdknnp.ff.InvalidGeometryException;
import io.github.cdknnp.ff.NnpException;
import io.github.cdknnp.ff.UnsupportedElementException;
import io.github.cdknnp.ff.Units;
import java.util.Objects;
import javax.vecmath.Point3d;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;

/**
 * The bridge between a CDK molecule and the coordinate-only world of force fields: reads elements, total
 * charge and 3D coordinates from an {@link IAtomContainer} and writes coordinates and energies back into it.
 * All other properties of the container (SD properties included) are left as they are.
 *
 * <pre>{@code
 * CdkStructure s = CdkStructure.of(molecule, CdkStructure.Options.STRICT);
 * double[] forces = new double[3 * s.system().size()];
 * double e = forceField.bind(s.system()).compute(s.positions(), forces);
 * s.writeEnergy(e);   // sets NNP_ENERGY_EV and NNP_ENERGY_KCAL_PER_MOL
 * }</pre>
 */
public final class CdkStructure {
    /** SD property holding the energy in eV. */
    public static final String ENERGY_EV = "NNP_ENERGY_EV";
    /** SD property holding the energy in kcal/mol. */
    public static final String ENERGY_KCAL = "NNP_ENERGY_KCAL_PER_MOL";
    /** SD property set when coordinates were generated here: such a geometry is a rough start, never a result. */
    public static final String GENERATED_COORDINATES = "NNP_GENERATED_3D";
    /** SD property: the committee's force spread at this geometry, eV/Å ({@link Committee}). */
    public static final String FORCE_SPREAD = "NNP_FORCE_SPREAD_EV_PER_A";
    /** SD property: the committee's energy spread at this geometry, kcal/mol. */
    public static final String ENERGY_SPREAD = "NNP_ENERGY_SPREAD_KCAL_PER_MOL";
    /** SD property: {@code true} when the force spread is above the committee's warning threshold. */
    public static final String OUTSIDE_DOMAIN = "NNP_OUTSIDE_DOMAIN";

    /**
     * What to do when the input is incomplete.
     *
     * @param addHydrogens convert implicit hydrogens to explicit atoms (placed geometrically if the molecule has 3D coordinates)
     * @param generate3d   generate 3D coordinates with CDK's ModelBuilder3D when some are missing (a rough start: optimize afterwards)
     */
    public record Options(boolean addHydrogens, boolean generate3d) {
        /** Require explicit hydrogens and 3D coordinates. */
        public static final Options STRICT = new Options(false, false);
        /** Add hydrogens and generate missing coordinates. */
        public static final Options COMPLETE = new Options(true, true);
    }

    private final IAtomContainer molecule;
    private final AtomicSystem system;

    private CdkStructure(IAtomContainer molecule, AtomicSystem system) {
        this.molecule = molecule;
        this.system = system;
    }

    /**
     * Binds a molecule, completing it in place as the options allow.
     *
     * @throws InvalidGeometryException when coordinates are missing, not finite or overlapping
     * @throws NnpException             when hydrogens are implicit and may not be added
     */
    public static CdkStructure of(IAtomContainer molecule, Options options) {
        return of(molecule, options, null);
    }

    /**
     * Binds a molecule for a force field: checks its elements and charge with {@link ForceField#check}
     * before completing it in place as the options allow, so an unsupported molecule fails fast and clearly.
     *
     * @param forceField the force field that will evaluate it, or null to skip the check
     * @throws UnsupportedElementException when the force field cannot describe an atom
     * @throws InvalidGeometryException    when coordinates are missing, not finite or overlapping
     * @throws NnpException                when hydrogens are implicit and may not be added
     */
    public static CdkStructure of(IAtomContainer molecule, Options options, ForceField forceField) {
        Objects.requireNonNull(molecule, "molecule");
        if (molecule.getAtomCount() == 0) {
            throw new NnpException("molecule has no atoms");
        }
        if (forceField != null) {
            forceField.check(systemOf(molecule));
        }
        int implicitH = implicitHydrogenCount(molecule);
        boolean missing3d = missingCoordinates(molecule) >= 0;
        if (missing3d && implicitH > 0 && options.generate3d() && molecule.getAtomCount() == 1) {
            // one heavy atom (CH4, H2O, NH3...): ModelBuilder3D cannot embed it, the hydrogen placer can
            molecule.getAtom(0).setPoint3d(new Point3d(0, 0, 0));
            molecule.setProperty(GENERATED_COORDINATES, "hydrogens placed around the single heavy atom (not optimized)");
            missing3d = false;
        }
        if (implicitH > 0) {
            if (!options.addHydrogens()) {
                throw new NnpException("molecule has " + implicitH
                        + " implicit hydrogens; the force field needs explicit ones (add them, or ask for them to be added)");
            }
            if (missing3d) {
                AtomContainerManipulator.convertImplicitToExplicitHydrogens(molecule);
            } else {
                HydrogenPlacer.addExplicitHydrogens(molecule);
                molecule.setProperty(GENERATED_COORDINATES, implicitH + " hydrogens placed geometrically (not optimized)");
            }
        }
        int missing = missingCoordinates(molecule);
        if (missing >= 0) {
            if (!options.generate3d()) {
                throw new InvalidGeometryException("no 3D coordinates (atom " + (missing + 1)
                        + " has none); provide a 3D structure or ask for coordinates to be generated");
            }
            Embedder3D.generate(molecule);
            Embedder3D.separateOverlaps(molecule);
            molecule.setProperty(GENERATED_COORDINATES, "CDK ModelBuilder3D start (not optimized)");
        }
        CdkStructure structure = new CdkStructure(molecule, systemOf(molecule));
        Geometry.check(structure.positions(), molecule.getAtomCount());
        return structure;
    }

    /** Restraints on the bonds of a molecule's graph as it stands (elements and bonds; no coordinates needed). */
    public static BondRestraint bondRestraintOf(IAtomContainer molecule) {
        return new BondRestraint(systemOf(molecule).atomicNumbers(), bondsOf(molecule));
    }

    /** The bonds of a molecule's graph as pairs of atom indices, in the molecule's bond order. */
    public static int[][] bondsOf(IAtomContainer molecule) {
        int[][] bonds = new int[molecule.getBondCount()][];
        int k = 0;
        for (IBond b : molecule.bonds()) {
            bonds[k++] = new int[] {molecule.indexOf(b.getBegin()), molecule.indexOf(b.getEnd())};
        }
        return bonds;
    }

    /** Elements and total charge (sum of formal charges) of a molecule as it stands, without completing it. */
    public static AtomicSystem systemOf(IAtomContainer molecule) {
        int[] z = new int[molecule.getAtomCount()];
        int charge = 0;
        for (int i = 0; i < z.length; i++) {
            IAtom atom = molecule.getAtom(i);
            Integer number = atom.getAtomicNumber();
            if (number == null || number <= 0) {
                throw new NnpException("atom " + (i + 1) + " (" + atom.getSymbol() + ") is not a real element");
            }
            z[i] = number;
            charge += atom.getFormalCharge() == null ? 0 : atom.getFormalCharge();
        }
        return new AtomicSystem(z, charge);
    }

    /** Elements and total charge (sum of formal charges). */
    public AtomicSystem system() {
        return system;
    }

    /** The molecule this structure reads from and writes to. */
    public IAtomContainer molecule() {
        return molecule;
    }

    /** A fresh copy of the flat coordinates, Å. */
    public double[] positions() {
        return positionsOf(molecule);
    }

    /** Writes flat coordinates (Å) into the atoms' 3D points. */
    public void writePositions(double[] x) {
        Geometry.check(x, molecule.getAtomCount());
        setPositions(molecule, x);
    }

    /** The atoms' 3D points as flat coordinates {@code [x0, y0, z0, x1, ...]}, Å (every atom must have one). */
    public static double[] positionsOf(IAtomContainer molecule) {
        double[] x = new double[3 * molecule.getAtomCount()];
        for (int i = 0; i < molecule.getAtomCount(); i++) {
            Point3d p = molecule.getAtom(i).getPoint3d();
            x[3 * i] = p.x;
            x[3 * i + 1] = p.y;
            x[3 * i + 2] = p.z;
        }
        return x;
    }

    /** Sets the atoms' 3D points from flat coordinates, Å, without checks. */
    public static void setPositions(IAtomContainer molecule, double[] x) {
        for (int i = 0; i < molecule.getAtomCount(); i++) {
            molecule.getAtom(i).setPoint3d(new Point3d(x[3 * i], x[3 * i + 1], x[3 * i + 2]));
        }
    }

    /** Stores the energy as SD properties in eV and kcal/mol. */
    public void writeEnergy(double energyEv) {
        writeEnergy(molecule, energyEv);
    }

    /** Stores an energy (eV) as the {@link #ENERGY_EV} and {@link #ENERGY_KCAL} properties of any container. */
    public static void writeEnergy(IAtomContainer container, double energyEv) {
        container.setProperty(ENERGY_EV, String.format(java.util.Locale.ROOT, "%.6f", energyEv));
        container.setProperty(ENERGY_KCAL, String.format(java.util.Locale.ROOT, "%.4f", Units.evToKcalPerMol(energyEv)));
    }

    /**
     * Stores a committee's disagreement about the container's geometry: {@link #FORCE_SPREAD} (eV/Å),
     * {@link #ENERGY_SPREAD} (kcal/mol) and {@link #OUTSIDE_DOMAIN} ({@code true} above the committee's threshold).
     *
     * @return whether the geometry is outside the committee's domain
     */
    public static boolean writeUncertainty(IAtomContainer container, Committee.Disagreement d, double warningEvPerA) {
        container.setProperty(FORCE_SPREAD, String.format(java.util.Locale.ROOT, "%.4f", d.forceSpreadEvPerA()));
        container.setProperty(ENERGY_SPREAD, String.format(java.util.Locale.ROOT, "%.3f", Units.evToKcalPerMol(d.energySpreadEv())));
        boolean outside = d.forceSpreadEvPerA() > warningEvPerA;
        container.setProperty(OUTSIDE_DOMAIN, Boolean.toString(outside));
        return outside;
    }

    private static int implicitHydrogenCount(IAtomContainer molecule) {
        int count = 0;
        for (IAtom atom : molecule.atoms()) {
            count += atom.getImplicitHydrogenCount() == null ? 0 : atom.getImplicitHydrogenCount();
        }
        return count;
    }

    /** Index of the first atom without a 3D point, or -1. */
    private static int missingCoordinates(IAtomContainer molecule) {
        for (int i = 0; i < molecule.getAtomCount(); i++) {
            if (molecule.getAtom(i).getPoint3d() == null) {
                return i;
            }
        }
        if (molecule.getAtomCount() > 1 && allAtSamePoint(molecule)) {
            return 0;
        }
        return -1;
    }

    /** All atoms on one point (e.g. a 0D record with zero coordinates) means no real coordinates. */
    private static boolean allAtSamePoint(IAtomContainer molecule) {
        Point3d p0 = molecule.getAtom(0).getPoint3d();
        for (IAtom atom : molecule.atoms()) {
            if (atom.getPoint3d().distance(p0) > 1e-6) {
                return false;
            }
        }
        return true;
    }
}
