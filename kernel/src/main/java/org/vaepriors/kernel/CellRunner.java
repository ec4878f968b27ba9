package org.vaepriors.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.SPIResolutionException;

/**
 * Runs each snippet of a cell in-process, on a thread of its own so that an interrupt request can stop it, and
 * keeps the object a snippet returns: the kernel then renders the object (an image, a table) through the
 * display API rather than showing its {@code toString}. JShell only passes strings between its parts, so a
 * snippet's value travels as a key into {@link #take}; a failure's real {@link Throwable} is kept the same way,
 * with its causes and stack, for the error shown in the cell.
 */
final class CellRunner extends DirectExecutionControl {
    /** The exception class name that marks an interrupted cell (a space: no Java class has it). */
    static final String INTERRUPTED = "Cell interrupted";
    private static final long STOP_GRACE_MILLIS = 3_000;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Map<String, Optional<Object>> values = new ConcurrentHashMap<>();
    private volatile Thread running;
    private volatile boolean interrupted;
    private volatile Throwable lastFailure;

    CellRunner(SnippetLoader loader) {
        super(loader);
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                result[0] = doit.invoke(null);
            } catch (InvocationTargetException e) {
                failure[0] = e.getCause();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "cell-" + THREADS.incrementAndGet());
        interrupted = false;
        running = t;
        t.start();
        try {
            t.join();
        } finally {
            running = null;
        }
        if (interrupted) {
            throw new UserException("the cell was interrupted", INTERRUPTED, new StackTraceElement[0]);
        }
        if (failure[0] instanceof SPIResolutionException r) {
            throw new ResolutionException(r.id(), r.getStackTrace());
        }
        if (failure[0] != null) {
            lastFailure = failure[0];
            throw new UserException(String.valueOf(failure[0].getMessage()), failure[0].getClass().getName(),
                    failure[0].getStackTrace());
        }
        String key = UUID.randomUUID().toString();
        values.put(key, Optional.ofNullable(result[0]));
        return key;
    }

    /**
     * @param key what JShell reported as the snippet's value
     * @return the object the snippet returned (null for null), or the key itself when it is not one of ours
     */
    Object take(String key) {
        Optional<Object> v = values.remove(key);
        return v == null ? key : v.orElse(null);
    }

    /** @return the exception the last failed snippet threw, once */
    Throwable takeFailure() {
        Throwable t = lastFailure;
        lastFailure = null;
        return t;
    }

    /**
     * Interrupts the running cell; if it ignores the interrupt (a loop in native code that never checks),
     * stops its thread after a grace period, as JShell's own local execution does.
     */
    @SuppressWarnings({"deprecation", "removal"})
    void interrupt() {
        Thread t = running;
        if (t == null) {
            return;
        }
        interrupted = true;
        t.interrupt();
        try {
            t.join(STOP_GRACE_MILLIS);
            if (t.isAlive()) {
                t.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (UnsupportedOperationException e) {
            // Java 20+: threads cannot be stopped; the cell runs on until it checks its interrupt flag
        }
    }
}
