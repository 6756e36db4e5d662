package io.github.cdknnp.md;

import io.github.cdknnp.ff.Units;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Initial velocities from the Maxwell–Boltzmann distribution: each component Gaussian with variance
 * {@code kT/m}, then the centre-of-mass velocity removed (zero total momentum). With that removal the
 * expected temperature over {@code 3N − 3} degrees of freedom is exactly T; {@link #assignExact} also rescales
 * one draw to exactly T.
 *
 * <pre>{@code
 * MaxwellBoltzmann.assign(state, 300, 42);
 * }</pre>
 */
public final class MaxwellBoltzmann {
    private MaxwellBoltzmann() {
    }

    /** Sets the state's velocities at {@code temperatureK} from a generator seeded with {@code seed}. */
    public static void assign(MdState state, double temperatureK, long seed) {
        assign(state, temperatureK, RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
    }

    /** As {@link #assign(MdState, double, long)}, then rescaled so that the temperature is exactly T. */
    public static void assignExact(MdState state, double temperatureK, long seed) {
        assign(state, temperatureK, seed);
        double t = state.temperatureK();
        if (t > 0) {
            state.scaleVelocities(Math.sqrt(temperatureK / t));
        }
    }

    /** Sets the state's velocities at {@code temperatureK}, drawing from {@code random}. */
    public static void assign(MdState state, double temperatureK, UniformRandomProvider random) {
        if (!(temperatureK >= 0) || Double.isInfinite(temperatureK)) {
            throw new IllegalArgumentException("temperature must be ≥ 0 K, got " + temperatureK);
        }
        double[] v = velocities(state.masses(), temperatureK, random);
        System.arraycopy(v, 0, state.velocities(), 0, v.length);
        state.removeNetMomentum();
    }

    /** Velocities (Å/fs) for atoms of the given masses (amu), before momentum removal. */
    static double[] velocities(double[] massesAmu, double temperatureK, UniformRandomProvider random) {
        ZigguratSampler.NormalizedGaussian xi = ZigguratSampler.NormalizedGaussian.of(random);
        double kT = Units.BOLTZMANN_EV_PER_K * temperatureK * Units.ANGSTROM_PER_FS2_PER_EV_PER_ANGSTROM_AMU;
        double[] v = new double[3 * massesAmu.length];
        for (int i = 0; i < massesAmu.length; i++) {
            double sigma = Math.sqrt(kT / massesAmu[i]);
            for (int d = 0; d < 3; d++) {
                v[3 * i + d] = sigma * xi.sample();
            }
        }
        return v;
    }
}
