package io.github.cdknnp.conformers;

import java.util.List;

/**
 * Coverage and matching of a generated conformer ensemble against a reference ensemble (ConfGF, Shi et al.
 * ICML 2021; Xu et al. 2021): with the RMSD matrix d(r, g),
 * COV-R = share of references with some generated conformer within δ, MAT-R = mean over references of the
 * best d; COV-P and MAT-P the same with the roles swapped (precision).
 *
 * @param covR coverage of the references, 0..1
 * @param matR mean best RMSD per reference, Å
 * @param covP share of generated conformers close to some reference, 0..1
 * @param matP mean best RMSD per generated conformer, Å
 */
public record CoverageMetrics(double covR, double matR, double covP, double matP) {
    /**
     * Computes the four numbers.
     *
     * @param rmsd      the symmetry-aware heavy-atom RMSD of the molecule
     * @param reference reference conformers (flat Å)
     * @param generated generated conformers (flat Å)
     * @param delta     threshold δ, Å
     */
    public static CoverageMetrics of(SymmetricRmsd rmsd, List<double[]> reference, List<double[]> generated, double delta) {
        return of(rmsdMatrix(rmsd, reference, generated), delta);
    }

    /** The RMSD matrix d[reference][generated], Å, to evaluate several thresholds without recomputing it. */
    public static double[][] rmsdMatrix(SymmetricRmsd rmsd, List<double[]> reference, List<double[]> generated) {
        if (reference.isEmpty() || generated.isEmpty()) {
            throw new IllegalArgumentException("need at least one reference and one generated conformer");
        }
        double[][] d = new double[reference.size()][generated.size()];
        for (int r = 0; r < d.length; r++) {
            for (int g = 0; g < d[r].length; g++) {
                d[r][g] = rmsd.between(reference.get(r), generated.get(g));
            }
        }
        return d;
    }

    /** The four numbers from an RMSD matrix {@code d[reference][generated]} at threshold δ (Å). */
    public static CoverageMetrics of(double[][] d, double delta) {
        int generated = d[0].length;
        double covR = 0;
        double matR = 0;
        for (double[] row : d) {
            double best = Double.POSITIVE_INFINITY;
            for (double v : row) {
                best = Math.min(best, v);
            }
            covR += best <= delta ? 1 : 0;
            matR += best;
        }
        double covP = 0;
        double matP = 0;
        for (int g = 0; g < generated; g++) {
            double best = Double.POSITIVE_INFINITY;
            for (double[] row : d) {
                best = Math.min(best, row[g]);
            }
            covP += best <= delta ? 1 : 0;
            matP += best;
        }
        return new CoverageMetrics(covR / d.length, matR / d.length, covP / generated, matP / generated);
    }
}
