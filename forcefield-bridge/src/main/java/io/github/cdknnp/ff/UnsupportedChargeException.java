package io.github.cdknnp.ff;

/** The molecule's total charge is not one the force field was trained for. */
public class UnsupportedChargeException extends NnpException {
    public UnsupportedChargeException(int charge, int supported) {
        super("unsupported total charge " + charge + " (this force field supports only " + supported
                + "; neutralise the molecule or strip counter-ions)");
    }
}
