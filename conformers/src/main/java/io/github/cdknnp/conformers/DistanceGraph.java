package io.github.cdknnp.conformers;

import io.github.cdknnp.ff.Elements;
import io.github.cdknnp.ff.UnsupportedElementException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.openscience.cdk.aromaticity.Aromaticity;
import org.openscience.cdk.aromaticity.ElectronDonation;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.graph.Cycles;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;

/**
 * The graph a ConfGF score network scores: atoms typed by their row in the model's element table, and every
 * pair of atoms at most three bonds apart (ConfGF's order-3 extended graph), typed by the bond joining them
 * (single, double, triple, aromatic, by CDK's Daylight aromaticity on a copy) or by the length of the
 * shortest path (2: angle, 3: torsion). Pairs are listed once with {@code i < j}, in ascending (i, j) order.
 * Featurization lives here only: the training recipe exports its graphs through this class.
 */
public final class DistanceGraph {
    /** Edge types. */
    public static final int SINGLE = 0, DOUBLE = 1, TRIPLE = 2, AROMATIC = 3, ANGLE = 4, TORSION = 5;
    /** Number of edge types. */
    public static final int EDGE_TYPES = 6;
    /** Bonds between atoms of an extended edge, at most. */
    public static final int MAX_HOPS = 3;

    private final int[] atomType;
    private final int[] atomicNumber;
    private final int[] edgeI;
    private final int[] edgeJ;
    private final int[] edgeType;

    private DistanceGraph(int[] atomType, int[] atomicNumber, int[] edgeI, int[] edgeJ, int[] edgeType) {
        this.atomType = atomType;
        this.atomicNumber = atomicNumber;
        this.edgeI = edgeI;
        this.edgeJ = edgeJ;
        this.edgeType = edgeType;
    }

    /**
     * Builds the graph of a molecule with explicit hydrogens.
     *
     * @param elements the model's element table (atomic numbers); an atom's type is its row
     * @throws UnsupportedElementException when an atom's element is not in the table
     */
    public static DistanceGraph of(IAtomContainer molecule, int[] elements) {
        int n = molecule.getAtomCount();
        int[] types = new int[n];
        int[] numbers = new int[n];
        for (int i = 0; i < n; i++) {
            Integer z = molecule.getAtom(i).getAtomicNumber();
            numbers[i] = z == null ? 0 : z;
            int row = z == null ? -1 : indexOf(elements, z);
            if (row < 0) {
                throw new UnsupportedElementException(z == null ? 0 : z, i, supported(elements));
            }
            types[i] = row;
        }
        int[][] bondType = bondTypes(molecule);
        List<int[]> adjacency = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            IAtom atom = molecule.getAtom(i);
            adjacency.add(molecule.getConnectedAtomsList(atom).stream().mapToInt(molecule::indexOf).sorted().toArray());
        }
        List<int[]> edges = new ArrayList<>();
        int[] hops = new int[n];
        for (int i = 0; i < n; i++) {
            Arrays.fill(hops, -1);
            hops[i] = 0;
            ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(i));
            while (!queue.isEmpty()) {
                int a = queue.poll();
                if (hops[a] == MAX_HOPS) {
                    continue;
                }
                for (int b : adjacency.get(a)) {
                    if (hops[b] < 0) {
                        hops[b] = hops[a] + 1;
                        queue.add(b);
                    }
                }
            }
            for (int j = i + 1; j < n; j++) {
                if (hops[j] == 1) {
                    edges.add(new int[] {i, j, bondType[i][indexOf(adjacency.get(i), j)]});
                } else if (hops[j] > 1) {
                    edges.add(new int[] {i, j, hops[j] == 2 ? ANGLE : TORSION});
                }
            }
        }
        int[] ei = new int[edges.size()];
        int[] ej = new int[edges.size()];
        int[] et = new int[edges.size()];
        for (int e = 0; e < ei.length; e++) {
            ei[e] = edges.get(e)[0];
            ej[e] = edges.get(e)[1];
            et[e] = edges.get(e)[2];
        }
        return new DistanceGraph(types, numbers, ei, ej, et);
    }

    /** A copy of the molecule with aromatic atoms and bonds flagged (Daylight model; Kekulé input is common). */
    static IAtomContainer withAromaticity(IAtomContainer molecule) {
        try {
            IAtomContainer copy = molecule.clone();
            for (IAtom atom : copy.atoms()) {
                if (atom.getImplicitHydrogenCount() == null) {
                    atom.setImplicitHydrogenCount(0);
                }
            }
            new Aromaticity(ElectronDonation.daylight(), Cycles.or(Cycles.all(), Cycles.all(6))).apply(copy);
            return copy;
        } catch (CloneNotSupportedException | CDKException e) {
            throw new IllegalStateException("cannot perceive aromaticity: " + e.getMessage(), e);
        }
    }

    /** Bond types by [atom][position in its sorted neighbour list], aromaticity perceived on a copy. */
    private static int[][] bondTypes(IAtomContainer molecule) {
        IAtomContainer copy = withAromaticity(molecule);
        int n = copy.getAtomCount();
        int[][] types = new int[n][];
        for (int i = 0; i < n; i++) {
            IAtom atom = copy.getAtom(i);
            int[] neighbours = copy.getConnectedAtomsList(atom).stream().mapToInt(copy::indexOf).sorted().toArray();
            types[i] = new int[neighbours.length];
            for (int k = 0; k < neighbours.length; k++) {
                types[i][k] = typeOf(copy.getBond(atom, copy.getAtom(neighbours[k])));
            }
        }
        return types;
    }

    private static int typeOf(IBond bond) {
        if (bond.isAromatic()) {
            return AROMATIC;
        }
        IBond.Order order = bond.getOrder();
        if (order == IBond.Order.DOUBLE) {
            return DOUBLE;
        }
        return order == IBond.Order.TRIPLE ? TRIPLE : SINGLE;
    }

    private static int indexOf(int[] values, int value) {
        for (int k = 0; k < values.length; k++) {
            if (values[k] == value) {
                return k;
            }
        }
        return -1;
    }

    private static String supported(int[] elements) {
        StringBuilder s = new StringBuilder();
        for (int z : elements) {
            s.append(s.length() == 0 ? "" : " ").append(Elements.symbol(z));
        }
        return s.toString();
    }

    /** Number of atoms. */
    public int atoms() {
        return atomType.length;
    }

    /** Atomic numbers of the atoms. */
    public int[] atomicNumbers() {
        return atomicNumber;
    }

    /** Number of extended edges. */
    public int edges() {
        return edgeI.length;
    }

    /** Atom types (rows of the model's element table). */
    public int[] atomTypes() {
        return atomType;
    }

    /** First atom of each edge (the smaller index). */
    public int[] edgeI() {
        return edgeI;
    }

    /** Second atom of each edge. */
    public int[] edgeJ() {
        return edgeJ;
    }

    /** Type of each edge (one of the constants above). */
    public int[] edgeTypes() {
        return edgeType;
    }

    /** Edge lengths (Å) of one conformer given as {@code [x0, y0, z0, x1, ...]}. */
    public double[] lengths(double[] positions, double[] out) {
        for (int e = 0; e < edgeI.length; e++) {
            int a = 3 * edgeI[e];
            int b = 3 * edgeJ[e];
            double dx = positions[a] - positions[b];
            double dy = positions[a + 1] - positions[b + 1];
            double dz = positions[a + 2] - positions[b + 2];
            out[e] = Math.sqrt(dx * dx + dy * dy + dz * dz);
        }
        return out;
    }
}
