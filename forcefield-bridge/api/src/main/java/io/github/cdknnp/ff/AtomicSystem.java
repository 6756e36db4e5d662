package io.github.cdknnp.ff;

import java.util.Arrays;

/**
 * What a force field needs to know about a molecule besides its coordinates: the elements and the
 * total charge. Immutable.
 *
 * @param atomicNumbers atomic number per atom
 * @param totalCharge   total charge in elementary charges
 */
public record AtomicSystem(int[] atomicNumbers, int totalCharge) {
    public AtomicSystem {
        if (atomicNumbers.length == 0) {
            throw new IllegalArgumentException("a system needs at least one atom");
        }
        atomicNumbers = atomicNumbers.clone();
    }

    /** A neutral system. */
    public static AtomicSystem neutral(int... atomicNumbers) {
        return new AtomicSystem(atomicNumbers, 0);
    }

    /** Number of atoms. */
    public int size() {
        return atomicNumbers.length;
    }

    /** Atomic number of atom {@code i}. */
    public int atomicNumber(int i) {
        return atomicNumbers[i];
    }

    @Override
    public int[] atomicNumbers() {
        return atomicNumbers.clone();
    }

    /** Standard atomic masses (amu) of the atoms. */
    public double[] masses() {
        double[] m = new double[atomicNumbers.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = Elements.mass(atomicNumbers[i]);
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AtomicSystem s && s.totalCharge == totalCharge
                && Arrays.equals(s.atomicNumbers, atomicNumbers);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(atomicNumbers) + totalCharge;
    }

    @Override
    public String toString() {
        StringBuilder formula = new StringBuilder();
        int[] counts = new int[128];
        for (int z : atomicNumbers) {
            counts[Math.min(z, 127)]++;
        }
        for (int z = 1; z < counts.length; z++) {
            if (counts[z] > 0) {
                formula.append(Elements.symbol(z)).append(counts[z] > 1 ? counts[z] : "");
            }
        }
        return formula + (totalCharge != 0 ? " charge " + totalCharge : "");
    }
}
