package io.github.cdknnp.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The messages of a command-line run (never its results): on standard error at the level chosen with
 * {@code --quiet} or {@code --verbose}, and every one of them, whatever the level, in the {@code --log} file with a
 * UTC time stamp. Errors and warnings are shown at every level, progress and information not with {@code --quiet},
 * details only with {@code --verbose}. One console per process, as standard error is.
 */
public final class Console {
    /** How much is shown on standard error. */
    public enum Level { QUIET, NORMAL, VERBOSE }

    private static volatile Level level = Level.NORMAL;
    private static PrintStream log;
    private static volatile boolean barShown;

    private Console() {
    }

    /** Back to the defaults (normal level, no log file), closing a log file: at the start and end of every run. */
    public static synchronized void reset() {
        level = Level.NORMAL;
        barShown = false;
        if (log != null) {
            log.close();
            log = null;
        }
    }

    public static void level(Level l) {
        level = l;
    }

    public static Level level() {
        return level;
    }

    /** Appends every message of this run to a file (created if needed). */
    public static synchronized void logTo(Path file) {
        try {
            OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (log != null) {
                log.close();
            }
            log = new PrintStream(out, true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the log file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether a progress display belongs on standard error. */
    public static boolean showsProgress() {
        return level != Level.QUIET;
    }

    /** Tells the console that a progress bar occupies the last line of the terminal (messages clear it first). */
    public static void barShown(boolean shown) {
        barShown = shown;
    }

    /** An error: shown at every level. */
    public static void error(String message) {
        emit(message, true);
    }

    /** A warning: shown at every level. */
    public static void warn(String message) {
        emit(message, true);
    }

    /** Information on the run: not shown with --quiet. */
    public static void info(String message) {
        emit(message, level != Level.QUIET);
    }

    /** A detail, e.g. each record's time: shown with --verbose only. */
    public static void detail(String message) {
        emit(message, level == Level.VERBOSE);
    }

    private static synchronized void emit(String message, boolean show) {
        if (show) {
            System.err.println(barShown ? "\r\u001b[2K" + message : message);
        }
        if (log != null) {
            log.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + message);
        }
    }
}
