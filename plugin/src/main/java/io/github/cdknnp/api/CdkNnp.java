package io.github.cdknnp.api;

import io.github.cdknnp.ff.NnpForceField;
import io.github.cdknnp.ff.cdk.CdkStructure;
import io.github.cdknnp.opt.Lbfgs;
import io.github.cdknnp.opt.OptimizationResult;
import io.github.cdknnp.task.ConfGfEmbedder;
import java.io.StringReader;
import java.io.StringWriter;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.io.MDLV2000Reader;
import org.openscience.cdk.io.SDFWriter;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;

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
    private static NnpForceField forceField;

    private CdkNnp() {
    }

    /** The embedded default force field, loaded on first use. */
    public static synchronized NnpForceField forceField() {
        if (forceField == null) {
            forceField = NnpForceField.load();
        }
        return forceField;
    }

    /**
     * Optimizes a molecule in place to fmax 0.05 eV/Å as {@code cdk-nnp optimize} does: a molecule without 3D
     * coordinates gets explicit hydrogens and the ConfGF embedder's best conformer as its start (ModelBuilder3D
     * only where that fails); coordinates, energies and NNP_OPT_* properties are written into it.
     */
    public static OptimizationResult optimize(IAtomContainer molecule) {
        ConfGfEmbedder.embed(molecule, forceField());
        return Lbfgs.on(forceField()).minimize(molecule, 0.05, CdkStructure.Options.COMPLETE);
    }

    /** SMILES in, SD record out: 3D, optimized, with NNP_ENERGY_KCAL_PER_MOL and NNP_OPT_CONVERGED. */
    public static String optimizeToSdf(String smiles, String title) throws CDKException {
        IAtomContainer mol = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(smiles);
        mol.setTitle(title);
        optimize(mol);
        return toSdf(mol);
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

    private static String toSdf(IAtomContainer mol) throws CDKException {
        StringWriter out = new StringWriter();
        try (SDFWriter writer = new SDFWriter(out)) {
            writer.write(mol);
        } catch (java.io.IOException e) {
            throw new CDKException(e.getMessage(), e);
        }
        return out.toString();
    }
}
