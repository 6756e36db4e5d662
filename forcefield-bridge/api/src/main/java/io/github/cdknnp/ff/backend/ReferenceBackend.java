package io.github.cdknnp.ff.backend;

import io.github.cdknnp.ff.Geometry;
import io.github.cdknnp.ff.Potential;
import io.github.cdknnp.ff.model.PainnParameters;
import io.github.cdknnp.ff.model.ScoreNetParameters;

/** Plain double-precision Java: always available, slowest, the reference all others are tested against. */
public final class ReferenceBackend implements Backend {
    @Override
    public String name() {
        return "reference";
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public double speed() {
        return 1;
    }

    @Override
    public String describe() {
        return "plain Java, float64, one thread per molecule";
    }

    @Override
    public ModelKernel createPainn(PainnParameters parameters, String device) {
        return elementIndex -> {
            Potential painn = new ReferencePainn(parameters, elementIndex);
            return new Potential() {
                @Override
                public int atomCount() {
                    return painn.atomCount();
                }

                @Override
                public double compute(double[] positions, double[] forces) {
                    Geometry.check(positions, painn.atomCount());
                    return painn.compute(positions, forces);
                }
            };
        };
    }

    @Override
    public ScoreKernel createScoreNet(ScoreNetParameters parameters, String device) {
        return new ReferenceScoreNet(parameters);
    }
}
