package io.github.cdknnp.task;

/** A bad option value or combination: a usage error (exit code 2), reported before any record is computed. */
public final class OptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public OptionException(String message) {
        super(message);
    }

    /** Runs a settings check; any {@link IllegalArgumentException} it throws becomes an {@code OptionException}. */
    public static void check(Runnable check) {
        try {
            check.run();
        } catch (OptionException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new OptionException(e.getMessage());
        }
    }
}
