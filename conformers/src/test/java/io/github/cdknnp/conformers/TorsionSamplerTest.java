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
            for (IBond b : m.bonds()) {
                int i = m.indexOf(b.getBegin());
                int j = m.indexOf(b.getEnd());
                assertEquals(Geometry.distance(seed, i, j), Geometry.distance(r, i, j), 1e-9, "bond length changed");
            }
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
}
