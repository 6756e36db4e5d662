package io.github.cdknnp.conformers;

import io.github.cdknnp.ff.Geometry;
import io.github.cdknnp.ff.NeighborList;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;

/**
 * New conformers from a refined one by turning its rotatable bonds to random angles: every acyclic single bond
 * between two atoms that each carry another heavy atom, except the C–N/C–O bond of amides, esters and their
 * thio/imino analogues (whose cis/trans preference a random turn would undo), after flipping each corner of a
 * saturated ring with probability 1/2 ({@link RingCornerFlip}: chair, boat and envelope forms the seed's ring may
 * not have). Bond lengths and every declared stereo element stay those of the seed; a draw in which two atoms
 * more than three bonds apart come closer than {@value ConfGfSampler#CLASH_FRACTION} of their van der Waals radii sum is redrawn. Such
 * starts refine into the other torsional basins of the molecule, the freedom that distance geometry (ETKDG) and
 * torsional diffusion get their coverage from and that a distance-score sampler trained on few molecules misses.
 */
public final class TorsionSampler {
    private static final int ATTEMPTS = 50;
    /** At most this many bonds turned or corners flipped by one {@link #perturb} move. */
    static final int MAX_LOCAL_MOVES = 3;

    private final List<int[]> bonds = new ArrayList<>();
    private final List<int[]> sides = new ArrayList<>();
    private final List<RingCornerFlip> corners;
    private final double[] clashRadius;
    private final double clashReach;
    private final BitSet near;
    private final int atoms;

    private TorsionSampler(IAtomContainer molecule) {
        atoms = molecule.getAtomCount();
        int[] atomicNumbers = new int[atoms];
        for (int i = 0; i < atoms; i++) {
            atomicNumbers[i] = molecule.getAtom(i).getAtomicNumber();
        }
        clashRadius = ConfGfSampler.clashRadii(atomicNumbers);
        clashReach = ConfGfSampler.clashReach(clashRadius);
        near = withinThreeBonds(molecule);
        corners = RingCornerFlip.of(molecule);
        for (IBond b : molecule.bonds()) {
            if (b.getOrder() != IBond.Order.SINGLE || b.isAromatic() || !branched(molecule, b.getBegin(), b)
                    || !branched(molecule, b.getEnd(), b) || amideLike(molecule, b)) {
                continue;
            }
            int u = molecule.indexOf(b.getBegin());
            int v = molecule.indexOf(b.getEnd());
            int[] side = BondRotation.side(molecule, u, v);
            if (side != null) {
                boolean flip = 2 * side.length > atoms;
                bonds.add(flip ? new int[] {v, u} : new int[] {u, v});
                sides.add(flip ? BondRotation.side(molecule, v, u) : side);
            }
        }
    }

    /** The rotatable bonds of a molecule with explicit hydrogens (atom indices of this container). */
    public static TorsionSampler of(IAtomContainer molecule) {
        return new TorsionSampler(molecule);
    }

    /** Number of bonds this sampler turns. */
    public int rotatableBonds() {
        return bonds.size();
    }

    /** The atoms {u, v} of rotatable bond {@code k}. */
    int[] bond(int k) {
        return bonds.get(k).clone();
    }

    /**
     * Up to {@code count} new conformers from {@code seed} ({@code [x0, y0, z0, x1, ...]}, Å, not modified), each
     * with every rotatable bond set to a uniformly random angle; fewer when clashes leave no valid draw.
     */
    public List<double[]> sample(double[] seed, int count, SplittableRandom random) {
        return draw(seed, count, r -> {
            for (RingCornerFlip corner : corners) {
                if (random.nextBoolean()) {
                    corner.apply(r);
                }
            }
            for (int k = 0; k < bonds.size(); k++) {
                BondRotation.rotate(r, bonds.get(k)[0], bonds.get(k)[1], sides.get(k), 2 * Math.PI * random.nextDouble());
            }
        });
    }

    /**
     * Up to {@code count} neighbours of {@code seed}, the moves of a Monte Carlo multiple-minimum search (Chang, Guida
     * and Still, 1989): each turns 1 to {@value #MAX_LOCAL_MOVES} randomly chosen rotatable bonds by 60–300° or flips
     * as many ring corners, and leaves the rest of the seed as it is. Refined, they reach the basins next to a
     * low-energy minimum, which a redraw of every torsion finds only by chance in a flexible molecule.
     */
    public List<double[]> perturb(double[] seed, int count, SplittableRandom random) {
        int options = bonds.size() + corners.size();
        return draw(seed, count, r -> {
            int moves = 1 + random.nextInt(Math.min(MAX_LOCAL_MOVES, options));
            BitSet chosen = new BitSet(options);
            while (chosen.cardinality() < moves) {
                chosen.set(random.nextInt(options));
            }
            for (int k = chosen.nextSetBit(0); k >= 0; k = chosen.nextSetBit(k + 1)) {
                if (k < bonds.size()) {
                    double angle = Math.PI / 3 + random.nextDouble() * 4 * Math.PI / 3;
                    BondRotation.rotate(r, bonds.get(k)[0], bonds.get(k)[1], sides.get(k), angle);
                } else {
                    corners.get(k - bonds.size()).apply(r);
                }
            }
        });
    }

    /** {@code count} clash-free results of {@code move} applied to copies of {@code seed}, redrawn on a clash. */
    private List<double[]> draw(double[] seed, int count, Consumer<double[]> move) {
        List<double[]> out = new ArrayList<>(count);
        if (bonds.isEmpty() && corners.isEmpty()) {
            return out;
        }
        for (int c = 0; c < count; c++) {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                double[] r = seed.clone();
                move.accept(r);
                if (!clashes(r)) {
                    out.add(r);
                    break;
                }
            }
        }
        return out;
    }

    private boolean clashes(double[] r) {
        NeighborList close = NeighborList.build(r, clashReach);
        for (int p = 0; p < close.size(); p++) {
            int i = close.first(p);
            int j = close.second(p);
            if (!near.get(i * atoms + j) && Geometry.distance(r, i, j) < clashRadius[i] + clashRadius[j]) {
                return true;
            }
        }
        return false;
    }

    /** Pairs (both orders) at most three bonds apart, and each atom with itself. */
    private static BitSet withinThreeBonds(IAtomContainer molecule) {
        int n = molecule.getAtomCount();
        BitSet near = new BitSet(n * n);
        for (int s = 0; s < n; s++) {
            List<Integer> frontier = List.of(s);
            near.set(s * n + s);
            for (int depth = 0; depth < 3; depth++) {
                List<Integer> next = new ArrayList<>();
                for (int a : frontier) {
                    for (IAtom nb : molecule.getConnectedAtomsList(molecule.getAtom(a))) {
                        int b = molecule.indexOf(nb);
                        if (!near.get(s * n + b)) {
                            near.set(s * n + b);
                            next.add(b);
                        }
                    }
                }
                frontier = next;
            }
        }
        return near;
    }

    /** Whether {@code atom} has a heavy neighbour other than across {@code bond}. */
    private static boolean branched(IAtomContainer molecule, IAtom atom, IBond bond) {
        for (IBond b : molecule.getConnectedBondsList(atom)) {
            if (b != bond && b.getOther(atom).getAtomicNumber() > 1) {
                return true;
            }
        }
        return false;
    }

    /**
     * C(=O|S|N)–N or C(=O|S|N)–O with an acyclic double bond: amides, esters, carbamates, thioamides, amidines. An
     * aromatic or other ring carbon whose double bond stays in its ring (the C2 of 2-aminothiazoles, 2-aminopyrimidines,
     * 2-methoxypyridines) turns: its two planar forms are both minima, and refinement does not cross between them.
     */
    private static boolean amideLike(IAtomContainer molecule, IBond bond) {
        return amideLike(molecule, bond.getBegin(), bond.getEnd()) || amideLike(molecule, bond.getEnd(), bond.getBegin());
    }

    private static boolean amideLike(IAtomContainer molecule, IAtom carbon, IAtom other) {
        int z = other.getAtomicNumber();
        if (carbon.getAtomicNumber() != 6 || (z != 7 && z != 8)) {
            return false;
        }
        for (IBond b : molecule.getConnectedBondsList(carbon)) {
            int y = b.getOther(carbon).getAtomicNumber();
            if (b.getOrder() == IBond.Order.DOUBLE && (y == 8 || y == 16 || y == 7)
                    && BondRotation.side(molecule, molecule.indexOf(carbon), molecule.indexOf(b.getOther(carbon))) != null) {
                return true;
            }
        }
        return false;
    }
}
