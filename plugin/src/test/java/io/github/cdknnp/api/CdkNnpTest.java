package io.github.cdknnp.api;

import org.openscience.cdk.smiles.SmilesParser;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import io.github.cdknnp.ff.NnpForceField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.cli.Main;
import io.github.cdknnp.io.MoleculeReader;
import io.github.cdknnp.io.MoleculeRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdkNnpTest {
    @Test
    void closeLetsGoOfTheModelsAndTheNextCallLoadsThemAgain() throws Exception {
        NnpForceField before = CdkNnp.forceField();
        assertSame(before, CdkNnp.forceField());
        CdkNnp.close();
        NnpForceField after = CdkNnp.forceField();
        assertNotSame(before, after);
        assertEquals(before.name(), after.name());
        assertTrue(CdkNnp.energyToSdf("CCO", "ethanol").contains("NNP_ENERGY_KCAL_PER_MOL"));
    }

    @TempDir
    Path dir;

    @Test
    void scriptsAndTheCommandLineOptimizeFromTheSameStartToTheSameEnergy() throws Exception {
        String sdf = CdkNnp.optimizeToSdf("CC(=O)Oc1ccccc1C(=O)O", "aspirin");
        Path fromScript = Files.writeString(dir.resolve("script.sdf"), sdf);
        Path in = Files.writeString(dir.resolve("in.smi"), "CC(=O)Oc1ccccc1C(=O)O aspirin\n");
        Path fromCli = dir.resolve("cli.sdf");
        assertEquals(0, Main.run("optimize", "-i", in.toString(), "-o", fromCli.toString(), "--no-progress"));
        double script = energy(fromScript);
        double cli = energy(fromCli);
        assertEquals(cli, script, 1e-3, "kcal/mol: one embedding path (ConfGF) for CdkNnp and optimize");
        assertTrue(sdf.contains("NNP_OPT_CONVERGED"), sdf);
    }

    private static double energy(Path sdf) {
        try (MoleculeReader reader = MoleculeReader.open(List.of(sdf))) {
            MoleculeRecord r = reader.iterator().next();
            return Double.parseDouble(r.molecule().getProperty("NNP_ENERGY_KCAL_PER_MOL").toString());
        }
    }

    @Test
    void textCallsForEnergyConformersAndMdStripSaltsAsTheCommandLineDoes() throws Exception {
        String energy = CdkNnp.energyToSdf("Cl.CCN(CC)CC", "triethylamine hydrochloride");
        assertTrue(energy.contains("NNP_ENERGY_KCAL_PER_MOL") && energy.contains("NNP_STRIPPED_FRAGMENTS"), energy);
        String conformers = CdkNnp.conformersToSdf("CCCCO", "butanol", 3);
        int records = conformers.split("\\$\\$\\$\\$").length - 1;
        assertTrue(records >= 1 && records <= 3, conformers);
        assertTrue(conformers.contains("NNP_CONFORMER_RANK"));
        Path trajectory = dir.resolve("md.xyz");
        CdkNnp.mdToFile("CCO", "ethanol", 0.05, 300, trajectory);
        long frames = Files.readAllLines(trajectory).stream().filter(l -> l.strip().equals("9")).count();
        assertEquals(6, frames, "frames at 0, 10, ..., 50 fs");
    }

    @Test
    void aChargedMoleculeIsComputedWithTheChargedModel() throws Exception {
        String sdf = CdkNnp.optimizeToSdf("[Na+].CC(=O)[O-]", "sodium acetate");
        assertTrue(sdf.contains("NNP_STRIPPED_FRAGMENTS>\nNa+") && sdf.contains("NNP_ENERGY_KCAL_PER_MOL"), sdf);
        assertTrue(sdf.contains("M  CHG  1"), "the carboxylate's charge is written: " + sdf);
        assertEquals(NnpForceField.CHARGED_MODEL_NAME, CdkNnp.forceFieldFor(
                new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles("C[NH3+]")).name());
        assertEquals(NnpForceField.DEFAULT_MODEL_NAME, CdkNnp.forceFieldFor(
                new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles("CN")).name());
    }
}
