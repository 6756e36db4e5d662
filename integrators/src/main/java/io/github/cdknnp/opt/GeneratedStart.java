package io.github.cdknnp.opt;

import io.github.cdknnp.ff.BondRestraint;
import io.github.cdknnp.ff.Potential;
import java.util.Arrays;

/**
 * Repairs a generated 3D start before the real optimization. Builders such as CDK's ModelBuilder3D can leave
 * bonds stretched far beyond any chemistry (an open macrocycle, a ring bond of 5 Å) where a potential with
 * no notion of bonds would happily let them break. A first L-BFGS run on the potential plus the graph's
 * {@link BondRestraint}s pulls them back; the unrestrained optimization then starts from there.
 */
public final class GeneratedStart {
    private GeneratedStart() {
    }

    /**
     * Positions {@code start} relaxed on the potential plus the bond restraints (L-BFGS to fmax 0.2 eV/Å, at most 500
     * steps); {@code start} is not modified, and is returned as it is when the potential fails on it.
     */
    public static double[] relax(BondRestraint bonds, Potential potential, double[] start) {
        OptimizationResult r = new Lbfgs().maxSteps(500).minimize(bonds.on(potential), start, 0.2);
        return r.stopReason() == StopReason.CALCULATION_FAILED && r.steps() == 0 ? start : Arrays.copyOf(r.positions(), start.length);
    }
}
