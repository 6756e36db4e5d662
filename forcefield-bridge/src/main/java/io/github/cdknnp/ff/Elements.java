package io.github.cdknnp.ff;

/** Element symbols and standard atomic masses (amu, IUPAC 2013 conventional values) for Z = 1..36 and I. */
public final class Elements {
    private static final String[] SYMBOLS = {"", "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne",
        "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar", "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co",
        "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr"};
    private static final double[] MASSES = {0, 1.008, 4.0026, 6.94, 9.0122, 10.81, 12.011, 14.007, 15.999,
        18.998, 20.180, 22.990, 24.305, 26.982, 28.085, 30.974, 32.06, 35.45, 39.948, 39.098, 40.078,
        44.956, 47.867, 50.942, 51.996, 54.938, 55.845, 58.933, 58.693, 63.546, 65.38, 69.723, 72.630,
        74.922, 78.971, 79.904, 83.798};
    private static final int IODINE = 53;

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
