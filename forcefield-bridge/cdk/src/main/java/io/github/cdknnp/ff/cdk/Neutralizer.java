package io.github.cdknnp.ff.cdk;

import java.util.ArrayList;
import java.util.List;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * Neutral forms of charged molecules, in place: a charged atom that carries a hydrogen loses one (protonated amines,
 * amidinium, pyridinium), an anionic O, S or N gains one (carboxylates, phenolates, tetrazolates). Charges balanced
 * by a charged neighbour (nitro groups, N-oxides) and atoms without a hydrogen to give (quaternary ammonium) are kept.
 *
 * <pre>{@code
 * String done = Neutralizer.neutralize(mol);   // "N1 +1, O5 -1" for a zwitterion, null when nothing changed
 * }</pre>
 */
public final class Neutralizer {
    /** SD property listing the atoms whose charge was removed, e.g. {@code N1 +1, O5 -1}. */
    public static final String NEUTRALIZED = "NNP_NEUTRALIZED";

    private Neutralizer() {
    }

    /**
     * Removes the charges it can by moving protons, records them in {@link #NEUTRALIZED}.
     *
     * @return the atoms changed (symbol, 1-based index, former charge), or null when nothing changed
     */
    public static String neutralize(IAtomContainer molecule) {
        List<String> changed = new ArrayList<>();
        List<IAtom> atoms = new ArrayList<>();
        molecule.atoms().forEach(atoms::add);
        for (IAtom atom : atoms) {
            int q = charge(atom);
            if (q == 0 || balanced(molecule, atom, q)) {
                continue;
            }
            String label = atom.getSymbol() + (molecule.indexOf(atom) + 1) + " " + (q > 0 ? "+" : "") + q;
            if (q == 1 && removeHydrogen(molecule, atom)) {
                atom.setFormalCharge(0);
                changed.add(label);
            } else if (q == -1 && isHeteroatom(atom)) {
                atom.setImplicitHydrogenCount(implicitHydrogens(atom) + 1);
                atom.setFormalCharge(0);
                changed.add(label);
            }
        }
        if (changed.isEmpty()) {
            return null;
        }
        String done = String.join(", ", changed);
        molecule.setProperty(NEUTRALIZED, done);
        return done;
    }

    private static boolean balanced(IAtomContainer molecule, IAtom atom, int q) {
        for (IAtom n : molecule.getConnectedAtomsList(atom)) {
            if (Integer.signum(charge(n)) == -Integer.signum(q)) {
                return true;
            }
        }
        return false;
    }

    private static boolean removeHydrogen(IAtomContainer molecule, IAtom atom) {
        if (implicitHydrogens(atom) > 0) {
            atom.setImplicitHydrogenCount(implicitHydrogens(atom) - 1);
            return true;
        }
        for (IAtom n : molecule.getConnectedAtomsList(atom)) {
            if (n.getAtomicNumber() != null && n.getAtomicNumber() == 1) {
                molecule.removeAtom(n);
                return true;
            }
        }
        return false;
    }

    private static boolean isHeteroatom(IAtom atom) {
        Integer z = atom.getAtomicNumber();
        return z != null && (z == 7 || z == 8 || z == 16);
    }

    private static int charge(IAtom atom) {
        return atom.getFormalCharge() == null ? 0 : atom.getFormalCharge();
    }

    private static int implicitHydrogens(IAtom atom) {
        return atom.getImplicitHydrogenCount() == null ? 0 : atom.getImplicitHydrogenCount();
    }
}
