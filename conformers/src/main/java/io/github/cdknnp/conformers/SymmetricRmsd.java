package io.github.cdknnp.conformers;

import java.util.ArrayList;
import java.util.List;

import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.isomorphism.Pattern;

/**
 * Heavy-atom RMSD between conformers of one molecule, minimised over the molecule's graph symmetries
 * (automorphisms of the heavy-atom graph by element and bond order), so that e.g. the two oxygens of a
 * carboxylate or the rings of a biphenyl are matched whichever way round they were numbered. The
 * automorphisms are enumerated once per molecule, up to a cap.
 *
 * <pre>{@code
 * SymmetricRmsd rmsd = SymmetricRmsd.of(molecule);
 * double d = rmsd.between(positionsA, positionsB);   // Å
 * }</pre>
 */
public final class SymmetricRmsd {
    /** Automorphisms beyond this count are not enumerated (the identity is always first). */
    public static final int MAX_AUTOMORPHISMS = 1000;

    private final int[] heavy;
    private final List<int[]> maps;

    private SymmetricRmsd(int[] heavy, List<int[]> maps) {
        this.heavy = heavy;
        this.maps = maps;
    }

    /** Prepares the heavy-atom index list and the symmetry maps of a molecule (with or without explicit H). */
    public static SymmetricRmsd of(IAtomContainer molecule) {
        List<Integer> heavyList = new ArrayList<>();
        for (int i = 0; i < molecule.getAtomCount(); i++) {
            Integer z = molecule.getAtom(i).getAtomicNumber();
            if (z == null || z != 1) {
                heavyList.add(i);
            }
        }
        int[] heavy = heavyList.stream().mapToInt(Integer::intValue).toArray();
        IAtomContainer skeleton = molecule.getBuilder().newAtomContainer();
        for (int i : heavy) {
            skeleton.addAtom(molecule.getAtom(i));
        }
        for (var bond : molecule.bonds()) {
            if (skeleton.contains(bond.getBegin()) && skeleton.contains(bond.getEnd())) {
                skeleton.addBond(bond);
            }
        }
        List<int[]> maps = new ArrayList<>();
        for (int[] m : Pattern.findIdentical(skeleton).matchAll(skeleton).limit(MAX_AUTOMORPHISMS)) {
            int[] map = new int[heavy.length];
            for (int k = 0; k < heavy.length; k++) {
                map[k] = heavy[m[k]];
            }
            maps.add(map);
        }
        if (maps.isEmpty()) {
            maps.add(heavy.clone());
        }
        return new SymmetricRmsd(heavy, maps);
    }

    /** Number of symmetry maps used (1 for an asymmetric skeleton). */
    public int symmetries() {
        return maps.size();
    }

    /** The smallest heavy-atom RMSD (Å) over all symmetry maps after optimal superposition. */
    public double between(double[] a, double[] b) {
        double best = Double.POSITIVE_INFINITY;
        for (int[] map : maps) {
            best = Math.min(best, Superposition.rmsd(a, b, heavy, map));
        }
        return best;
    }

}
