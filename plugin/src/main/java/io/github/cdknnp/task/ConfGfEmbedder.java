package io.github.cdknnp.task;

import io.github.cdknnp.conformers.ConformerGenerator;
import io.github.cdknnp.ff.ForceField;
import io.github.cdknnp.ff.NnpException;
import io.github.cdknnp.ff.cdk.CdkStructure;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * 3D starts from the ConfGF generator instead of CDK's ModelBuilder3D: the lowest-energy of four refined samples.
 * Chosen by measurement (docs/conformers.md, "As the 3D embedder from SMILES"): closer to GFN2-xTB minima and lower
 * in energy than ModelBuilder3D starts, at about twice the time. Molecules it cannot embed are left to ModelBuilder3D, with the reason in
 * {@link #FALLBACK}. One embedder per force field (a {@link ModelSession} keeps one), its generator made on first need;
 * thread-safe.
 */
public final class ConfGfEmbedder {
    /** SD property saying why a molecule got a ModelBuilder3D start instead of a ConfGF one. */
    public static final String FALLBACK = "NNP_EMBEDDER_FALLBACK";

    /** ConfGF samples refined with the force field; the lowest is the start. */
    public static final int SAMPLES = 4;

    private final ForceField forceField;
    private volatile ConformerGenerator generator;

    /** An embedder whose samples are refined with {@code forceField}. */
    public ConfGfEmbedder(ForceField forceField) {
        this.forceField = forceField;
    }

    /** Whether {@link #embed} makes this molecule's start from ConfGF samples (no 3D coordinates, over two atoms). */
    public static boolean samples(IAtomContainer molecule) {
        return !has3d(molecule) && atomsWithHydrogens(molecule) > 2;
    }

    private static boolean has3d(IAtomContainer molecule) {
        for (IAtom atom : molecule.atoms()) {
            if (atom.getPoint3d() != null) {
                return true;
            }
        }
        return false;
    }

    private static int atomsWithHydrogens(IAtomContainer molecule) {
        int atoms = molecule.getAtomCount();
        for (IAtom atom : molecule.atoms()) {
            atoms += atom.getImplicitHydrogenCount() == null ? 0 : atom.getImplicitHydrogenCount();
        }
        return atoms;
    }

    /**
     * Gives a molecule without 3D coordinates explicit hydrogens and the generator's best conformer, in place; a
     * conformer whose refinement did not converge keeps the generated-coordinates mark, so the optimizer treats it as
     * a generated start.
     */
    public void embed(IAtomContainer molecule) {
        if (has3d(molecule)) {
            return;
        }
        if (atomsWithHydrogens(molecule) <= 2) {  // H2, HF, a lone atom: nothing to sample, one distance to set
            ConformerGenerator.addExplicitHydrogens(molecule);
            double x = 0;
            for (int i = 0; i < molecule.getAtomCount(); i++) {
                IAtom atom = molecule.getAtom(i);
                x += i == 0 ? 0 : io.github.cdknnp.ff.Elements.covalentRadius(molecule.getAtom(0).getAtomicNumber())
                        + io.github.cdknnp.ff.Elements.covalentRadius(atom.getAtomicNumber());
                atom.setPoint3d(new javax.vecmath.Point3d(x, 0, 0));
            }
            molecule.setProperty(CdkStructure.GENERATED_COORDINATES, "two atoms at their covalent distance");
            return;
        }
        IAtomContainer best;
        try {
            var conformers = generator().generate(molecule).conformers();
            if (conformers.isEmpty()) {
                molecule.setProperty(FALLBACK, "ConfGF returned no conformer; CDK ModelBuilder3D start used");
                return;
            }
            best = conformers.get(0);
        } catch (NnpException e) {
            molecule.setProperty(FALLBACK, "ConfGF embedding failed (" + e.getMessage() + "); CDK ModelBuilder3D start used");
            return;
        }
        ConformerGenerator.addExplicitHydrogens(molecule);
        if (molecule.getAtomCount() == best.getAtomCount()) {
            CdkStructure.setPositions(molecule, CdkStructure.positionsOf(best));
            Object unconverged = best.getProperty(CdkStructure.GENERATED_COORDINATES);
            if (unconverged != null) {
                molecule.setProperty(CdkStructure.GENERATED_COORDINATES, unconverged);
            }
        }
    }

    private ConformerGenerator generator() {
        ConformerGenerator g = generator;
        if (g == null) {
            synchronized (this) {
                if (generator == null) {
                    generator = ConformerGenerator.builder().conformers(1).samples(SAMPLES).minSamples(SAMPLES)
                            .torsionSamples(0).localSamples(0).screen(0).forceField(forceField).build();
                }
                g = generator;
            }
        }
        return g;
    }
}
