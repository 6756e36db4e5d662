package io.github.cdknnp.ff;

/** Coordinates that cannot be evaluated: missing, not finite, or atoms on top of each other. */
public class InvalidGeometryException extends NnpException {
    public InvalidGeometryException(String message) {
        super(message);
    }
}
