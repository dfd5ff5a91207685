package io.longshort.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The README's {@code longshort serve} line, running in the background while the README's curl
 * lines ask it questions, on the port the README names. Stopped with SIGTERM, after which it
 * must exit 0, as the README says.
 */
final class ServedFromReadme {

    private static final URI PING = URI.create("http://127.0.0.1:8080/ping");
    private static final Duration STARTUP = Duration.ofSeconds(120);

    private final Process process;
    private final Path log;

    private ServedFromReadme(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ServedFromReadme start(Path dir, String where, List<String> command) throws Exception {
        Path log = Files.createTempFile(dir, "serve", ".log");
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ServedFromReadme server = new ServedFromReadme(process, log);
        server.awaitHealthy(where);
        return server;
    }

    private void awaitHealthy(String where) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail(where + ": the server exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                HttpResponse<String> r = client.send(
                        HttpRequest.newBuilder(PING)
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        stop();
        fail(where + ": the server did not answer /ping within " + STARTUP.toSeconds() + " s: "
                + Files.readString(log));
    }

    /** Sends SIGTERM and checks the exit code the README promises. */
    void stop() throws Exception {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the server did not stop within 20 s of SIGTERM: " + Files.readString(log));
        }
        assertEquals(0, process.exitValue(), Files.readString(log));
    }
}
