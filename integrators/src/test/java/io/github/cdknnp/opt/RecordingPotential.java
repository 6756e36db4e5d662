package io.github.cdknnp.opt;

import io.github.cdknnp.ff.Potential;
import java.util.ArrayList;
import java.util.List;

/** Wraps a potential, remembering every position it was asked about and turning to NaN after some calls. */
final class RecordingPotential implements Potential {
    final List<double[]> evaluated = new ArrayList<>();
    private final Potential inner;
    private final int goodEvaluations;

    RecordingPotential(Potential inner, int goodEvaluations) {
        this.inner = inner;
        this.goodEvaluations = goodEvaluations;
    }

    RecordingPotential(Potential inner) {
        this(inner, Integer.MAX_VALUE);
    }

    @Override
    public int atomCount() {
        return inner.atomCount();
    }

    @Override
    public double compute(double[] positions, double[] forces) {
        evaluated.add(positions.clone());
        double energy = inner.compute(positions, forces);
        return evaluated.size() > goodEvaluations ? Double.NaN : energy;
    }
}
