package io.github.cdknnp.ff.model;

import java.util.Arrays;
import java.util.List;

/**
 * Everything that defines a trained PaiNN potential (Schütt, Unke, Gastegger, ICML 2021), as laid out in
 * {@code resources/MODEL_FORMAT.md}. Immutable; shared by every backend.
 *
 * @param name          model name
 * @param cutoff        neighbour cutoff, Å
 * @param features      F, width of scalar and vector features
 * @param rbfCount      K, Gaussian radial basis functions
 * @param elements      supported atomic numbers, ascending
 * @param atomref       reference energy per supported element, eV
 * @param embedding     initial scalar features per supported element, {@code [E][F]}
 * @param layers        interaction and mixing parameters, one entry per block
 * @param readout1      readout layer F → F/2 (SiLU after)
 * @param readout2      readout layer F/2 → 1
 * @param energyScale   per-atom output scale, eV
 * @param energyShift   per-atom output shift, eV
 * @param charge        the total charges the model takes and how ({@link ChargeInput})
 * @param provenance    JSON describing data and training
 * @param metrics       JSON with held-out accuracy
 * @param dispersion    the analytic dispersion term added to the network's energy ({@link #CHG_DISPERSION}), or ""
 */
public record PainnParameters(String name, double cutoff, int features, int rbfCount, int[] elements,
        double[] atomref, double[][] embedding, List<Layer> layers, Dense readout1, Dense readout2,
        double energyScale, double energyShift, ChargeInput charge, String provenance, String metrics, String dispersion) {
    /** ωB97X-D's own dispersion term (resources/MODEL_FORMAT.md, {@code ChgDispersion}). */
    public static final String CHG_DISPERSION = "wb97x-d-chg";

    /** A neutral-only model without an analytic dispersion term. */
    public PainnParameters(String name, double cutoff, int features, int rbfCount, int[] elements, double[] atomref,
            double[][] embedding, List<Layer> layers, Dense readout1, Dense readout2, double energyScale,
            double energyShift, String provenance, String metrics) {
        this(name, cutoff, features, rbfCount, elements, atomref, embedding, layers, readout1, readout2, energyScale,
                energyShift, ChargeInput.only(0), provenance, metrics, "");
    }

    /**
     * One interaction + mixing block.
     *
     * @param context1 φ layer 1, F → F (SiLU after)
     * @param context2 φ layer 2, F → 3F
     * @param filter   radial filter, K → 3F
     * @param channel  vector channel mix F → 2F, no bias (V then W)
     * @param mlp1     update layer 1, 2F → F (SiLU after)
     * @param mlp2     update layer 2, F → 3F
     */
    public record Layer(Dense context1, Dense context2, Dense filter, Dense channel, Dense mlp1, Dense mlp2) {
    }

    public PainnParameters {
        int f = features;
        check(dispersion.isEmpty() || dispersion.equals(CHG_DISPERSION), "unknown dispersion term '" + dispersion + "'");
        check(elements.length == atomref.length && elements.length == embedding.length, "elements, atomref and embedding differ in length");
        check(cutoff > 0, "cutoff must be positive");
        check(charge.embedding() == null || charge.embedding().length == f, "charge embedding width != n_features");
        check(rbfCount >= 2, "need at least 2 radial basis functions");
        for (double[] row : embedding) {
            check(row.length == f, "embedding width != n_features");
        }
        for (int t = 0; t < layers.size(); t++) {
            Layer l = layers.get(t);
            String at = " in block " + t;
            check(l.context1.inputs() == f && l.context1.outputs() == f, "context1 shape" + at);
            check(l.context2.inputs() == f && l.context2.outputs() == 3 * f, "context2 shape" + at);
            check(l.filter.inputs() == rbfCount && l.filter.outputs() == 3 * f, "filter shape" + at);
            check(l.channel.inputs() == f && l.channel.outputs() == 2 * f && !l.channel.hasBias(), "channel shape" + at);
            check(l.mlp1.inputs() == 2 * f && l.mlp1.outputs() == f, "mlp1 shape" + at);
            check(l.mlp2.inputs() == f && l.mlp2.outputs() == 3 * f, "mlp2 shape" + at);
        }
        check(readout1.inputs() == f && readout2.inputs() == readout1.outputs() && readout2.outputs() == 1, "readout shape");
        for (int k = 1; k < elements.length; k++) {
            check(elements[k] > elements[k - 1], "elements must be ascending");
        }
        layers = List.copyOf(layers);
    }

    /**
     * The same network for molecules of total charge {@code q}: q times the charge embedding folded into every
     * element's embedding, so that backends evaluate it as a model of one charge. The charge's energy offset is
     * not included ({@link ChargeInput#energy(int)}).
     */
    public PainnParameters forCharge(int q) {
        if (!charge.supports(q)) {
            throw new IllegalArgumentException("unsupported total charge " + q);
        }
        double[] w = charge.embedding();
        if (w == null) {
            return this;
        }
        double[][] shifted = new double[embedding.length][];
        for (int e = 0; e < shifted.length; e++) {
            shifted[e] = embedding[e].clone();
            for (int k = 0; k < w.length; k++) {
                shifted[e][k] += q * w[k];
            }
        }
        return new PainnParameters(name, cutoff, features, rbfCount, elements, atomref, shifted, layers, readout1,
                readout2, energyScale, energyShift, ChargeInput.only(q), provenance, metrics, dispersion);
    }

    /** Row of {@code elements} for an atomic number, or -1 when unsupported. */
    public int elementIndex(int atomicNumber) {
        int k = Arrays.binarySearch(elements, atomicNumber);
        return k >= 0 ? k : -1;
    }

    /** Number of interaction blocks, T. */
    public int blocks() {
        return layers.size();
    }

    /** Centre of radial basis function k, Å. */
    public double rbfCentre(int k) {
        return k * cutoff / (rbfCount - 1);
    }

    /** Gaussian exponent γ of the radial basis, 1/Å². */
    public double rbfGamma() {
        double width = cutoff / (rbfCount - 1);
        return 0.5 / (width * width);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("invalid PaiNN parameters: " + message);
        }
    }
}
