package io.longshort.core;

import java.io.EOFException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.regex.Pattern;

/**
 * Turns an exception from a library (an I/O error, a JSON parser, an engine) into a short reason
 * fit for a one-line {@link LongshortException} message: its first line, without Java class names
 * ("java.io.EOFException: ..."), or a plain description where the exception has no message.
 */
public final class Reasons {

    /** A qualified Java class name followed by a colon, such as {@code java.io.EOFException: }. */
    private static final Pattern CLASS_PREFIX =
            Pattern.compile("^(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)(?::\\s*|$)");

    private Reasons() {}

    /**
     * Returns a one-line reason for a failure.
     *
     * @param e the failure
     * @return its reason, one line, never empty
     */
    public static String of(Throwable e) {
        if (e instanceof NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (e instanceof FileAlreadyExistsException f) {
            return "a file is in the way: " + f.getFile();
        }
        if (e instanceof NotDirectoryException d) {
            return "not a directory: " + d.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return (f.getFile() != null ? f.getFile() + ": " : "") + f.getReason();
        }
        String message = e.getMessage();
        if (message != null) {
            int nl = message.indexOf('\n');
            String line = (nl < 0 ? message : message.substring(0, nl)).strip();
            String previous;
            do {
                previous = line;
                line = CLASS_PREFIX.matcher(line).replaceFirst("");
            } while (!line.equals(previous));
            if (!line.isEmpty()) {
                return line;
            }
        }
        if (e instanceof EOFException) {
            return "the file ends too early";
        }
        if (e.getCause() != null && e.getCause() != e) {
            return of(e.getCause());
        }
        return "failed without a message";
    }
}
