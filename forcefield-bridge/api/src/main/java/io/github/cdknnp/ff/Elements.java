package io.github.cdknnp.ff;

/** Element symbols, standard atomic masses (amu, IUPAC 2013 conventional values) and covalent radii for Z = 1..36 and I. */
public final class Elements {
    private static final String[] SYMBOLS = {"", "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne",
        "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar", "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co",
        "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr"};
    private static final double[] MASSES = {0, 1.008, 4.0026, 6.94, 9.0122, 10.81, 12.011, 14.007, 15.999,
        18.998, 20.180, 22.990, 24.305, 26.982, 28.085, 30.974, 32.06, 35.45, 39.948, 39.098, 40.078,
        44.956, 47.867, 50.942, 51.996, 54.938, 55.845, 58.933, 58.693, 63.546, 65.38, 69.723, 72.630,
        74.922, 78.971, 79.904, 83.798};
    private static final int IODINE = 53;
    /** Single-bond covalent radii, Å (Cordero et al., Dalton Trans. 2008, 2832), Z = 1..36. */
    private static final double[] COVALENT = {0, 0.31, 0.28, 1.28, 0.96, 0.84, 0.76, 0.71, 0.66, 0.57, 0.58,
        1.66, 1.41, 1.21, 1.11, 1.07, 1.05, 1.02, 1.06, 2.03, 1.76, 1.70, 1.60, 1.53, 1.39, 1.39, 1.32, 1.26,
        1.24, 1.32, 1.22, 1.22, 1.20, 1.19, 1.20, 1.20, 1.16};

    /** Van der Waals radii, Å (Bondi 1964; H 1.20 after Rowland and Taylor), for H C N O F S Cl Br, 1.8 Å otherwise. */
    private static final java.util.Map<Integer, Double> VDW = java.util.Map.of(1, 1.20, 6, 1.70, 7, 1.55, 8, 1.52, 9, 1.47,
            16, 1.80, 17, 1.75, 35, 1.85);

    private Elements() {
    }

    /** Symbol of an element, or {@code Z<n>} when outside the table. */
    public static String symbol(int atomicNumber) {
        if (atomicNumber == IODINE) {
            return "I";
        }
        return atomicNumber > 0 && atomicNumber < SYMBOLS.length ? SYMBOLS[atomicNumber] : "Z" + atomicNumber;
    }

    /** Atomic number of a symbol (case-sensitive, e.g. "Cl"), or -1 when unknown. */
    public static int atomicNumber(String symbol) {
        if ("I".equals(symbol)) {
            return IODINE;
        }
        for (int z = 1; z < SYMBOLS.length; z++) {
            if (SYMBOLS[z].equals(symbol)) {
                return z;
            }
        }
        return -1;
    }

    /** Single-bond covalent radius in Å (1.5 Å outside the table). */
    public static double covalentRadius(int atomicNumber) {
        if (atomicNumber == IODINE) {
            return 1.39;
        }
        return atomicNumber > 0 && atomicNumber < COVALENT.length ? COVALENT[atomicNumber] : 1.5;
    }

    /** Van der Waals radius in Å (1.8 Å for elements outside H C N O F S Cl Br). */
    public static double vdwRadius(int atomicNumber) {
        return VDW.getOrDefault(atomicNumber, 1.8);
    }

    /** Standard atomic mass in amu. */
    public static double mass(int atomicNumber) {
        if (atomicNumber == IODINE) {
            return 126.90;
        }
        if (atomicNumber <= 0 || atomicNumber >= MASSES.length) {
            throw new IllegalArgumentException("no mass for atomic number " + atomicNumber);
        }
        return MASSES[atomicNumber];
    }
}
