package io.github.cdknnp.opt;

import io.github.cdknnp.ff.Elements;
import io.github.cdknnp.ff.Potential;
import io.github.cdknnp.ff.cdk.CdkStructure;
import java.util.Arrays;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;

/**
 * Repairs a generated 3D start before the real optimization. Builders such as CDK's ModelBuilder3D can leave
 * bonds stretched far beyond any chemistry (an open macrocycle, a ring bond of 5 Å) where a potential with
 * no notion of bonds would happily let them break. A first L-BFGS run on the potential plus flat-bottom
 * restraints {@code k (d − 1.15 (r_i + r_j))²} on every stretched bond of the graph (covalent radii r) pulls
 * them back; the unrestrained optimization then starts from there.
 */
public final class GeneratedStart {
    /** Restraint force constant, eV/Å². */
    static final double FORCE_CONSTANT = 20;
    /** Bonds longer than this multiple of the covalent-radius sum are restrained. */
    static final double SLACK = 1.15;

    private GeneratedStart() {
    }

    /** Whether the structure's coordinates were generated (and so need this repair). */
    static boolean applies(CdkStructure structure) {
        return structure.molecule().getProperty(CdkStructure.GENERATED_COORDINATES) != null;
    }

    /** The relaxed start: positions after a restrained L-BFGS run (fmax 0.2 eV/Å, at most 500 steps). */
    static double[] relax(CdkStructure structure, Potential potential) {
        return relax(structure.molecule(), potential, structure.positions());
    }

    /** Whether any bond of the molecule's graph is longer than {@link #SLACK} times its covalent-radius sum at {@code x}. */
    public static boolean stretched(IAtomContainer mol, double[] x) {
        double[] limit = limits(mol);
        int k = 0;
        for (IBond b : mol.bonds()) {
            int i = mol.indexOf(b.getBegin());
            int j = mol.indexOf(b.getEnd());
            if (io.github.cdknnp.ff.Geometry.distance(x, i, j) > limit[k++]) {
                return true;
            }
        }
        return false;
    }

    private static double[] limits(IAtomContainer mol) {
        double[] limit = new double[mol.getBondCount()];
        int k = 0;
        for (IBond b : mol.bonds()) {
            limit[k++] = SLACK * (Elements.covalentRadius(b.getBegin().getAtomicNumber())
                    + Elements.covalentRadius(b.getEnd().getAtomicNumber()));
        }
        return limit;
    }

    /**
     * Positions {@code start} of a molecule (its bond graph and elements) relaxed on the potential plus the
     * stretched-bond restraints; {@code start} is not modified.
     */
    public static double[] relax(IAtomContainer mol, Potential potential, double[] start) {
        int[][] bonds = new int[mol.getBondCount()][];
        double[] limit = limits(mol);
        int k = 0;
        for (IBond b : mol.bonds()) {
            bonds[k++] = new int[]{mol.indexOf(b.getBegin()), mol.indexOf(b.getEnd())};
        }
        Potential restrained = new Potential() {
            @Override
            public int atomCount() {
                return potential.atomCount();
            }

            @Override
            public double compute(double[] x, double[] f) {
                double e = potential.compute(x, f);
                for (int b = 0; b < bonds.length; b++) {
                    int i = bonds[b][0];
                    int j = bonds[b][1];
                    double[] r = {x[3 * j] - x[3 * i], x[3 * j + 1] - x[3 * i + 1], x[3 * j + 2] - x[3 * i + 2]};
                    double d = Math.sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]);
                    if (d > limit[b]) {
                        e += FORCE_CONSTANT * (d - limit[b]) * (d - limit[b]);
                        double g = 2 * FORCE_CONSTANT * (d - limit[b]) / d;
                        for (int a = 0; a < 3; a++) {
                            f[3 * j + a] -= g * r[a];
                            f[3 * i + a] += g * r[a];
                        }
                    }
                }
                return e;
            }
        };
        OptimizationResult r = new Lbfgs().maxSteps(500).minimize(restrained, start, 0.2);
        return r.stopReason() == StopReason.CALCULATION_FAILED && r.steps() == 0 ? start : Arrays.copyOf(r.positions(), start.length);
    }
}
