package io.github.cdknnp.task;

import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;

/**
 * Closed-shell valences of the supported elements, so that a radical ({@code [CH3]}) or an impossible atom (a carbon
 * with five bonds) is refused with a message naming the atom instead of being computed as if it were a molecule.
 * Allowed, with formal charge q: H 1 (0 as H⁺ or H⁻); C 4 − |q|; N, O 3 + q, 2 + q; S 2 + q, 4 + q, 6 + q;
 * F, Cl, Br 1 + q (0 as a halide). Atoms with a bond of unknown order, and records without any bond (XYZ), are not
 * judged.
 */
public final class ValenceCheck {
    private ValenceCheck() {
    }

    /** The first atom with a valence no closed-shell molecule has, as a message, or null (always for an XYZ record). */
    public static String problem(IAtomContainer mol) {
        int implicitHydrogens = 0;
        for (IAtom atom : mol.atoms()) {
            implicitHydrogens += atom.getImplicitHydrogenCount() == null ? 0 : atom.getImplicitHydrogenCount();
        }
        if (mol.getBondCount() == 0 && implicitHydrogens == 0) {
            return null;  // coordinates without a graph: nothing to judge
        }
        for (IAtom atom : mol.atoms()) {
            Integer z = atom.getAtomicNumber();
            if (z == null) {
                continue;
            }
            int valence = atom.getImplicitHydrogenCount() == null ? 0 : atom.getImplicitHydrogenCount();
            boolean known = true;
            for (IBond b : mol.getConnectedBondsList(atom)) {
                if (b.getOrder() == null || b.getOrder() == IBond.Order.UNSET) {
                    known = false;
                    break;
                }
                valence += b.getOrder().numeric();
            }
            int q = atom.getFormalCharge() == null ? 0 : atom.getFormalCharge();
            if (known && !allowed(z, q, valence)) {
                return String.format(java.util.Locale.ROOT, "atom %d (%s, charge %+d) has %d bonds to neighbours and "
                        + "hydrogens: a radical or an impossible valence (only closed-shell molecules are supported)",
                        mol.indexOf(atom) + 1, atom.getSymbol(), q, valence);
            }
        }
        return null;
    }

    private static boolean allowed(int z, int q, int valence) {
        return switch (z) {
            case 1 -> valence == 1 - Math.abs(q);
            case 6 -> valence == 4 - Math.abs(q);
            case 7 -> valence == 3 + q;
            case 8 -> valence == 2 + q;
            case 16 -> valence == 2 + q || valence == 4 + q || valence == 6 + q;
            case 9, 17, 35 -> valence == 1 + q;
            default -> true;  // other elements are refused by the force field with their own message
        };
    }
}
