package io.github.cdknnp.ff;

/** A model file is missing, unreadable, of an unknown format or fails its checks. */
public class ModelLoadException extends NnpException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
