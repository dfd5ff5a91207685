package io.longshort.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.longshort.core.inference.GenerationOptions;
import io.longshort.core.inference.LanguageModel;
import io.longshort.core.inference.Score;
import io.longshort.core.inference.WordProbability;
import io.longshort.it.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of a real server on loopback (a free port), against the answers of {@link
 * LanguageModel} itself, on a tiny model trained on the built-in corpus.
 */
class ModelServerTest {

    static Path model;
    static ModelServer server;
    static Http http;
    static LanguageModel lm;

    @BeforeAll
    static void start() {
        model = TestModels.sharedTiny("pytorch", false);
        server = ModelServer.builder()
                .addModel("tiny", model)
                .optPort(0)
                .optEngine("pytorch")
                .build();
        server.start();
        http = new Http(server.url());
        lm = LanguageModel.load(model, "pytorch");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (lm != null) {
            lm.close();
        }
    }

    static String text(int from, int n) {
        return String.join(" ", TestModels.testWords(from + n).subList(from, from + n));
    }

    @Test
    void theServerBindsLoopbackAndPingSaysHealthy() {
        assertTrue(server.url().startsWith("http://127.0.0.1:"), server.url());
        Http.Response r = http.get("/ping");
        assertEquals(200, r.status());
        assertEquals("healthy", r.json().get("status").getAsString());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
    }

    @Test
    void modelsListsNameEngineVocabularyAndSpec() {
        JsonArray models = http.get("/v1/models").json().getAsJsonArray("models");
        assertEquals(1, models.size());
        JsonObject m = models.get(0).getAsJsonObject();
        assertEquals("tiny", m.get("name").getAsString());
        assertEquals("pytorch", m.get("engine").getAsString());
        assertEquals(lm.vocabulary().size(), m.get("vocabulary_size").getAsInt());
        assertEquals(
                lm.record().model().parameterCount(),
                m.getAsJsonObject("spec").get("parameters").getAsLong());
        assertEquals(1, m.get("batch_size").getAsInt(), "DJL Serving's default");
        assertEquals(100, m.get("max_batch_delay").getAsLong(), "DJL Serving's default");
    }

    @Test
    void nextWordsEqualTheModelsOwn() {
        String context = text(3, 12);
        JsonArray words = http.postJson("/v1/models/tiny/next-words", "{\"text\": \"" + context + "\", \"k\": 4}")
                .json()
                .getAsJsonArray("words");
        assertWords(lm.nextWords(context, 4), words);
        JsonArray defaults =
                http.postJson("/v1/models/tiny/next-words", "{}").json().getAsJsonArray("words");
        assertWords(lm.nextWords("", Endpoints.DEFAULT_K), defaults);
    }

    @Test
    void scoreGivesTheFiguresOfLongshortScore() {
        String t = text(0, 30);
        JsonObject r = http.postJson("/v1/models/tiny/score", "{\"text\": \"" + t + "\"}")
                .json();
        Score expected = lm.score(t);
        assertEquals(30, r.get("words").getAsInt());
        assertEquals(0, r.get("unknown_words").getAsInt());
        assertEquals(expected.logProbability(), r.get("log_probability").getAsDouble(), 1e-9);
        assertEquals(expected.perplexity(), r.get("perplexity").getAsDouble(), 1e-9);
        JsonArray perWord = r.getAsJsonArray("per_word");
        assertEquals(30, perWord.size());
        for (int i = 0; i < 30; i++) {
            JsonObject w = perWord.get(i).getAsJsonObject();
            assertEquals(expected.words().get(i).word(), w.get("word").getAsString());
            assertEquals(
                    expected.words().get(i).logProbability(),
                    w.get("log_probability").getAsDouble(),
                    1e-9);
        }
        JsonObject empty =
                http.postJson("/v1/models/tiny/score", "{\"text\": \"\"}").json();
        assertEquals(0, empty.get("words").getAsInt());
        assertTrue(empty.get("perplexity").isJsonNull());
    }

    @Test
    void generateWithASeedGivesTheModelsWordsAndStreamsThemAsEvents() {
        GenerationOptions options = GenerationOptions.builder()
                .optSeed(11)
                .optMaxWords(12)
                .optTopK(20)
                .build();
        List<String> expected;
        try (var s = lm.generate("the", options)) {
            expected = s.collect(Collectors.toList());
        }
        String request = "{\"prompt\": \"the\", \"max_words\": 12, \"top_k\": 20, \"seed\": 11";
        JsonObject r = http.postJson("/v1/models/tiny/generate", request + "}").json();
        List<String> words = new ArrayList<>();
        r.getAsJsonArray("words").forEach(w -> words.add(w.getAsString()));
        assertEquals(expected, words);
        assertEquals(11, r.get("seed").getAsLong());
        assertFalse(r.get("text").getAsString().isEmpty());

        Http.Response sse = http.postJson("/v1/models/tiny/generate", request + ", \"stream\": true}");
        assertEquals(200, sse.status());
        assertTrue(sse.contentType().startsWith("text/event-stream"), sse.contentType());
        List<String> streamed = new ArrayList<>();
        String[] events = sse.body().split("\n\n");
        for (int i = 0; i < events.length; i++) {
            String[] lines = events[i].split("\n");
            String data = lines[1].substring("data: ".length());
            if (i < events.length - 1) {
                assertEquals("event: word", lines[0]);
                streamed.add(com.google.gson.JsonParser.parseString(data)
                        .getAsJsonObject()
                        .get("word")
                        .getAsString());
            } else {
                assertEquals("event: done", lines[0]);
                assertEquals(r, com.google.gson.JsonParser.parseString(data));
            }
        }
        assertEquals(expected, streamed);
    }

    @Test
    void predictionsAnswersDjlServingsJsonForTextAndJsonBodies() {
        JsonArray plain =
                http.post("/predictions/tiny", "text/plain", "the old").json().getAsJsonArray("predictions");
        assertWords(lm.nextWords("the old", 5), plain);
        JsonArray json = http.postJson("/predictions/tiny", "{\"context\": \"the old\", \"k\": 2}")
                .json()
                .getAsJsonArray("predictions");
        assertWords(lm.nextWords("the old", 2), json);
    }

    @Test
    void metricsCountRequestsByEndpointAndStatusWithLatencyAndBatchSizes() {
        http.postJson("/v1/models/tiny/next-words", "{\"text\": \"the\"}");
        http.postJson("/v1/models/tiny/next-words", "{\"k\": 0}");
        Http.Response r = http.get("/metrics");
        assertEquals(200, r.status());
        assertTrue(r.contentType().startsWith("text/plain"), r.contentType());
        String body = r.body();
        assertTrue(body.contains("longshort_requests_total{endpoint=\"next-words\",status=\"200\"}"), body);
        assertTrue(body.contains("longshort_requests_total{endpoint=\"next-words\",status=\"400\"}"), body);
        assertTrue(body.contains("longshort_request_latency_seconds_bucket{endpoint=\"next-words\""), body);
        assertTrue(body.contains("longshort_batch_size_count{kind=\"next_words\",model=\"tiny\"}"), body);
        assertTrue(body.contains("longshort_queue_depth{kind=\"score\",model=\"tiny\"} 0.0"), body);
    }

    @Test
    void thePlaygroundPageIsServedFromTheJar() {
        Http.Response r = http.get("/");
        assertEquals(200, r.status());
        assertTrue(r.contentType().startsWith("text/html"), r.contentType());
        assertTrue(r.body().contains("<html"), r.body());
        assertEquals(404, http.get("/playground/..%2Fsecret").status());
    }

    @Test
    void onMxnetTheServerGivesMxnetsAnswers() {
        try (ModelServer mx = ModelServer.builder()
                        .addModel("tiny", model)
                        .optPort(0)
                        .optEngine("mxnet")
                        .optBatchSize(4)
                        .optMaxBatchDelay(1)
                        .build();
                LanguageModel mxnet = LanguageModel.load(model, "mxnet")) {
            mx.start();
            Http client = new Http(mx.url());
            assertEquals(
                    "mxnet",
                    client.get("/v1/models")
                            .json()
                            .getAsJsonArray("models")
                            .get(0)
                            .getAsJsonObject()
                            .get("engine")
                            .getAsString());
            String context = text(5, 9);
            assertWords(
                    mxnet.nextWords(context, 6),
                    client.postJson("/v1/models/tiny/next-words", "{\"text\": \"" + context + "\", \"k\": 6}")
                            .json()
                            .getAsJsonArray("words"));
            JsonObject score = client.postJson("/v1/models/tiny/score", "{\"text\": \"" + context + "\"}")
                    .json();
            assertEquals(
                    mxnet.score(context).logProbability(),
                    score.get("log_probability").getAsDouble(),
                    1e-6);
        }
    }

    static void assertWords(List<WordProbability> expected, JsonArray actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonObject w = actual.get(i).getAsJsonObject();
            assertEquals(expected.get(i).word(), w.get("word").getAsString(), "word " + i);
            assertEquals(expected.get(i).probability(), w.get("probability").getAsDouble(), 1e-9, "word " + i);
        }
    }
}
