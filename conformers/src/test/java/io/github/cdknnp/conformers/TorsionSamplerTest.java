package io.github.cdknnp.conformers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.Geometry;
import io.github.cdknnp.ff.cdk.CdkStructure;
import io.github.cdknnp.molecules.TestMolecules;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.io.iterator.IteratingSDFReader;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;
import org.openscience.cdk.stereo.StereoElementFactory;

/** TorsionSampler turns exactly the rotatable bonds, rigidly, keeping stereo and avoiding clashes. */
class TorsionSamplerTest {
    private static IAtomContainer drug(String name) throws Exception {
        try (IteratingSDFReader r = new IteratingSDFReader(new InputStreamReader(
                TestMolecules.class.getResourceAsStream("drugs-gfn2-opt.sdf"), StandardCharsets.UTF_8),
                SilentChemObjectBuilder.getInstance())) {
            while (r.hasNext()) {
                IAtomContainer m = r.next();
                if (name.equals(m.getTitle())) {
                    m.setStereoElements(StereoElementFactory.using3DCoordinates(m).createAll());
                    return m;
                }
            }
        }
        throw new IllegalArgumentException(name);
    }

    @Test
    void rotatableBondsSkipTerminalGroupsRingsAndAmides() throws Exception {
        // ibuprofen: CH–CH2, CH2–ring, ring–CH, CH–COOH (methyls, OH, ring bonds not)
        assertEquals(4, TorsionSampler.of(drug("ibuprofen")).rotatableBonds());
        // paracetamol: only N–ring; the amide C–N and the methyl are not turned
        assertEquals(1, TorsionSampler.of(drug("paracetamol")).rotatableBonds());
        // caffeine: nothing but rings and methyls
        assertEquals(0, TorsionSampler.of(drug("caffeine")).rotatableBonds());
    }

    @Test
    void ringCarbonsBesideRingHeteroatomsTurnAmidesDoNot() throws Exception {
        SmilesParser smiles = new SmilesParser(SilentChemObjectBuilder.getInstance());
        // 2-acetamidothiazole: the thiazole C2–N bond turns (both planar forms are minima), the amide C–N does not
        assertEquals(1, TorsionSampler.of(smiles.parseSmiles("CC(=O)Nc1nccs1")).rotatableBonds());
        // 2-methoxypyridine: the ring C–O bond turns
        assertEquals(1, TorsionSampler.of(smiles.parseSmiles("COc1ccccn1")).rotatableBonds());
        // methyl acetate, N-methylacetamidine: ester and amidine C–O/C–N do not
        assertEquals(0, TorsionSampler.of(smiles.parseSmiles("CC(=O)OC")).rotatableBonds());
        assertEquals(0, TorsionSampler.of(smiles.parseSmiles("CC(=N)NC")).rotatableBonds());
    }

    @Test
    void samplesKeepBondsStereoAndSeparation() throws Exception {
        IAtomContainer m = drug("propranolol");
        double[] seed = CdkStructure.positionsOf(m);
        StereoCheck stereo = StereoCheck.of(m);
        assertEquals(1, stereo.centres());
        TorsionSampler sampler = TorsionSampler.of(m);
        assertTrue(sampler.rotatableBonds() >= 5, "propranolol has a flexible side chain: " + sampler.rotatableBonds());
        List<double[]> samples = sampler.sample(seed, 20, new SplittableRandom(7));
        assertEquals(20, samples.size());
        SymmetricRmsd rmsd = SymmetricRmsd.of(m);
        for (double[] r : samples) {
            assertBondLengthsKept(m, seed, r, "");
            assertEquals(0, stereo.invertedCentres(r));
            for (int i = 0; i < m.getAtomCount(); i++) {
                for (int j = i + 1; j < m.getAtomCount(); j++) {
                    assertTrue(Geometry.distance(r, i, j) > 0.9, "atoms " + i + ", " + j + " too close");
                }
            }
            assertTrue(rmsd.between(seed, r) > 0.1, "a sample equal to its seed");
        }
        assertTrue(rmsd.between(samples.get(0), samples.get(1)) > 0.1, "two equal samples");
    }

    @Test
    void localMovesTurnOneToThreeBondsAndKeepTheRest() throws Exception {
        IAtomContainer m = drug("propranolol");
        double[] seed = CdkStructure.positionsOf(m);
        StereoCheck stereo = StereoCheck.of(m);
        TorsionSampler sampler = TorsionSampler.of(m);
        assertEquals(0, RingCornerFlip.of(m).size(), "propranolol has no saturated ring");
        List<double[]> moved = sampler.perturb(seed, 30, new SplittableRandom(3));
        assertEquals(30, moved.size());
        int[] turnedCount = new int[TorsionSampler.MAX_LOCAL_MOVES + 1];
        for (double[] r : moved) {
            assertBondLengthsKept(m, seed, r, "");
            assertEquals(0, stereo.invertedCentres(r));
            int turned = 0;
            for (int k = 0; k < sampler.rotatableBonds(); k++) {
                int[] uv = sampler.bond(k);
                int a = heavyNeighbour(m, uv[0], uv[1]);
                int d = heavyNeighbour(m, uv[1], uv[0]);
                double change = Math.abs(dihedral(r, a, uv[0], uv[1], d) - dihedral(seed, a, uv[0], uv[1], d));
                change = Math.min(change, 360 - change);
                if (change > 1e-6) {
                    assertTrue(change >= 60 - 1e-6, "a turned bond moves by 60-300 degrees, not " + change);
                    turned++;
                }
            }
            assertTrue(turned >= 1 && turned <= TorsionSampler.MAX_LOCAL_MOVES, turned + " bonds turned");
            turnedCount[turned]++;
        }
        for (int t = 1; t <= TorsionSampler.MAX_LOCAL_MOVES; t++) {
            assertTrue(turnedCount[t] > 0, "no move turned " + t + " bonds in 30 draws");
        }
    }

    /** Every bond of {@code m} as long in {@code r} as in {@code seed} (to 1e-9 Å). */
    private static void assertBondLengthsKept(IAtomContainer m, double[] seed, double[] r, String context) {
        for (IBond b : m.bonds()) {
            int i = m.indexOf(b.getBegin());
            int j = m.indexOf(b.getEnd());
            assertEquals(Geometry.distance(seed, i, j), Geometry.distance(r, i, j), 1e-9, context + "bond length changed");
        }
    }

    private static int heavyNeighbour(IAtomContainer m, int atom, int not) {
        for (IBond b : m.getConnectedBondsList(m.getAtom(atom))) {
            int other = m.indexOf(b.getOther(m.getAtom(atom)));
            if (other != not && m.getAtom(other).getAtomicNumber() > 1) {
                return other;
            }
        }
        throw new IllegalArgumentException("atom " + atom + " has no other heavy neighbour");
    }

    @Test
    void ringCornersAreSaturatedRingAtomsNotBesideAStereocentre() throws Exception {
        assertEquals(6, RingCornerFlip.of(drug("cetirizine")).size(), "the piperazine's six atoms");
        // nicotine's pyrrolidine: not the two atoms beside the stereocentre; the stereocentre itself turns rigidly
        assertEquals(3, RingCornerFlip.of(drug("nicotine")).size());
        assertEquals(0, RingCornerFlip.of(drug("caffeine")).size(), "aromatic rings only (Kekulé bonds in the file)");
    }

    @Test
    void aCornerFlipTurnsTheRingTorsionsAtTheCornerAndKeepsBondsAndStereo() throws Exception {
        int flipped = 0;
        for (String name : List.of("cetirizine", "nicotine", "haloperidol")) {
            IAtomContainer m = drug(name);
            double[] seed = CdkStructure.positionsOf(m);
            StereoCheck stereo = StereoCheck.of(m);
            for (RingCornerFlip flip : RingCornerFlip.of(m)) {
                double[] r = seed.clone();
                flip.apply(r);
                assertBondLengthsKept(m, seed, r, name + ": ");
                assertEquals(0, stereo.invertedCentres(r), name);
                int[] ring = flip.ring();
                int k = indexOf(ring, flip.before());
                int beyond = ring[(k + ring.length + (ring[(k + 1) % ring.length] == flip.corner() ? -1 : 1)) % ring.length];
                double before = dihedral(seed, beyond, flip.before(), flip.corner(), flip.after());
                double after = dihedral(r, beyond, flip.before(), flip.corner(), flip.after());
                if (Math.abs(before) > 40) { // a corner that sticks out of the ring (not one lying nearly in its plane)
                    assertTrue(Math.signum(before) != Math.signum(after),
                            name + ": ring torsion at corner " + flip.corner() + " " + before + " -> " + after + " degrees");
                    flipped++;
                }
            }
        }
        assertTrue(flipped >= 6, flipped + " corners flipped");
    }

    private static int indexOf(int[] a, int v) {
        for (int k = 0; k < a.length; k++) {
            if (a[k] == v) {
                return k;
            }
        }
        throw new IllegalArgumentException();
    }

    /** Dihedral angle i-j-k-l, degrees. */
    private static double dihedral(double[] r, int i, int j, int k, int l) {
        double[] b1 = sub(r, j, i);
        double[] b2 = sub(r, k, j);
        double[] b3 = sub(r, l, k);
        double[] n1 = cross(b1, b2);
        double[] n2 = cross(b2, b3);
        double[] m = cross(n1, b2);
        double norm = Math.sqrt(b2[0] * b2[0] + b2[1] * b2[1] + b2[2] * b2[2]);
        double x = n1[0] * n2[0] + n1[1] * n2[1] + n1[2] * n2[2];
        double y = (m[0] * n2[0] + m[1] * n2[1] + m[2] * n2[2]) / norm;
        return Math.toDegrees(Math.atan2(y, x));
    }

    private static double[] sub(double[] r, int i, int j) {
        return new double[] {r[3 * i] - r[3 * j], r[3 * i + 1] - r[3 * j + 1], r[3 * i + 2] - r[3 * j + 2]};
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }
}
