package io.github.cdknnp.ff;

/**
 * Every unit conversion in cdk-nnp, in one place (CODATA 2018).
 *
 * <p>Internal units: length Å, energy eV, force eV/Å, time fs, mass amu (Da), temperature K.
 * A constant named {@code X_PER_Y} converts a value in Y to X: {@code kcal = ev * KCAL_PER_MOL_PER_EV}.
 */
public final class Units {
    /** Hartree in eV. */
    public static final double EV_PER_HARTREE = 27.211386245988;
    /** Bohr radius in Å. */
    public static final double ANGSTROM_PER_BOHR = 0.529177210903;
    /** 1 eV per particle expressed in kcal/mol. */
    public static final double KCAL_PER_MOL_PER_EV = 23.060547830619;
    /** 1 eV per particle expressed in kJ/mol. */
    public static final double KJ_PER_MOL_PER_EV = 96.485332123310;
    /** Boltzmann constant in eV/K. */
    public static final double BOLTZMANN_EV_PER_K = 8.617333262e-5;
    /**
     * Converts an acceleration of (eV/Å)/amu to Å/fs²: 1 eV/(Å·amu) = 9.648533212e-3 Å/fs².
     */
    public static final double ANGSTROM_PER_FS2_PER_EV_PER_ANGSTROM_AMU = 9.64853321233e-3;

    private Units() {
    }

    /** Converts eV to kcal/mol. */
    public static double evToKcalPerMol(double ev) {
        return ev * KCAL_PER_MOL_PER_EV;
    }

    /** Converts eV to Hartree. */
    public static double evToHartree(double ev) {
        return ev / EV_PER_HARTREE;
    }

    /** Converts Hartree/Bohr to eV/Å. */
    public static double hartreePerBohrToEvPerAngstrom(double g) {
        return g * EV_PER_HARTREE / ANGSTROM_PER_BOHR;
    }

    /** Kinetic energy (eV) of a mass (amu) moving at a speed (Å/fs): ½ m v². */
    public static double kineticEnergyEv(double massAmu, double speedSquaredAngstromPerFs2) {
        return 0.5 * massAmu * speedSquaredAngstromPerFs2 / ANGSTROM_PER_FS2_PER_EV_PER_ANGSTROM_AMU;
    }
}
