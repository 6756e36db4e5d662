package io.github.cdknnp.task;

import io.github.cdknnp.ff.NnpException;
import io.github.cdknnp.ff.cdk.CdkStructure;
import io.github.cdknnp.ff.cdk.Fragments;
import io.github.cdknnp.ff.cdk.Neutralizer;
import java.io.Serializable;
import org.openscience.cdk.interfaces.IAtomContainer;
import picocli.CommandLine.Option;

/**
 * How an input molecule is made ready for a task: salts and mixtures reduced to their largest fragment (or not),
 * charged groups neutralised (on request), hydrogens and 3D coordinates completed (or required). A picocli mixin
 * ({@code --strict}, {@code --keep-fragments}, {@code --neutralize}),
 * serializable so that a distributed job can ship it with its task.
 */
public final class InputPolicy implements Serializable {
    /** Records with more heavy atoms are refused: far outside the training data, and slow enough to stall a batch. */
    public static final int MAX_HEAVY_ATOMS = 300;

    private static final long serialVersionUID = 1L;

    @Option(names = "--strict", description = "Require explicit hydrogens and 3D coordinates instead of "
            + "adding hydrogens and generating coordinates (CDK ModelBuilder3D, a rough start).")
    boolean strict;

    @Option(names = "--keep-fragments", description = "Keep every fragment of salts and mixtures "
            + "(default: keep the largest fragment and list the others in NNP_STRIPPED_FRAGMENTS).")
    boolean keepFragments;

    @Option(names = "--neutralize", description = "Neutralise charged groups by moving protons (protonated amines "
            + "give one up, carboxylates and other anions take one; NNP_NEUTRALIZED lists them) instead of computing "
            + "the charged molecule.")
    boolean neutralize;

    /** Applies the fragment policy to a molecule, in place. */
    public IAtomContainer prepare(IAtomContainer molecule) {
        if (!keepFragments) {
            Fragments.keepLargest(molecule);
        }
        if (neutralize) {
            Neutralizer.neutralize(molecule);
        }
        int heavy = 0;
        for (var atom : molecule.atoms()) {
            heavy += atom.getAtomicNumber() != null && atom.getAtomicNumber() > 1 ? 1 : 0;
        }
        String valence = ValenceCheck.problem(molecule);
        if (valence != null) {
            throw new NnpException(valence);
        }
        if (heavy > MAX_HEAVY_ATOMS) {
            throw new NnpException(heavy + " heavy atoms: larger than cdk-nnp handles (at most " + MAX_HEAVY_ATOMS
                    + "; its models were trained on molecules of up to 90 atoms)");
        }
        return molecule;
    }

    /**
     * {@link #prepare} and, for a molecule whose coordinates are to be generated, the ConfGF 3D start that
     * {@code optimize}, {@code energy} and {@code md} share ({@link ConfGfEmbedder}).
     */
    public IAtomContainer prepareWithStart(IAtomContainer molecule, ConfGfEmbedder embedder) {
        prepare(molecule);
        if (completion().generate3d()) {
            embedder.embed(molecule);
        }
        return molecule;
    }

    /** Whether a molecule is completed (hydrogens, coordinates) or must be complete already. */
    public CdkStructure.Options completion() {
        return strict ? CdkStructure.Options.STRICT : CdkStructure.Options.COMPLETE;
    }
}
