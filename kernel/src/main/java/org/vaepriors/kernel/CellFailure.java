package org.vaepriors.kernel;

/**
 * A cell that threw an {@link Error} (or a checked exception the kernel's message loop does not expect): it is
 * carried as the cause of this exception, so that it is reported in the cell and the kernel keeps running.
 */
final class CellFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CellFailure(Throwable cause) {
        super(cause.getClass().getName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
    }
}
