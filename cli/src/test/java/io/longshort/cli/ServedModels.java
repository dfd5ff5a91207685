package io.longshort.cli;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code longshort serve} in a child JVM on a free loopback port, for the tests that talk
 * to it over HTTP; {@link #close()} stops it with SIGTERM.
 */
final class ServedModels implements AutoCloseable {

    private static final long START_SECONDS = 180;
    private static final Gson GSON = new Gson();

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private ServedModels(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts {@code longshort serve ARGS --port P} and waits until {@code /ping} answers 200.
     *
     * @param tmp where the server's output goes
     * @param args the arguments after {@code serve} (the models)
     * @return the running server
     */
    static ServedModels start(Path tmp, String... args) throws IOException, InterruptedException {
        int port = freePort();
        List<String> serve = new ArrayList<>(List.of("serve"));
        serve.addAll(List.of(args));
        serve.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port)));
        Path log = tmp.resolve("serve-" + port + ".log");
        Process p = new ProcessBuilder(CliTestSupport.childCommand(List.of(), serve.toArray(String[]::new)))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ServedModels server = new ServedModels(p, log, port);
        server.awaitHealthy();
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("longshort serve exited with " + process.exitValue() + ": " + output());
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(url("/ping"))).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (ConnectException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException("longshort serve was not healthy within " + START_SECONDS + " s: " + output());
    }

    /**
     * Returns the address of a path on this server.
     *
     * @param path the path, starting with /
     * @return the URL
     */
    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /**
     * Posts JSON to {@code /v1/models/MODEL/ENDPOINT} and returns the answer, which must be 200.
     *
     * @param model the model's name
     * @param endpoint next-words, score or generate
     * @param body the request, written as JSON
     * @return the answer
     */
    JsonObject post(String model, String endpoint, Object body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url("/v1/models/" + model + "/" + endpoint)))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(GSON.toJson(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new IllegalStateException(endpoint + " answered " + r.statusCode() + ": " + r.body());
        }
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    /**
     * Returns the per-word entries of a score answer: objects with {@code word} and {@code
     * log_probability}.
     *
     * @param score the answer of the score endpoint
     * @return the entries, in order
     */
    static JsonArray perWord(JsonObject score) {
        return score.getAsJsonArray("per_word");
    }

    private String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "(no output)";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
