package io.github.cdknnp.ff;

/** An evaluation produced no usable result (NaN energy, diverged dynamics, device failure). */
public class CalculationException extends NnpException {
    public CalculationException(String message) {
        super(message);
    }

    public CalculationException(String message, Throwable cause) {
        super(message, cause);
    }
}
