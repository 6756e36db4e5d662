package io.github.cdknnp.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.ForceField;
import io.github.cdknnp.ff.cdk.CdkStructure;
import io.github.cdknnp.trajectory.TrajectoryWriter;
import io.github.cdknnp.trajectory.TrajectoryWriters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openscience.cdk.interfaces.IAtomContainer;

/** The few-line CDK program: bind, run, coordinates written back. */
class CdkRunTest {
    @TempDir
    Path dir;

    @Test
    void langevinOnAMoleculeWritesCoordinatesBackAndATrajectory() throws Exception {
        IAtomContainer molecule = Fixtures.ethanol();
        ForceField ff = Fixtures.springs(molecule);
        double[] before = CdkStructure.of(molecule, CdkStructure.Options.STRICT).positions();
        Path xyz = dir.resolve("ethanol.xyz");
        MdResult r;
        try (TrajectoryWriter out = TrajectoryWriters.open(xyz, molecule)) {
            r = LangevinBaoab.on(ff).temperatureK(300).timestepFs(2).frictionPerPs(1).seed(42)
                    .hydrogenMassAmu(HydrogenMassRepartitioning.DEFAULT_HYDROGEN_MASS_AMU)
                    .run(molecule, 500, MdObserver.writingTo(out).every(50));
        }
        assertTrue(r.completed(), r.message());
        assertEquals(500, r.state().step());
        assertEquals(1000.0, r.state().timeFs(), 1e-9);
        double[] after = CdkStructure.of(molecule, CdkStructure.Options.STRICT).positions();
        assertNotEquals(before[0], after[0]);
        assertEquals(r.state().positions()[0], after[0]);
        assertNotNull(molecule.getProperty(CdkStructure.ENERGY_EV));
        List<String> lines = Files.readAllLines(xyz);
        assertEquals(11 * (molecule.getAtomCount() + 2), lines.size(), "frames at steps 0, 50, ..., 500");
        assertTrue(lines.get(1).startsWith("step=0 "), lines.get(1));

        IAtomContainer again = Fixtures.ethanol();
        MdResult r2 = LangevinBaoab.on(ff).temperatureK(300).timestepFs(2).frictionPerPs(1).seed(42)
                .hydrogenMassAmu(HydrogenMassRepartitioning.DEFAULT_HYDROGEN_MASS_AMU).run(again, 500);
        org.junit.jupiter.api.Assertions.assertArrayEquals(r.state().positions(), r2.state().positions(),
                "same seed, same trajectory");
    }

    @Test
    void nveFromAnInitialTemperature() {
        IAtomContainer molecule = Fixtures.ethanol();
        MdResult r = VelocityVerlet.on(Fixtures.springs(molecule)).timestepFs(0.5).initialTemperatureK(300).seed(3)
                .run(molecule, 200);
        assertTrue(r.completed(), r.message());
        assertTrue(r.state().temperatureK() > 10, "started hot");
    }

    @Test
    void nveDefaultsToRest() {
        IAtomContainer molecule = Fixtures.ethanol();
        MdResult r = VelocityVerlet.on(Fixtures.springs(molecule)).run(molecule, 10);
        assertEquals(0, r.state().kineticEv(), 1e-12, "at rest in its minimum");
    }
}
