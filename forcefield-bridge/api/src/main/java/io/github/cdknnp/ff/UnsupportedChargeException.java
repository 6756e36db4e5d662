package io.github.cdknnp.ff;

/** The molecule's total charge is not one the force field was trained for. */
public class UnsupportedChargeException extends NnpException {
    public UnsupportedChargeException(int charge, String model, String supported, String chargedModel) {
        super("unsupported total charge " + (charge > 0 ? "+" : "") + charge + " (model " + model
                + " takes total charges " + supported + "); use a model trained on charged molecules (--model "
                + chargedModel + "), neutralise the molecule (--neutralize; Neutralizer.neutralize in code) or strip"
                + " counter-ions");
    }
}
