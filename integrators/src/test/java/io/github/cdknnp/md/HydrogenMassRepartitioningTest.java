package io.github.cdknnp.md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.AtomicSystem;
import io.github.cdknnp.ff.ForceField;
import io.github.cdknnp.ff.Units;
import io.github.cdknnp.ff.cdk.CdkStructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openscience.cdk.interfaces.IAtomContainer;

/** HMR on ethanol held together by harmonic bond and 1–3 springs (MMFF-like stiffness). */
class HydrogenMassRepartitioningTest {
    private static IAtomContainer ethanol;
    private static ForceField springs;

    @BeforeAll
    static void molecule() {
        ethanol = Fixtures.ethanol();
        springs = Fixtures.springs(ethanol);
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    @Test
    void keepsTotalMassAndMovesItFromTheBondedHeavyAtom() {
        CdkStructure s = CdkStructure.of(ethanol, CdkStructure.Options.STRICT);
        double[] standard = s.system().masses();
        double[] hmr = HydrogenMassRepartitioning.fromBonds(s.system(), CdkStructure.bondsOf(ethanol), 3.024);
        double hydrogen = standard[indexOfH(s)];
        assertEquals(sum(standard), sum(hmr), 1e-12);
        for (int i = 0; i < hmr.length; i++) {
            int z = s.system().atomicNumber(i);
            int hydrogens = 0;
            for (var nb : ethanol.getConnectedAtomsList(ethanol.getAtom(i))) {
                hydrogens += nb.getAtomicNumber() == 1 ? 1 : 0;
            }
            double expected = z == 1 ? 3.024 : standard[i] - hydrogens * (3.024 - hydrogen);
            assertEquals(expected, hmr[i], 1e-12, "atom " + (i + 1));
        }
        assertArrayEquals(hmr, HydrogenMassRepartitioning.fromDistances(s.system(), s.positions(), 3.024), 1e-12);
    }

    private static int indexOfH(CdkStructure s) {
        for (int i = 0; i < s.system().size(); i++) {
            if (s.system().atomicNumber(i) == 1) {
                return i;
            }
        }
        throw new AssertionError("no hydrogen");
    }

    @Test
    void refusesToLeaveAHeavyAtomWithoutMass() {
        // a methane carbon would lose 4 × 2.79 amu and keep 0.84 amu
        assertThrows(IllegalArgumentException.class, () -> HydrogenMassRepartitioning.repartition(
                new int[] {6, 1, 1, 1, 1}, new int[] {-1, 0, 0, 0, 0}, 3.8));
        double[] h2 = HydrogenMassRepartitioning.fromDistances(AtomicSystem.neutral(1, 1),
                new double[] {0, 0, 0, 0.74, 0, 0}, 3.024);
        assertEquals(1.008, h2[0], 0.001, "H2 has no heavy atom: left alone");
    }

    /** RMS fluctuation of the total energy (eV) over 1 ps of NVE at 300 K. */
    private static double energyRms(double dtFs, double hydrogenMass) {
        CdkStructure s = CdkStructure.of(ethanol, CdkStructure.Options.STRICT);
        double[] masses = hydrogenMass > 0 ? HydrogenMassRepartitioning.fromBonds(s.system(), CdkStructure.bondsOf(ethanol), hydrogenMass)
                : s.system().masses();
        MdState state = new MdState(s.system(), s.positions(), new double[s.positions().length], masses);
        MaxwellBoltzmann.assignExact(state, 300, 2024);
        int steps = (int) Math.round(1000 / dtFs);
        double[] e = new double[steps];
        MdResult r = VelocityVerlet.on(springs).timestepFs(dtFs).attach(st -> {
            if (st.step() > 0) {
                e[(int) st.step() - 1] = st.totalEv();
            }
            return true;
        }, 1).run(state, steps);
        assertTrue(r.completed(), r.message());
        return Math.sqrt(Fixtures.meanVariance(e)[1]);
    }

    /**
     * With realistic X–H stiffness, 2 fs stays (barely) stable without HMR but its energy error is a quarter
     * of kT; repartitioned, it is about four times smaller.
     */
    @Test
    void twoFemtosecondStepsConserveEnergyMuchBetterWithHmr() {
        double kT = Units.BOLTZMANN_EV_PER_K * 300;
        double plain = energyRms(2, 0);
        double hmr = energyRms(2, HydrogenMassRepartitioning.DEFAULT_HYDROGEN_MASS_AMU);
        double reference = energyRms(0.5, 0);
        System.out.printf("ethanol NVE rms(E_tot)/kT: 2 fs %.4f, 2 fs + HMR %.4f, 0.5 fs %.4f%n",
                plain / kT, hmr / kT, reference / kT);
        // velocity Verlet's energy error grows like (ω dt)²; heavier hydrogens lower the fastest ω
        assertTrue(hmr < 0.4 * plain, "HMR should cut the energy error at 2 fs at least 2.5x");
        assertTrue(hmr < 0.1 * kT, "2 fs with HMR conserves energy to a tenth of kT");
    }
}
