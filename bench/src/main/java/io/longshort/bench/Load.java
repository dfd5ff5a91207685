package io.longshort.bench;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrent clients against a running server's next-word endpoint, on loopback: each client
 * sends one request, waits for the answer and sends the next, as a browser tab or a service
 * thread does. Every answer is compared with the answer the same text got when the texts were
 * sent one at a time before the load; a level stops after a number of requests or a time limit,
 * whichever comes first.
 */
final class Load {

    /** Two answers are equal when every probability agrees within this (relative) tolerance. */
    static final double TOLERANCE = 1e-5;

    private static final Gson GSON = new Gson();
    private static final int K = 5;

    private static final int TIMEOUT_MILLIS = 60_000;

    private final URL endpoint;
    private final List<String> texts;
    private final List<JsonArray> sequential = new ArrayList<>();

    /**
     * Sends every text once, one at a time, and keeps the answers as the reference.
     *
     * @param endpoint the next-words endpoint
     * @param texts the texts the clients send, in turn
     */
    Load(URI endpoint, List<String> texts) throws IOException {
        this.endpoint = endpoint.toURL();
        this.texts = List.copyOf(texts);
        for (String text : texts) {
            sequential.add(send(text));
        }
    }

    /**
     * Runs one level of load: {@code clients} clients, first untimed for {@code warmupSeconds}
     * (and at least one request each), so that the server's and the clients' JIT have compiled the
     * level's paths, then timed until {@code requests} answers have come or {@code seconds} have
     * passed. Answers of the warm-up are checked too.
     *
     * @return requests/s, latency percentiles in ms, errors, mismatches and the counts
     */
    Map<String, Object> level(int clients, int requests, double seconds, double warmupSeconds)
            throws InterruptedException {
        Tally warmup = new Tally(clients);
        run(clients, clients, Double.MAX_VALUE, warmup);
        run(clients, Long.MAX_VALUE, warmupSeconds, warmup);
        Tally t = new Tally(requests);
        long start = System.nanoTime();
        run(clients, requests, seconds, t);
        double elapsed = (System.nanoTime() - start) / 1e9;
        double[] ms = t.latencies();
        Arrays.sort(ms);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clients", clients);
        out.put("requests", ms.length);
        out.put("seconds", elapsed);
        out.put("requests_per_second", ms.length / elapsed);
        out.put("p50_ms", percentile(ms, 0.50));
        out.put("p99_ms", percentile(ms, 0.99));
        out.put("max_ms", ms.length == 0 ? Double.NaN : ms[ms.length - 1]);
        out.put("warmup_requests", warmup.count());
        out.put("errors", t.errors.get() + warmup.errors.get());
        out.put("mismatches", t.mismatches.get() + warmup.mismatches.get());
        out.put("first_problem", warmup.firstProblem != null ? warmup.firstProblem : t.firstProblem);
        return out;
    }

    private void run(int clients, long requests, double seconds, Tally t) throws InterruptedException {
        AtomicLong issued = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        long deadline = System.nanoTime() + (long) Math.min(seconds * 1e9, Long.MAX_VALUE / 2.0);
        CountDownLatch done = new CountDownLatch(clients);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (int c = 0; c < clients; c++) {
                pool.execute(() -> {
                    try {
                        while (issued.getAndIncrement() < requests && System.nanoTime() < deadline) {
                            int i = Math.floorMod(next.getAndIncrement(), texts.size());
                            long t0 = System.nanoTime();
                            try {
                                JsonArray answer = send(texts.get(i));
                                t.record(System.nanoTime() - t0);
                                if (!equal(sequential.get(i), answer)) {
                                    t.problem(t.mismatches, "text " + i + ": " + answer + " vs " + sequential.get(i));
                                }
                            } catch (IOException | RuntimeException e) {
                                t.problem(t.errors, "text " + i + ": " + e);
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await();
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** One request on the calling thread, over a kept-alive connection ({@link Http}). */
    private JsonArray send(String text) throws IOException {
        HttpURLConnection c = Http.open(endpoint, TIMEOUT_MILLIS, TIMEOUT_MILLIS);
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = c.getOutputStream()) {
            out.write(GSON.toJson(Map.of("text", text, "k", K)).getBytes(StandardCharsets.UTF_8));
        }
        int status = c.getResponseCode();
        // read to the end either way, so that the connection goes back to the keep-alive cache
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (status != 200) {
                throw new IOException("HTTP " + status + ": " + body);
            }
            return JsonParser.parseString(body).getAsJsonObject().getAsJsonArray("words");
        }
    }

    /**
     * Compares two next-word answers: the same probabilities rank by rank within {@link
     * #TOLERANCE}, and the same word at each rank unless its neighbour's probability is that
     * close too (two near-equal words may trade places when a batch changes the last bits).
     */
    static boolean equal(JsonArray a, JsonArray b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            JsonObject x = a.get(i).getAsJsonObject();
            JsonObject y = b.get(i).getAsJsonObject();
            double px = x.get("probability").getAsDouble();
            if (!close(px, y.get("probability").getAsDouble())) {
                return false;
            }
            if (!x.get("word").equals(y.get("word")) && !nearTie(a, i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean nearTie(JsonArray a, int i) {
        double p = a.get(i).getAsJsonObject().get("probability").getAsDouble();
        return (i > 0
                        && close(
                                p,
                                a.get(i - 1)
                                        .getAsJsonObject()
                                        .get("probability")
                                        .getAsDouble()))
                || (i + 1 < a.size()
                        && close(
                                p,
                                a.get(i + 1)
                                        .getAsJsonObject()
                                        .get("probability")
                                        .getAsDouble()));
    }

    private static boolean close(double x, double y) {
        return Math.abs(x - y) <= TOLERANCE * Math.max(Math.abs(x), Math.abs(y));
    }

    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    /** What the clients of one level saw. */
    private static final class Tally {
        final AtomicInteger errors = new AtomicInteger();
        final AtomicInteger mismatches = new AtomicInteger();
        volatile String firstProblem;
        private final List<Double> ms;

        Tally(int expected) {
            ms = new ArrayList<>(expected);
        }

        synchronized void record(long nanos) {
            ms.add(nanos / 1e6);
        }

        synchronized int count() {
            return ms.size();
        }

        synchronized double[] latencies() {
            return ms.stream().mapToDouble(Double::doubleValue).toArray();
        }

        synchronized void problem(AtomicInteger counter, String what) {
            counter.incrementAndGet();
            if (firstProblem == null) {
                firstProblem = what.length() > 300 ? what.substring(0, 300) + "..." : what;
            }
        }
    }
}
