package io.github.cdknnp.md;

import io.github.cdknnp.ff.ForceField;
import io.github.cdknnp.ff.Potential;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * What every thermostatted integrator shares: the bath temperature (required, also the default initial
 * temperature) and a standard-normal sampler drawing from the run's seeded random source.
 *
 * @param <T> the concrete integrator, so that settings chain
 */
public abstract class ThermostattedIntegrator<T extends ThermostattedIntegrator<T>> extends Integrator<T> {
    private double temperatureK = Double.NaN;
    private UniformRandomProvider gaussianSource;
    private ZigguratSampler.NormalizedGaussian gaussian;

    protected ThermostattedIntegrator(ForceField forceField) {
        super(forceField);
    }

    protected ThermostattedIntegrator(Potential potential) {
        super(potential);
    }

    /** Bath temperature, K (required). */
    @SuppressWarnings("unchecked")
    public T temperatureK(double temperatureK) {
        if (!(temperatureK >= 0) || Double.isInfinite(temperatureK)) {
            throw new IllegalArgumentException("temperature must be ≥ 0 K, got " + temperatureK);
        }
        this.temperatureK = temperatureK;
        return (T) this;
    }

    /** The bath temperature, K. */
    public double temperatureK() {
        return temperatureK;
    }

    @Override
    protected void checkSettings() {
        if (Double.isNaN(temperatureK)) {
            throw new IllegalStateException("set the bath temperature: " + getClass().getSimpleName()
                    + ".on(ff).temperatureK(300)");
        }
    }

    @Override
    protected double defaultInitialTemperatureK() {
        return temperatureK;
    }

    /** Standard-normal variates from the run's random source (re-created when a new run re-seeds it). */
    protected ZigguratSampler.NormalizedGaussian gaussian() {
        if (gaussian == null || gaussianSource != random()) {
            gaussianSource = random();
            gaussian = ZigguratSampler.NormalizedGaussian.of(gaussianSource);
        }
        return gaussian;
    }
}
