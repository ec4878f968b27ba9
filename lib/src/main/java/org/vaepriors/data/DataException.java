package org.vaepriors.data;

/**
 * A data set could not be read: a missing, truncated or corrupt file, a wrong format or a checksum
 * mismatch. The message names the file, what was expected, and what to do about it.
 */
public class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, which file, and the fix
     */
    public DataException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, which file, and the fix
     * @param cause   the underlying I/O or format error
     */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
