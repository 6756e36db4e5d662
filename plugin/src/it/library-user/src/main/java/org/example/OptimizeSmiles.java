package org.example;

import io.github.cdknnp.api.CdkNnp;
import io.github.cdknnp.ff.NnpForceField;
import io.github.cdknnp.opt.Lbfgs;
import io.github.cdknnp.opt.OptimizationResult;
import java.io.StringWriter;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.io.SDFWriter;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;

/** Optimizes the molecules given as SMILES on the command line with the embedded default model; prints SDF. */
public final class OptimizeSmiles {
    private OptimizeSmiles() {
    }

    /** The optimized 3D molecule of {@code smiles}, with its energy and convergence as SD properties. */
    public static IAtomContainer optimize(String smiles) throws CDKException {
        IAtomContainer mol = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(smiles);
        CdkNnp.optimize(mol);                               // hydrogens, 3D start, L-BFGS to fmax 0.05 eV/Å
        NnpForceField ff = NnpForceField.load();
        OptimizationResult tighter = Lbfgs.on(ff).minimize(mol, 0.01);
        mol.setProperty("EXAMPLE_FMAX_EV_PER_A", tighter.fmaxEvPerA());
        return mol;
    }

    public static void main(String[] args) throws Exception {
        StringWriter sdf = new StringWriter();
        try (SDFWriter writer = new SDFWriter(sdf)) {
            for (String smiles : args.length > 0 ? args : new String[] {"CN1C=NC2=C1C(=O)N(C)C(=O)N2C"}) {
                writer.write(optimize(smiles));
            }
        }
        System.out.print(sdf);
    }
}
