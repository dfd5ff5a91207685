package io.longshort.serving;

/**
 * A request the server answers with an error status and a one-line JSON {@code {"error": "..."}}
 * whose message names the problem and the fix.
 */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }
}
