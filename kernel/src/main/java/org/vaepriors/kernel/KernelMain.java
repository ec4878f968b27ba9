package org.vaepriors.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * Starts the kernel for Jupyter: {@code java -cp KERNEL_JAR:LIBRARY_JAR org.vaepriors.kernel.KernelMain
 * CONNECTION_FILE} (our kernelspec's argv).
 *
 * <p>The order is what makes every start work: the message handlers are registered before the sockets open,
 * so the Jupyter server's first kernel_info_request, queued before the kernel has bound its ports, is answered
 * (rapaio 3.0.1 opens its sockets first and drops it). JShell starts on its own thread meanwhile; a cell that
 * comes before it is ready waits for it.
 */
public final class KernelMain {
    private KernelMain() {
    }

    /**
     * @param args the connection file Jupyter wrote
     * @throws Exception when the connection file cannot be read or the sockets cannot be bound
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: java -cp KERNEL_JAR:LIBRARY_JAR " + KernelMain.class.getName()
                    + " CONNECTION_FILE (Jupyter passes the file: install the kernelspec with environment/setup.sh)");
        }
        Path file = Path.of(args[0]);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("connection file not found: " + file.toAbsolutePath());
        }
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(file));

        CompletableFuture<JavaShell> shell = JavaShell.startAsync();
        LabKernel kernel = new LabKernel(shell);
        kernel.onStartup();
        JupyterConnection connection = new JupyterConnection(props);
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        System.exit(0); // cell threads the user left running must not keep a shut-down kernel alive
    }
}
