package io.longshort.serving;

import io.longshort.core.inference.LanguageModel;
import io.longshort.core.inference.Score;
import io.longshort.core.inference.WordProbability;
import java.util.ArrayList;
import java.util.List;

/**
 * One model the server answers for, with a batching queue for next words and one for scores.
 * Requests are checked (every word known) before they queue, so one bad text never fails a batch.
 */
final class ServedModel implements AutoCloseable {

    /** A next-words request: the context and how many words. */
    record NextWords(String context, int k) {}

    private final String name;
    private final LanguageModel model;
    private final BatchSettings settings;
    private final Batcher<NextWords, List<WordProbability>> nextWords;
    private final Batcher<String, Score> scores;

    ServedModel(String name, LanguageModel model, BatchSettings settings, ServerMetrics metrics) {
        this.name = name;
        this.model = model;
        this.settings = settings;
        this.nextWords = new Batcher<>(
                "longshort-batch-" + name + "-next-words",
                settings,
                this::nextWordsBatch,
                size -> metrics.batch(name, "next_words", size));
        this.scores = new Batcher<>(
                "longshort-batch-" + name + "-score",
                settings,
                model::scoreBatch,
                size -> metrics.batch(name, "score", size));
        metrics.queue(name, "next_words", nextWords::depth);
        metrics.queue(name, "score", scores::depth);
    }

    /** One forward pass for contexts asking for different k: the top words of the largest k, cut. */
    private List<List<WordProbability>> nextWordsBatch(List<NextWords> requests) {
        List<String> contexts = new ArrayList<>(requests.size());
        int k = 1;
        for (NextWords r : requests) {
            contexts.add(r.context());
            k = Math.max(k, r.k());
        }
        List<List<WordProbability>> top = model.nextWordsBatch(contexts, k);
        List<List<WordProbability>> out = new ArrayList<>(top.size());
        for (int i = 0; i < top.size(); i++) {
            List<WordProbability> words = top.get(i);
            out.add(List.copyOf(words.subList(0, Math.min(requests.get(i).k(), words.size()))));
        }
        return out;
    }

    String name() {
        return name;
    }

    LanguageModel model() {
        return model;
    }

    BatchSettings settings() {
        return settings;
    }

    Batcher<NextWords, List<WordProbability>> nextWords() {
        return nextWords;
    }

    Batcher<String, Score> scores() {
        return scores;
    }

    /** Answers what is queued, then frees the model. */
    @Override
    public void close() {
        nextWords.close();
        scores.close();
        model.close();
    }
}
