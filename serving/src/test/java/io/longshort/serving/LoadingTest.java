package io.longshort.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longshort.core.inference.LanguageModel;
import io.longshort.it.TestModels;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * While the models load, {@code /ping} answers 503 {@code loading} and the API 503 with an error;
 * once they have, 200. The server binds before it loads, and the test holds the load back.
 */
class LoadingTest {

    @Test
    void pingAnswers503WhileTheModelLoadsAnd200Once() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ModelServer server = ModelServer.builder()
                .addModel("slow", TestModels.sharedTiny("pytorch", false))
                .optPort(port)
                .optEngine("pytorch")
                .optLoader((dir, backend) -> {
                    awaitRelease(release);
                    return LanguageModel.load(dir, backend);
                })
                .build();
        ExecutorService starter = Executors.newSingleThreadExecutor();
        try {
            Future<?> started = starter.submit(server::start);
            Http http = new Http("http://127.0.0.1:" + port);
            Http.Response ping = awaitListening(http, started);
            assertEquals(503, ping.status(), ping.body());
            assertEquals("loading", ping.json().get("status").getAsString());
            Http.Response early = http.postJson("/v1/models/slow/next-words", "{\"text\": \"the\"}");
            assertEquals(503, early.status(), early.body());
            assertTrue(early.json().get("error").getAsString().contains("still loading"), early.body());
            assertFalse(started.isDone(), "start() returns once the models are loaded");

            release.countDown();
            started.get(60, TimeUnit.SECONDS);
            Http.Response healthy = http.get("/ping");
            assertEquals(200, healthy.status(), healthy.body());
            assertEquals("healthy", healthy.json().get("status").getAsString());
            assertEquals(
                    200,
                    http.postJson("/v1/models/slow/next-words", "{\"text\": \"the\"}")
                            .status());
        } finally {
            release.countDown();
            starter.shutdown();
            starter.awaitTermination(60, TimeUnit.SECONDS);
            server.close();
        }
    }

    /** Polls until the server listens; returns its first answer to /ping. */
    private static Http.Response awaitListening(Http http, Future<?> started) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return http.get("/ping");
            } catch (UncheckedIOException e) {
                if (started.isDone()) {
                    started.get(); // the start failed: its exception says why
                }
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private static void awaitRelease(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
