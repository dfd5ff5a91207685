package io.longshort.core;

/**
 * A mistake in what the user asked for: a missing folder, an unknown engine, an impossible
 * setting. Its message is one line that names the problem and the fix; command-line programs
 * print it without a stack trace and exit with code 2.
 */
public class LongshortException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a one-line message that says what is wrong and how to fix it.
     *
     * @param message the message
     */
    public LongshortException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a one-line message and the underlying cause.
     *
     * @param message the message
     * @param cause the cause
     */
    public LongshortException(String message, Throwable cause) {
        super(message, cause);
    }
}
