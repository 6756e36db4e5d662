package io.github.cdknnp.md;

import io.github.cdknnp.ff.AtomicSystem;
import io.github.cdknnp.ff.ForceField;
import io.github.cdknnp.ff.Potential;
import io.github.cdknnp.ff.analytic.LennardJones;
import io.github.cdknnp.ff.cdk.CdkStructure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.openscience.cdk.exception.InvalidSmilesException;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;

/** Cheap analytic systems with known physics for the MD tests. */
final class Fixtures {
    /** Argon Lennard-Jones parameters: ε = 0.0104 eV (120 K), σ = 3.40 Å. */
    static final ForceField ARGON = new LennardJones(0.0104, 3.40, Double.POSITIVE_INFINITY);

    private Fixtures() {
    }

    /** 13 argon atoms on a centred icosahedron near the LJ13 minimum. */
    static MdState argon13() {
        double phi = (1 + Math.sqrt(5)) / 2;
        double radius = 1.09 * 3.40;
        double scale = radius / Math.sqrt(1 + phi * phi);
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0, 0, 0});
        for (int a : new int[] {-1, 1}) {
            for (int b : new int[] {-1, 1}) {
                points.add(new double[] {0, a, b * phi});
                points.add(new double[] {a, b * phi, 0});
                points.add(new double[] {b * phi, 0, a});
            }
        }
        double[] x = new double[3 * points.size()];
        for (int i = 0; i < points.size(); i++) {
            for (int d = 0; d < 3; d++) {
                x[3 * i + d] = (i == 0 ? 0 : scale) * points.get(i)[d];
            }
        }
        int[] z = new int[points.size()];
        Arrays.fill(z, 18);
        return MdState.at(AtomicSystem.neutral(z), x);
    }

    /** Ethanol with explicit hydrogens and 3D coordinates from CDK. */
    static IAtomContainer ethanol() {
        try {
            IAtomContainer mol = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles("CCO");
            CdkStructure.of(mol, CdkStructure.Options.COMPLETE);
            return mol;
        } catch (InvalidSmilesException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Harmonic springs along the bonds of a molecule (X–H 30 eV/Å², heavy–heavy 25 eV/Å², like MMFF stretch
     * constants) and between atoms two bonds apart (4 eV/Å², a Urey–Bradley angle term), each at rest at the
     * molecule's current geometry. E = Σ ½ k (r − r₀)².
     */
    static ForceField springs(IAtomContainer molecule) {
        List<int[]> pairs = new ArrayList<>();
        List<Double> k = new ArrayList<>();
        for (IBond bond : molecule.bonds()) {
            IAtom a = bond.getBegin();
            IAtom b = bond.getEnd();
            pairs.add(new int[] {molecule.indexOf(a), molecule.indexOf(b)});
            k.add(a.getAtomicNumber() == 1 || b.getAtomicNumber() == 1 ? 30.0 : 25.0);
        }
        for (IAtom centre : molecule.atoms()) {
            List<IAtom> nb = molecule.getConnectedAtomsList(centre);
            for (int p = 0; p < nb.size(); p++) {
                for (int q = p + 1; q < nb.size(); q++) {
                    pairs.add(new int[] {molecule.indexOf(nb.get(p)), molecule.indexOf(nb.get(q))});
                    k.add(4.0);
                }
            }
        }
        double[] x0 = CdkStructure.of(molecule, CdkStructure.Options.STRICT).positions();
        double[] r0 = new double[pairs.size()];
        for (int p = 0; p < r0.length; p++) {
            r0[p] = io.github.cdknnp.ff.Geometry.distance(x0, pairs.get(p)[0], pairs.get(p)[1]);
        }
        return new ForceField() {
            @Override
            public String description() {
                return "harmonic springs";
            }

            @Override
            public Potential bind(AtomicSystem system) {
                return new Springs(system.size(), pairs, k, r0);
            }
        };
    }

    private record Springs(int atomCount, List<int[]> pairs, List<Double> k, double[] r0) implements Potential {
        @Override
        public double compute(double[] x, double[] f) {
            Arrays.fill(f, 0);
            double e = 0;
            for (int p = 0; p < r0.length; p++) {
                int i = pairs.get(p)[0];
                int j = pairs.get(p)[1];
                double dx = x[3 * j] - x[3 * i];
                double dy = x[3 * j + 1] - x[3 * i + 1];
                double dz = x[3 * j + 2] - x[3 * i + 2];
                double r = Math.sqrt(dx * dx + dy * dy + dz * dz);
                double kp = k.get(p);
                e += 0.5 * kp * (r - r0[p]) * (r - r0[p]);
                double g = -kp * (r - r0[p]) / r;
                f[3 * j] += g * dx;
                f[3 * j + 1] += g * dy;
                f[3 * j + 2] += g * dz;
                f[3 * i] -= g * dx;
                f[3 * i + 1] -= g * dy;
                f[3 * i + 2] -= g * dz;
            }
            return e;
        }
    }

    /** Mean and population variance of a series. */
    static double[] meanVariance(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double var = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean);
        }
        return new double[] {mean, var / values.length};
    }
}
