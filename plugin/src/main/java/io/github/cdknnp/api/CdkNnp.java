package io.github.cdknnp.api;

import io.github.cdknnp.conformers.ConformerGenerator;
import io.github.cdknnp.ff.ChargeRoutedForceField;
import io.github.cdknnp.ff.NnpForceField;
import io.github.cdknnp.ff.cdk.CdkStructure;
import io.github.cdknnp.io.MoleculeWriter;
import io.github.cdknnp.md.LangevinBaoab;
import io.github.cdknnp.md.MdObserver;
import io.github.cdknnp.md.MdResult;
import io.github.cdknnp.opt.Lbfgs;
import io.github.cdknnp.opt.OptimizationResult;
import io.github.cdknnp.task.InputPolicy;
import io.github.cdknnp.task.ModelSession;
import io.github.cdknnp.trajectory.TrajectoryWriter;
import io.github.cdknnp.trajectory.TrajectoryWriters;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.io.MDLV2000Reader;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;

/**
 * One-call entry points for scripts and workflow snippets (KNIME Java Snippet, JShell, Groovy, Jython),
 * on the embedded default model with the fastest available backend, loaded once. Molecules can be passed
 * as text (SMILES, MOL block) so that no CDK objects cross class loaders.
 *
 * <pre>{@code
 * String sdf = CdkNnp.optimizeToSdf("CC(=O)Oc1ccccc1C(=O)O", "aspirin");  // 3D, optimized, with energies
 * }</pre>
 */
public final class CdkNnp {
    private static ChargeRoutedForceField models;
    private static ModelSession session;

    private CdkNnp() {
    }

    /**
     * Lets go of the loaded models, the ConfGF embedder and the conformer generators (and so of their device memory);
     * the next call loads them again. For hosts that reuse one JVM: a KNIME node calls it when it is reset or disposed.
     */
    public static synchronized void close() {
        if (session != null) {
            session.close();
        }
        session = null;
        models = null;
    }

    /** The embedded default force field, loaded on first use. */
    public static NnpForceField forceField() {
        return models().primary();
    }

    /**
     * The force field for a molecule: the default one when it takes the molecule's total charge, else the embedded
     * model trained on charged molecules ({@link NnpForceField#CHARGED_MODEL_NAME}), loaded on first use.
     */
    public static NnpForceField forceFieldFor(IAtomContainer molecule) {
        return models().modelFor(AtomContainerManipulator.getTotalFormalCharge(molecule));
    }

    private static synchronized ChargeRoutedForceField models() {
        session();
        return models;
    }

    /** The session on the embedded models (the charged one behind the default), opened on first use. */
    private static synchronized ModelSession session() {
        if (session == null) {
            models = ChargeRoutedForceField.embedded("auto");
            session = new ModelSession(models);
        }
        return session;
    }

    /**
     * Optimizes a molecule in place to fmax 0.05 eV/Å as {@code cdk-nnp optimize} does: a molecule without 3D
     * coordinates gets explicit hydrogens and the ConfGF embedder's best conformer as its start (ModelBuilder3D
     * only where that fails); coordinates, energies and NNP_OPT_* properties are written into it.
     */
    public static OptimizationResult optimize(IAtomContainer molecule) {
        session().embedder().embed(molecule);
        return Lbfgs.on(forceFieldFor(molecule)).minimize(molecule, 0.05, CdkStructure.Options.COMPLETE);
    }

    /** SMILES in, SD record out: 3D, optimized, with NNP_ENERGY_KCAL_PER_MOL and NNP_OPT_CONVERGED. */
    public static String optimizeToSdf(String smiles, String title) throws CDKException {
        IAtomContainer mol = parse(smiles, title);
        optimize(mol);
        return toSdf(mol);
    }

    /**
     * SMILES in, SD record out with the energy of the ConfGF embedder's conformer (the geometry {@code cdk-nnp energy}
     * evaluates for a SMILES record): NNP_ENERGY_EV, NNP_ENERGY_KCAL_PER_MOL.
     */
    public static String energyToSdf(String smiles, String title) throws CDKException {
        IAtomContainer mol = parse(smiles, title);
        session().embedder().embed(mol);
        NnpForceField ff = forceFieldFor(mol);
        CdkStructure s = CdkStructure.of(mol, CdkStructure.Options.COMPLETE, ff);
        s.writeEnergy(ff.bind(s.system()).energy(s.positions()));
        return toSdf(mol);
    }

    /**
     * SMILES in, conformers out as one multi-record SDF (lowest NNP energy first, with NNP_REL_ENERGY_KCAL_PER_MOL and
     * NNP_CONFORMER_RANK), as {@code cdk-nnp confgen -n count} makes them.
     */
    public static String conformersToSdf(String smiles, String title, int count) throws CDKException {
        IAtomContainer mol = parse(smiles, title);
        StringBuilder sdf = new StringBuilder();
        ModelSession open = session();
        ConformerGenerator generator = open.generator(List.of("conformersToSdf", count),
                () -> ConformerGenerator.builder().conformers(count).forceField(open.forceField()).build());
        for (IAtomContainer conformer : generator.generate(mol).conformers()) {
            sdf.append(toSdf(conformer));
        }
        return sdf.toString();
    }

    /**
     * SMILES in, a Langevin trajectory out: the ConfGF start minimized, {@code ps} picoseconds at {@code temperatureK}
     * (1 fs steps, friction 1/ps, a frame every 10 fs) written to {@code trajectory} (.h5 for H5MD, .xyz or .sdf).
     */
    public static void mdToFile(String smiles, String title, double ps, double temperatureK, Path trajectory)
            throws CDKException {
        IAtomContainer mol = parse(smiles, title);
        optimize(mol);
        try (TrajectoryWriter out = TrajectoryWriters.open(trajectory, mol)) {
            MdResult result = LangevinBaoab.on(forceFieldFor(mol)).temperatureK(temperatureK).frictionPerPs(1).timestepFs(1)
                    .seed(42).run(mol, (int) Math.round(ps * 1000), MdObserver.writingTo(out).every(10));
            if (result.failed()) {
                throw new CDKException("MD of " + title + " stopped: " + result.message());
            }
        }
    }

    /** A SMILES as a molecule, reduced to its largest fragment (salts stripped) as the command line does. */
    private static IAtomContainer parse(String smiles, String title) throws CDKException {
        IAtomContainer mol = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(smiles);
        mol.setTitle(title);
        return new InputPolicy().prepare(mol);
    }

    /** MOL block in (3D or not), SD record out: optimized, with its energy and convergence properties. */
    public static String optimizeMolBlock(String molBlock) throws CDKException {
        try (MDLV2000Reader reader = new MDLV2000Reader(new StringReader(molBlock))) {
            IAtomContainer mol = reader.read(SilentChemObjectBuilder.getInstance().newAtomContainer());
            optimize(mol);
            return toSdf(mol);
        } catch (java.io.IOException e) {
            throw new CDKException(e.getMessage(), e);
        }
    }

    private static String toSdf(IAtomContainer mol) {
        return MoleculeWriter.sdfText(mol);
    }
}
