package io.longshort.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.longshort.it.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Dynamic batching never changes an answer, and every bad request gets its status and a one-line
 * JSON error while the server keeps serving. A real server on loopback with batches of up to 8.
 */
class BatchingAndErrorsTest {

    static ModelServer server;
    static Http http;

    @BeforeAll
    static void start() {
        Path model = TestModels.sharedTiny("pytorch", false);
        server = ModelServer.builder()
                .addModel("tiny", model)
                .optPort(0)
                .optEngine("pytorch")
                .optBatchSize(8)
                .optMaxBatchDelay(20)
                .optMaxBody(4096)
                .build();
        server.start();
        http = new Http(server.url());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** 96 requests of mixed kinds, lengths and k: each body with its path. */
    static List<String[]> requests() {
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < 96; i++) {
            String text = ModelServerTest.text(i, i % 13);
            if (i % 3 == 0) {
                out.add(new String[] {"/v1/models/tiny/score", "{\"text\": \"" + text + "\"}"});
            } else {
                out.add(new String[] {
                    "/v1/models/tiny/next-words", "{\"text\": \"" + text + "\", \"k\": " + (1 + i % 7) + "}"
                });
            }
        }
        return out;
    }

    @Test
    void concurrentRequestsGetExactlyTheAnswersOfSequentialOnesInSharedBatches() throws Exception {
        List<String[]> requests = requests();
        List<JsonObject> sequential = new ArrayList<>();
        for (String[] r : requests) {
            Http.Response response = http.postJson(r[0], r[1]);
            assertEquals(200, response.status(), response.body());
            sequential.add(response.json());
        }
        double batchesBefore = metric("longshort_batch_size_count");
        double textsBefore = metric("longshort_batch_size_sum");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Http.Response>> answers = new ArrayList<>();
            for (String[] r : requests) {
                answers.add(pool.submit(() -> http.postJson(r[0], r[1])));
            }
            for (int i = 0; i < requests.size(); i++) {
                Http.Response response = answers.get(i).get(60, TimeUnit.SECONDS);
                assertEquals(200, response.status(), response.body());
                assertSameAnswer(sequential.get(i), response.json(), "request " + i + ": " + requests.get(i)[1]);
            }
        } finally {
            pool.shutdownNow();
        }
        double batches = metric("longshort_batch_size_count") - batchesBefore;
        double texts = metric("longshort_batch_size_sum") - textsBefore;
        assertEquals(requests.size(), texts, 0.0);
        assertTrue(batches < texts, "16 clients shared batches: " + texts + " texts in " + batches + " batches");
    }

    /**
     * Asserts two answers are the same: the same words in the same order, and numbers equal within
     * a relative 1e-6. A forward pass over 8 texts and one over 1 round the float32 sums of the
     * LSTM differently, so a probability may differ in its tenth digit; never more.
     */
    static void assertSameAnswer(JsonElement expected, JsonElement actual, String where) {
        if (expected.isJsonObject() && actual.isJsonObject()) {
            assertEquals(
                    expected.getAsJsonObject().keySet(),
                    actual.getAsJsonObject().keySet(),
                    where);
            for (String key : expected.getAsJsonObject().keySet()) {
                assertSameAnswer(
                        expected.getAsJsonObject().get(key),
                        actual.getAsJsonObject().get(key),
                        where + "." + key);
            }
        } else if (expected.isJsonArray() && actual.isJsonArray()) {
            assertEquals(
                    expected.getAsJsonArray().size(), actual.getAsJsonArray().size(), where);
            for (int i = 0; i < expected.getAsJsonArray().size(); i++) {
                assertSameAnswer(
                        expected.getAsJsonArray().get(i),
                        actual.getAsJsonArray().get(i),
                        where + "[" + i + "]");
            }
        } else if (expected.isJsonPrimitive() && expected.getAsJsonPrimitive().isNumber()) {
            double a = expected.getAsDouble();
            double b = actual.getAsDouble();
            assertEquals(a, b, 1e-6 * Math.max(1, Math.abs(a)), where);
        } else {
            assertEquals(expected, actual, where);
        }
    }

    /** The sum of a metric's samples over all its labels. */
    static double metric(String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*} (\\S+)$")
                .matcher(http.get("/metrics").body());
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    static Stream<Arguments> badRequests() {
        String nw = "/v1/models/tiny/next-words";
        return Stream.of(
                Arguments.of("malformed JSON", nw, "application/json", "{\"text\": ", 400, "not valid JSON"),
                Arguments.of("not an object", nw, "application/json", "[1, 2]", 400, "not a JSON object"),
                Arguments.of("unknown field", nw, "application/json", "{\"txt\": \"a\"}", 400, "Unknown field 'txt'"),
                Arguments.of("mistyped text", nw, "application/json", "{\"text\": 5}", 400, "'text' is 5"),
                Arguments.of("mistyped k", nw, "application/json", "{\"k\": \"5\"}", 400, "give an integer"),
                Arguments.of("fractional k", nw, "application/json", "{\"k\": 2.5}", 400, "give an integer"),
                Arguments.of("k 0", nw, "application/json", "{\"k\": 0}", 400, "'k' is 0"),
                Arguments.of("k over the vocabulary", nw, "application/json", "{\"k\": 100000}", 400, "from 1 to"),
                Arguments.of(
                        "score without text",
                        "/v1/models/tiny/score",
                        "application/json",
                        "{}",
                        400,
                        "'text' is missing"),
                Arguments.of(
                        "unknown word",
                        "/v1/models/tiny/score",
                        "application/json",
                        "{\"text\": \"qqqzz\"}",
                        400,
                        "'qqqzz' is not in the model's vocabulary"),
                Arguments.of(
                        "negative temperature",
                        "/v1/models/tiny/generate",
                        "application/json",
                        "{\"temperature\": -1}",
                        400,
                        "'temperature' is -1"),
                Arguments.of(
                        "stream not a boolean",
                        "/v1/models/tiny/generate",
                        "application/json",
                        "{\"stream\": \"yes\"}",
                        400,
                        "give true or false"),
                Arguments.of(
                        "unknown model",
                        "/v1/models/nope/next-words",
                        "application/json",
                        "{}",
                        404,
                        "No model named 'nope'"),
                Arguments.of(
                        "unknown model (predictions)",
                        "/predictions/nope",
                        "text/plain",
                        "the",
                        404,
                        "No model named 'nope'"),
                Arguments.of("unknown endpoint", "/v2/anything", "application/json", "{}", 404, "No endpoint"),
                Arguments.of(
                        "body over the limit",
                        nw,
                        "application/json",
                        "{\"text\": \"" + "a ".repeat(3000) + "\"}",
                        413,
                        "over the server's limit of 4096 bytes"),
                Arguments.of(
                        "form content type",
                        nw,
                        "application/x-www-form-urlencoded",
                        "text=a",
                        415,
                        "Content-Type: application/json"),
                Arguments.of("no content type", nw, null, "{}", 415, "'none'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void aBadRequestGetsItsStatusAndAOneLineJsonErrorAndTheServerServesOn(
            String name, String path, String contentType, String body, int status, String fragment) {
        Http.Response r = http.post(path, contentType, body);
        assertEquals(status, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        assertFalse(r.body().contains("\n"), "one line: " + r.body());
        String error =
                JsonParser.parseString(r.body()).getAsJsonObject().get("error").getAsString();
        assertTrue(error.contains(fragment), error);
        assertFalse(error.contains("Exception"), error);
        assertEquals(200, http.get("/ping").status());
        assertEquals(
                200,
                http.postJson("/v1/models/tiny/next-words", "{\"text\": \"the\"}")
                        .status());
    }

    @Test
    void aRequestThatRunsTooLongIsAnswered503AndTheServerServesOn() {
        Path model = TestModels.sharedTiny("pytorch", false);
        // 30,000 words take the tiny model hundreds of milliseconds, far over the 20 ms timeout
        String longText = String.join(" ", Collections.nCopies(300, ModelServerTest.text(0, 100)));
        try (ModelServer slow = ModelServer.builder()
                .addModel("tiny", model)
                .optPort(0)
                .optEngine("pytorch")
                .optWorkers(1)
                .optTimeout(Duration.ofMillis(20))
                .build()) {
            slow.start();
            Http client = new Http(slow.url());
            Http.Response r = client.postJson("/v1/models/tiny/next-words", "{\"text\": \"" + longText + "\"}");
            assertEquals(503, r.status(), r.body());
            assertTrue(r.json().get("error").getAsString().contains("timeout of 20 ms"), r.body());
            assertEquals(200, client.get("/ping").status());
        }
    }
}
