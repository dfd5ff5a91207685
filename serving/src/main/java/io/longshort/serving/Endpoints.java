package io.longshort.serving;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.javalin.http.Context;
import io.longshort.core.LongshortException;
import io.longshort.core.data.Vocabulary;
import io.longshort.core.inference.GenerationOptions;
import io.longshort.core.inference.LanguageModel;
import io.longshort.core.inference.Score;
import io.longshort.core.inference.WordProbability;
import io.longshort.core.inference.WordScore;
import io.longshort.core.spec.ModelSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** What each model endpoint reads from a request and answers, in JSON. */
final class Endpoints {

    static final int DEFAULT_K = 5;

    private final Map<String, ServedModel> models;
    private final long timeoutMillis;

    Endpoints(Map<String, ServedModel> models, long timeoutMillis) {
        this.models = models;
        this.timeoutMillis = timeoutMillis;
    }

    JsonObject models() {
        JsonArray list = new JsonArray();
        for (ServedModel m : models.values()) {
            LanguageModel lm = m.model();
            ModelSpec spec = lm.record().model();
            JsonObject o = new JsonObject();
            o.addProperty("name", m.name());
            o.addProperty("engine", lm.engine());
            o.addProperty("vocabulary_size", lm.vocabulary().size());
            o.add("spec", spec(spec));
            o.addProperty("preset", lm.record().preset());
            o.addProperty(BatchSettings.BATCH_SIZE, m.settings().batchSize());
            o.addProperty(BatchSettings.MAX_BATCH_DELAY, m.settings().maxBatchDelayMillis());
            o.addProperty(BatchSettings.MAX_WORKERS, m.settings().workers());
            list.add(o);
        }
        JsonObject out = new JsonObject();
        out.add("models", list);
        return out;
    }

    private static JsonObject spec(ModelSpec spec) {
        JsonObject o = new JsonObject();
        o.addProperty("embedding_size", spec.embeddingSize());
        JsonArray hidden = new JsonArray();
        spec.hiddenSizes().forEach(hidden::add);
        o.add("hidden_sizes", hidden);
        o.addProperty("num_steps", spec.numSteps());
        o.addProperty("tied_softmax", spec.softmax().tied());
        o.addProperty("parameters", spec.parameterCount());
        return o;
    }

    JsonObject nextWords(String name, RequestBody body) {
        ServedModel m = model(name);
        String text = body.string("text", "");
        int k = body.integer("k", DEFAULT_K, 1, m.model().vocabulary().size());
        m.model().contextIds(text); // an unknown word fails this request alone, before it queues
        List<WordProbability> words = await(m.nextWords().submit(new ServedModel.NextWords(text, k)));
        JsonObject out = new JsonObject();
        out.add("words", wordList(words));
        return out;
    }

    JsonObject score(String name, RequestBody body) {
        ServedModel m = model(name);
        String text = body.string("text", null);
        m.model().contextIds(text);
        Score score = await(m.scores().submit(text));
        JsonArray perWord = new JsonArray();
        int unknown = 0;
        for (WordScore w : score.words()) {
            JsonObject item = new JsonObject();
            item.addProperty("word", w.word());
            item.addProperty("scored_as", w.scoredAs());
            item.addProperty("log_probability", w.logProbability());
            perWord.add(item);
            if (!w.word().equals(w.scoredAs())) {
                unknown++;
            }
        }
        JsonObject out = new JsonObject();
        out.addProperty("words", score.words().size());
        out.addProperty("unknown_words", unknown);
        out.addProperty("log_probability", score.logProbability());
        out.add("perplexity", Json.number(score.perplexity()));
        out.add("per_word", perWord);
        return out;
    }

    /** DJL Serving's request: the context as plain text, or {@code {"context": "...", "k": N}}. */
    JsonObject predictions(String name, String body) {
        ServedModel m = model(name);
        String context = body;
        int k = DEFAULT_K;
        if (body.strip().startsWith("{")) {
            RequestBody json = RequestBody.parse(body, Set.of("context", "k"));
            context = json.string("context", "");
            k = json.integer("k", DEFAULT_K, 1, m.model().vocabulary().size());
        }
        m.model().contextIds(context);
        List<WordProbability> words = await(m.nextWords().submit(new ServedModel.NextWords(context, k)));
        JsonObject out = new JsonObject();
        out.add("predictions", wordList(words));
        return out;
    }

    /** The generation request, checked, with the seed it will use. */
    record Generation(ServedModel model, String prompt, GenerationOptions options, long seed, boolean stream) {}

    Generation generation(String name, RequestBody body) {
        ServedModel m = model(name);
        String prompt = body.string("prompt", "");
        int maxWords = body.integer("max_words", GenerationOptions.DEFAULT_MAX_WORDS, 1, 10_000);
        double temperature = body.decimal("temperature", 1);
        int topK = body.integer("top_k", 0, 0, m.model().vocabulary().size());
        double topP = body.decimal("top_p", 1);
        Long seed = body.longValue("seed");
        String stop = body.string("stop", "");
        boolean stream = body.bool("stream", false);
        try {
            GenerationOptions.check(
                    temperature,
                    topK,
                    topP,
                    maxWords,
                    (setter, value) -> "The field '"
                            + Map.of(
                                            "optTemperature",
                                            "temperature",
                                            "optTopK",
                                            "top_k",
                                            "optTopP",
                                            "top_p",
                                            "optMaxWords",
                                            "max_words")
                                    .get(setter)
                            + "' is " + value);
        } catch (LongshortException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        m.model().contextIds(prompt);
        long s = seed != null ? seed : new Random().nextLong();
        GenerationOptions.Builder options = GenerationOptions.builder()
                .optTemperature(temperature)
                .optTopK(topK)
                .optTopP(topP)
                .optSeed(s)
                .optMaxWords(maxWords);
        if (!stop.isEmpty()) {
            options.optStopWord(stop);
        }
        return new Generation(m, prompt, options.build(), s, stream);
    }

    JsonObject generate(Generation g) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        List<String> words = new ArrayList<>();
        try (Stream<String> stream = g.model().model().generate(g.prompt(), g.options())) {
            Iterator<String> it = stream.iterator();
            while (it.hasNext()) {
                words.add(it.next());
                if (System.nanoTime() > deadline) {
                    throw timedOut();
                }
            }
        }
        return generated(words, g.seed());
    }

    /** Server-Sent Events: a {@code word} event a word, then {@code done} (or {@code error}). */
    void generateStream(Generation g, Context ctx) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        ctx.status(200);
        ctx.contentType("text/event-stream; charset=utf-8");
        ctx.header("Cache-Control", "no-cache");
        OutputStream out = ctx.res().getOutputStream();
        List<String> words = new ArrayList<>();
        try (Stream<String> stream = g.model().model().generate(g.prompt(), g.options())) {
            Iterator<String> it = stream.iterator();
            while (it.hasNext()) {
                String word = it.next();
                words.add(word);
                JsonObject data = new JsonObject();
                data.addProperty("word", word);
                event(out, "word", data);
                if (System.nanoTime() > deadline && it.hasNext()) {
                    event(out, "error", Json.error(timedOut().getMessage()));
                    return;
                }
            }
        }
        event(out, "done", generated(words, g.seed()));
    }

    private static void event(OutputStream out, String name, JsonObject data) throws IOException {
        out.write(("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static JsonObject generated(List<String> words, long seed) {
        JsonArray list = new JsonArray();
        StringBuilder text = new StringBuilder();
        for (String w : words) {
            list.add(w);
            if (w.equals(Vocabulary.EOS)) {
                text.append('\n');
            } else {
                if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
                    text.append(' ');
                }
                text.append(w);
            }
        }
        JsonObject out = new JsonObject();
        out.add("words", list);
        out.addProperty("text", text.toString());
        out.addProperty("seed", seed);
        return out;
    }

    private static JsonArray wordList(List<WordProbability> words) {
        JsonArray list = new JsonArray();
        for (WordProbability w : words) {
            JsonObject item = new JsonObject();
            item.addProperty("word", w.word());
            item.addProperty("probability", w.probability());
            list.add(item);
        }
        return list;
    }

    ServedModel model(String name) {
        ServedModel m = models.get(name);
        if (m == null) {
            throw new ApiException(
                    404,
                    "No model named '" + name + "': this server has " + String.join(", ", models.keySet())
                            + " (see GET /v1/models).");
        }
        return m;
    }

    private <T> T await(CompletableFuture<T> answer) {
        try {
            return answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | CancellationException e) {
            answer.cancel(false);
            throw timedOut();
        } catch (InterruptedException e) {
            answer.cancel(false);
            Thread.currentThread().interrupt();
            throw new ApiException(503, "The request was interrupted: the server is shutting down.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private ApiException timedOut() {
        return new ApiException(
                503,
                "The request took longer than the server's timeout of " + timeoutMillis
                        + " ms: retry later, send a shorter text, or start the server with a longer --timeout.");
    }
}
