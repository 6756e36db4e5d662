package io.github.cdknnp.conformers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.NnpException;
import io.github.cdknnp.ff.NnpForceField;
import io.github.cdknnp.ff.UnsupportedElementException;
import io.github.cdknnp.ff.cdk.CdkStructure;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmiFlavor;
import org.openscience.cdk.smiles.SmilesGenerator;
import org.openscience.cdk.smiles.SmilesParser;
import org.openscience.cdk.stereo.StereoElementFactory;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;

/** Conformers from SMILES with the embedded score network and NNP: geometry, stereo, ranking, determinism. */
class ConformerGeneratorTest {
    private static ConformerGenerator generator;
    private static NnpForceField forceField;

    @BeforeAll
    static void build() {
        forceField = NnpForceField.load("cpu");
        generator = seeded().conformers(4).samples(6).torsionSamples(0).build();
    }

    /** A builder on the cpu backends with the test force field and seed, drawing exactly the samples asked for. */
    private static ConformerGenerator.Builder seeded() {
        return ConformerGenerator.builder().scoreBackend("cpu").forceField(forceField).seed(7).minSamples(1).localSamples(0);
    }

    private static IAtomContainer smiles(String s) throws Exception {
        IAtomContainer m = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(s);
        m.setTitle("input");
        m.setProperty("CATALOG_ID", "X-1");
        return m;
    }

    /** Isomeric SMILES with the stereo perceived from a conformer's 3D coordinates. */
    private static String stereoFrom3d(IAtomContainer conformer) throws Exception {
        IAtomContainer copy = conformer.clone();
        copy.setStereoElements(StereoElementFactory.using3DCoordinates(copy).createAll());
        return new SmilesGenerator(SmiFlavor.Stereo).create(copy);
    }

    /** Isomeric SMILES of the input with explicit hydrogens: what every conformer's 3D stereo must give back. */
    private static String declaredStereo(IAtomContainer input) throws Exception {
        IAtomContainer explicit = input.clone();
        AtomContainerManipulator.convertImplicitToExplicitHydrogens(explicit);
        return new SmilesGenerator(SmiFlavor.Stereo).create(explicit);
    }

    @Test
    void conformersKeepTheInputStereoAndAreRankedByEnergy() throws Exception {
        // (R)-butan-2-ol with an E double bond: one centre and one double bond to keep
        IAtomContainer input = smiles("C/C=C/[C@@H](O)CC");
        String expected = declaredStereo(input);
        ConformerGenerator.Result result = generator.generate(input);
        List<IAtomContainer> conformers = result.conformers();
        assertFalse(conformers.isEmpty(), result.toString());
        assertTrue(conformers.size() <= 4);
        assertEquals(6, result.sampled());
        double previous = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < conformers.size(); k++) {
            IAtomContainer c = conformers.get(k);
            assertEquals(String.valueOf(k + 1), c.getProperty(ConformerGenerator.RANK));
            double relative = Double.parseDouble(c.getProperty(ConformerGenerator.RELATIVE_ENERGY).toString());
            assertTrue(relative >= previous && relative <= 6.0001, "relative energy " + relative);
            assertEquals(relative, result.relativeEnergiesKcal()[k], 1e-4, "the numbers behind the SD property");
            assertEquals(Double.parseDouble(c.getProperty(io.github.cdknnp.ff.cdk.CdkStructure.ENERGY_EV).toString()),
                    result.energiesEv()[k], 1e-5);
            previous = relative;
            assertEquals("X-1", c.getProperty("CATALOG_ID"));
            assertEquals(expected, stereoFrom3d(c), "stereo of conformer " + (k + 1));
            for (IBond b : c.bonds()) {
                double d = b.getBegin().getPoint3d().distance(b.getEnd().getPoint3d());
                assertTrue(d > 0.9 && d < 1.7, "bond length " + d + " Å in conformer " + (k + 1));
            }
        }
        assertEquals(0.0, Double.parseDouble(conformers.get(0).getProperty(ConformerGenerator.RELATIVE_ENERGY).toString()));
        assertNull(input.getAtom(0).getPoint3d(), "the input is not modified");
    }

    @Test
    void equalSeedsGiveEqualConformers() throws Exception {
        IAtomContainer a = generator.generate(smiles("OCCOc1ccccc1")).conformers().get(0);
        IAtomContainer b = generator.generate(smiles("OCCOc1ccccc1")).conformers().get(0);
        for (int i = 0; i < a.getAtomCount(); i++) {
            assertEquals(0, a.getAtom(i).getPoint3d().distance(b.getAtom(i).getPoint3d()), 1e-9);
        }
    }

    @Test
    void unsupportedElementsAreNamed() throws Exception {
        UnsupportedElementException e = assertThrows(UnsupportedElementException.class, () -> generator.generate(smiles("C[Si](C)(C)C")));
        assertTrue(e.getMessage().contains("Si"), e.getMessage());
    }

    @Test
    void anEmptyMoleculeIsRefusedClearly() {
        NnpException e = assertThrows(NnpException.class,
                () -> generator.generate(SilentChemObjectBuilder.getInstance().newAtomContainer()));
        assertTrue(e.getMessage().contains("no atoms"), e.getMessage());
    }

    @Test
    void otherCountsShareTheModelsAndGiveTheSameFirstSamples() throws Exception {
        // without screening every sample is refined in one batch, whatever the count asked for
        ConformerGenerator unscreened = seeded().conformers(4).samples(6).torsionSamples(0).screen(0).build();
        ConformerGenerator.Result fewer = unscreened.withCounts(1, 6).generate(smiles("OCCOc1ccccc1"));
        ConformerGenerator.Result all = unscreened.generate(smiles("OCCOc1ccccc1"));
        assertEquals(1, fewer.conformers().size());
        assertEquals(all.conformers().get(0).<String>getProperty("NNP_ENERGY_EV"), fewer.conformers().get(0).<String>getProperty("NNP_ENERGY_EV"));
    }

    @Test
    void fewConformersAreChosenFromAtLeastTheMinimumSamples() throws Exception {
        ConformerGenerator floored = seeded().minSamples(ConformerGenerator.DEFAULT_MIN_SAMPLES).conformers(1)
                .torsionSamples(0).screen(0).build();
        ConformerGenerator.Result one = floored.generate(smiles("OCCOc1ccccc1"));
        assertEquals(ConformerGenerator.DEFAULT_MIN_SAMPLES, one.sampled());
        assertEquals(1, one.conformers().size());
        assertEquals(ConformerGenerator.DEFAULT_MIN_SAMPLES, floored.withCounts(2, 1).generate(smiles("OCCOc1ccccc1")).sampled());
        assertEquals(12, floored.withCounts(6, 12).generate(smiles("OCCOc1ccccc1")).sampled());
        assertThrows(IllegalArgumentException.class, () -> ConformerGenerator.builder().minSamples(0));
    }

    @Test
    void torsionSamplesAddDistinctConformersThatKeepTheStereo() throws Exception {
        IAtomContainer input = smiles("C/C=C/[C@@H](O)CCOc1ccccc1");
        String expected = declaredStereo(input);
        ConformerGenerator.Builder b = seeded().conformers(12).samples(3);
        ConformerGenerator.Result plain = b.torsionSamples(0).build().generate(input);
        ConformerGenerator.Result torsion = b.torsionSamples(3).build().generate(input);
        assertEquals(3, torsion.sampled());
        assertTrue(torsion.conformers().size() > plain.conformers().size(),
                torsion.conformers().size() + " conformers with torsion samples, " + plain.conformers().size() + " without");
        for (IAtomContainer c : torsion.conformers()) {
            assertEquals(expected, stereoFrom3d(c));
        }
    }

    @Test
    void localSamplesAddConformersNoHigherThanWithoutAndKeepTheStereo() throws Exception {
        IAtomContainer input = smiles("C/C=C/[C@@H](O)CCOc1ccccc1");
        String expected = declaredStereo(input);
        ConformerGenerator.Builder b = seeded().conformers(12).samples(3).torsionSamples(0);
        ConformerGenerator.Result plain = b.localSamples(0).build().generate(input);
        ConformerGenerator.Result local = b.localSamples(3).build().generate(input);
        assertTrue(local.conformers().size() > plain.conformers().size(),
                local.conformers().size() + " conformers with local samples, " + plain.conformers().size() + " without");
        // the same ConfGF starts refine the same way; local starts can only add lower minima
        assertTrue(energy(local.conformers().get(0)) <= energy(plain.conformers().get(0)) + 1e-6,
                energy(local.conformers().get(0)) + " eV with local samples, " + energy(plain.conformers().get(0)) + " without");
        for (IAtomContainer c : local.conformers()) {
            assertEquals(expected, stereoFrom3d(c));
        }
        assertThrows(IllegalArgumentException.class, () -> ConformerGenerator.builder().localSamples(-1));
    }

    @Test
    void startsThatCollapseIntoAHoleOfTheNnpAreDroppedNotFatal() throws Exception {
        // a validation drug on which, with these settings, refinement pulled two hydrogens onto each other: the
        // collapsed result then stopped the whole molecule ("atoms 40 and 41 overlap") before the guard
        IAtomContainer input = smiles("O=C(O)CN1C(=O)COc2ccc(S(=O)(=O)N3CCCCCC3)cc21");
        ConformerGenerator.Result r = ConformerGenerator.builder().scoreBackend("cpu").forceField(forceField).build()
                .generate(input);
        assertFalse(r.conformers().isEmpty());
        assertTrue(r.broken() > 0, "the collapsed starts are counted as broken");
        List<double[]> positions = r.conformers().stream().map(CdkStructure::positionsOf).toList();
        TypicalBondLengths typical = TypicalBondLengths.of(r.conformers().get(0), positions);
        for (double[] p : positions) {
            assertFalse(typical.distorted(p), "every returned conformer has the typical bond lengths");
        }
    }

    private static double energy(IAtomContainer conformer) {
        return Double.parseDouble(conformer.getProperty(CdkStructure.ENERGY_EV));
    }

    @Test
    void screenedStartsEndConvergedAndOnlyTheLowestAreRefinedFully() throws Exception {
        IAtomContainer input = smiles("C/C=C/[C@@H](O)CCOc1ccccc1");
        String expected = declaredStereo(input);
        ConformerGenerator.Result r = seeded().conformers(2).samples(8).torsionSamples(1).screen(0.3).build().generate(input);
        assertEquals(2, r.conformers().size());
        // 16 starts: at most ceil(1.25 * 2) = 3 went on to 0.05 eV/Å, the rest are counted as removed
        assertTrue(r.duplicates() >= 16 - 3 - r.broken() - r.stereoDropped(), "removed " + r.duplicates());
        for (IAtomContainer c : r.conformers()) {
            assertEquals("true", c.getProperty("NNP_OPT_CONVERGED"));
            assertTrue(Double.parseDouble(c.getProperty("NNP_OPT_FMAX_EV_PER_A")) <= 0.05);
            assertEquals(expected, stereoFrom3d(c));
        }
        assertThrows(IllegalArgumentException.class, () -> ConformerGenerator.builder().screen(-1));
    }
}
