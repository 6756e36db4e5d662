package io.github.cdknnp.ff.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a PaiNN model takes the molecule's total charge Q ({@code resources/MODEL_FORMAT.md}): Q times
 * {@code embedding} is added to every atom's initial scalar features and {@code energies[k]} (eV) to the energy of a
 * molecule of charge {@code charges[k]}. A model file without these datasets supports only its {@code total_charge}.
 *
 * @param charges   supported total charges, ascending
 * @param energies  energy offset per supported charge, eV
 * @param embedding charge embedding of length F, or null for a model that supports one charge only
 */
public record ChargeInput(int[] charges, double[] energies, double[] embedding) {
    public ChargeInput {
        if (charges.length == 0 || charges.length != energies.length) {
            throw new IllegalArgumentException("charges and their energy offsets differ in length or are empty");
        }
        for (int k = 1; k < charges.length; k++) {
            if (charges[k] <= charges[k - 1]) {
                throw new IllegalArgumentException("supported charges must be ascending");
            }
        }
        if (embedding == null && charges.length > 1) {
            throw new IllegalArgumentException("several supported charges need a charge embedding");
        }
        charges = charges.clone();
        energies = energies.clone();
        embedding = embedding == null ? null : embedding.clone();
    }

    /** A model that supports one total charge only (files without a charge embedding). */
    public static ChargeInput only(int charge) {
        return new ChargeInput(new int[]{charge}, new double[]{0}, null);
    }

    /** Whether molecules of total charge {@code q} are supported. */
    public boolean supports(int q) {
        return Arrays.binarySearch(charges, q) >= 0;
    }

    /** Energy offset of a molecule of total charge {@code q}, eV. */
    public double energy(int q) {
        int k = Arrays.binarySearch(charges, q);
        if (k < 0) {
            throw new IllegalArgumentException("unsupported total charge " + q);
        }
        return energies[k];
    }

    /** The supported charges as text, e.g. {@code "-1, 0, +1"}. */
    public String describe() {
        return Arrays.stream(charges).mapToObj(q -> q > 0 ? "+" + q : Integer.toString(q)).collect(Collectors.joining(", "));
    }

    @Override
    public int[] charges() {
        return charges.clone();
    }

    @Override
    public double[] energies() {
        return energies.clone();
    }

    @Override
    public double[] embedding() {
        return embedding == null ? null : embedding.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChargeInput c && Arrays.equals(c.charges, charges) && Arrays.equals(c.energies, energies)
                && Arrays.equals(c.embedding, embedding);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(charges) + Arrays.hashCode(embedding);
    }

    @Override
    public String toString() {
        return "ChargeInput[" + describe() + "]";
    }
}
