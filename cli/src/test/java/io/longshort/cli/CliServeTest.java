package io.longshort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code longshort serve} in a child JVM: it prints one line with its address, answers, and on
 * SIGTERM finishes the request in flight and exits 0 within 10 s.
 */
class CliServeTest {

    @TempDir
    Path tmp;

    @Test
    void sigtermFinishesTheRequestInFlightAndExitsZeroWithinTenSeconds() throws Exception {
        Path model = CliModels.tinyDir("pytorch");
        List<String> cmd = CliTestSupport.childCommand(
                List.of(), "serve", "--model", "tiny=" + model, "--port", "0", "--engine", "pytorch");
        Path err = tmp.resolve("err.txt");
        Path stdout = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(stdout.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            String line = firstLine(stdout, p);
            assertTrue(
                    line.matches("longshort: listening on http://127\\.0\\.0\\.1:\\d+"),
                    line + "\n" + Files.readString(err));
            String url = line.substring(line.indexOf("http://"));
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            HttpResponse<String> ping = client.send(
                    HttpRequest.newBuilder(URI.create(url + "/ping")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ping.statusCode());

            // a long generation streams while SIGTERM arrives: it must run to its "done" event
            HttpRequest generate = HttpRequest.newBuilder(URI.create(url + "/v1/models/tiny/generate"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"max_words\": 3000, \"seed\": 5, \"stream\": true}"))
                    .build();
            CountDownLatch streaming = new CountDownLatch(1);
            CompletableFuture<String> events = client.sendAsync(generate, HttpResponse.BodyHandlers.ofLines())
                    .thenApply(r -> r.body().peek(l -> streaming.countDown()).collect(Collectors.joining("\n")));
            assertTrue(streaming.await(60, TimeUnit.SECONDS), "the stream started");
            long start = System.nanoTime();
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "exited within 10 s of SIGTERM");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            String stderr = Files.readString(err);
            assertEquals(0, p.exitValue(), stderr);
            String body = events.get(10, TimeUnit.SECONDS);
            assertTrue(
                    body.contains("event: done"),
                    "the request in flight finished: ..." + body.substring(Math.max(0, body.length() - 300)));
            assertFalse(stderr.contains("Exception"), stderr);
            assertTrue(millis < 10_000, millis + " ms");
            assertEquals(line + "\n", Files.readString(stdout), "one line on standard output");
        } finally {
            p.destroyForcibly();
        }
    }

    /** Waits (up to 3 minutes) for the first line the child prints. */
    private static String firstLine(Path stdout, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            String text = Files.readString(stdout);
            int nl = text.indexOf('\n');
            if (nl >= 0) {
                return text.substring(0, nl);
            }
            if (!p.isAlive()) {
                throw new AssertionError("serve ended with exit code " + p.exitValue() + " before listening");
            }
            Thread.sleep(100);
        }
        throw new AssertionError("serve printed nothing in 3 minutes");
    }
}
