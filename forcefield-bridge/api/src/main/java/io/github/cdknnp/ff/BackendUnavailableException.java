package io.github.cdknnp.ff;

/** A compute backend was requested by name but is unknown or cannot run on this machine. */
public class BackendUnavailableException extends NnpException {
    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
