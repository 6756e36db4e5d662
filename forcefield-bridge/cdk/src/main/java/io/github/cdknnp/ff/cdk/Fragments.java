package io.github.cdknnp.ff.cdk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.openscience.cdk.graph.ConnectivityChecker;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * Salts and mixtures: keeps the largest connected fragment of a molecule (most heavy atoms, then most atoms),
 * in place, so the container keeps its identity and SD properties.
 *
 * <pre>{@code
 * String removed = Fragments.keepLargest(mol);   // "Cl" for an HCl salt, null when there was one fragment
 * }</pre>
 */
public final class Fragments {
    /** SD property listing the fragments removed (their formulas), when any were. */
    public static final String STRIPPED = "NNP_STRIPPED_FRAGMENTS";

    private Fragments() {
    }

    /**
     * Removes every fragment but the largest and records them in {@link #STRIPPED}. A molecule without any
     * bonds (XYZ input: connectivity unknown) is left as it is.
     *
     * @return the removed fragments as a space-separated list of formulas, or null when there was only one
     */
    public static String keepLargest(IAtomContainer molecule) {
        if (molecule.getBondCount() == 0 || ConnectivityChecker.isConnected(molecule)) {
            return null;
        }
        List<IAtomContainer> parts = StreamSupport.stream(
                ConnectivityChecker.partitionIntoMolecules(molecule).atomContainers().spliterator(), false)
                .sorted(Comparator.comparingLong(Fragments::heavyAtoms).thenComparingInt(IAtomContainer::getAtomCount).reversed())
                .toList();
        StringBuilder removed = new StringBuilder();
        for (IAtomContainer part : parts.subList(1, parts.size())) {
            removed.append(removed.length() > 0 ? " " : "").append(formula(part));
            for (IAtom atom : part.atoms()) {
                molecule.removeAtom(molecule.getAtom(molecule.indexOf(atom)));
            }
        }
        molecule.setProperty(STRIPPED, removed.toString());
        return removed.toString();
    }

    private static long heavyAtoms(IAtomContainer part) {
        return StreamSupport.stream(part.atoms().spliterator(), false)
                .filter(a -> a.getAtomicNumber() == null || a.getAtomicNumber() > 1).count();
    }

    /** Hill formula with implicit hydrogens and the net charge, e.g. {@code Cl-} or {@code C2H4O2}. */
    static String formula(IAtomContainer part) {
        Map<String, Integer> counts = new TreeMap<>();
        int charge = 0;
        for (IAtom a : part.atoms()) {
            counts.merge(a.getSymbol(), 1, Integer::sum);
            Integer h = a.getImplicitHydrogenCount();
            if (h != null && h > 0) {
                counts.merge("H", h, Integer::sum);
            }
            charge += a.getFormalCharge() == null ? 0 : a.getFormalCharge();
        }
        StringBuilder sb = new StringBuilder();
        List<String> order = new ArrayList<>();
        if (counts.containsKey("C")) {
            order.add("C");
            if (counts.containsKey("H")) {
                order.add("H");
            }
        }
        counts.keySet().stream().filter(k -> !order.contains(k)).forEach(order::add);
        for (String symbol : order) {
            int n = counts.get(symbol);
            sb.append(symbol).append(n > 1 ? Integer.toString(n) : "");
        }
        if (charge != 0) {
            sb.append(Math.abs(charge) > 1 ? Integer.toString(Math.abs(charge)) : "").append(charge > 0 ? '+' : '-');
        }
        return sb.toString();
    }
}
