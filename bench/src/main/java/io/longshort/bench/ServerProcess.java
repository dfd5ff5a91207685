package io.longshort.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code longshort serve} in its own JVM on a free loopback port, as a user runs it; {@link
 * #close()} stops it with SIGTERM.
 */
final class ServerProcess implements AutoCloseable {

    private static final long START_SECONDS = 300;

    private final Process process;
    private final Path log;
    private final int port;

    private ServerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts the server and waits until {@code /ping} answers 200.
     *
     * @param jvmFlags flags of the server's JVM
     * @param log where its output goes
     * @param args the arguments after {@code serve} (the models and the batching settings)
     * @return the running server
     */
    static ServerProcess start(List<String> jvmFlags, Path log, String... args)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // the JVM options a user's examples/bin/longshort serve runs with
        List<String> options = new ArrayList<>(Bench.launcherJvmOptions(Bench.LAUNCHER_OPTIONS));
        options.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        options.addAll(jvmFlags);
        List<String> serve = new ArrayList<>(List.of("serve"));
        serve.addAll(List.of(args));
        serve.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port)));
        List<String> cmd = JavaCommand.of(options, "io.longshort.cli.Main", serve);
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ServerProcess server = new ServerProcess(p, log, port);
        server.awaitHealthy(String.join(" ", cmd));
        return server;
    }

    private void awaitHealthy(String cmd) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the server exited with " + process.exitValue() + ": " + cmd + "\n" + Files.readString(log));
            }
            try {
                if (pingStatus() == 200) {
                    return;
                }
            } catch (ConnectException | SocketTimeoutException e) {
                // not listening or not answering yet
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("the server was not healthy within " + START_SECONDS + " s: " + cmd);
    }

    /** The status of {@code GET /ping}. */
    private int pingStatus() throws IOException {
        HttpURLConnection c = Http.open(uri("/ping").toURL(), 1_000, 5_000);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    /**
     * Returns the address of a path on the server.
     *
     * @param path the path, starting with /
     * @return the address
     */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /**
     * Stops the server with SIGTERM and waits for it.
     *
     * @return its exit code
     */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                stop();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
