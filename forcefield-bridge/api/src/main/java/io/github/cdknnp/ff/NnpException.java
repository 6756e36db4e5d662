package io.github.cdknnp.ff;

/** Root of every error cdk-nnp raises for bad input, bad models or failed calculations. */
public class NnpException extends RuntimeException {
    public NnpException(String message) {
        super(message);
    }

    public NnpException(String message, Throwable cause) {
        super(message, cause);
    }
}
