package io.longshort.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longshort.core.LongshortException;
import io.longshort.core.inference.LanguageModel;
import io.longshort.core.inference.Score;
import io.longshort.core.inference.Session;
import io.longshort.core.inference.WordProbability;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link LanguageModel#nextWordsBatch} and {@link LanguageModel#scoreBatch}: texts of mixed
 * lengths in one batch each get the answer they get alone, on each engine.
 */
class BatchedInferenceTest {

    private static final double TOLERANCE = 1e-5;

    static Path model;

    @BeforeAll
    static void train() {
        model = TestModels.sharedTiny("pytorch", false);
    }

    /** Texts of mixed lengths: empty, one word, a few words, and longer than one window of steps. */
    private static List<String> texts() {
        List<String> words = TestModels.testWords(1200);
        List<String> out = new ArrayList<>();
        out.add("");
        out.add(words.get(0));
        int[] lengths = {3, 17, 1, 40, 0, 2, 90, 300, 5, 1100};
        int from = 1;
        for (int n : lengths) {
            out.add(String.join(" ", words.subList(from % 50, from % 50 + n)).replace("<eos>", "\n"));
            from += 7;
        }
        for (int i = 0; i < 70; i++) { // more texts than one forward pass takes
            out.add(String.join(" ", words.subList(i, i + 1 + i % 9)).replace("<eos>", "\n"));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"pytorch", "mxnet"})
    void nextWordsOfABatchEqualEachTextAlone(String engine) {
        List<String> contexts = texts();
        try (LanguageModel lm = LanguageModel.load(model, engine)) {
            List<List<WordProbability>> batched = lm.nextWordsBatch(contexts, 7);
            assertEquals(contexts.size(), batched.size());
            for (int i = 0; i < contexts.size(); i++) {
                List<WordProbability> alone = lm.nextWords(contexts.get(i), 7);
                List<WordProbability> together = batched.get(i);
                assertEquals(alone.size(), together.size());
                for (int j = 0; j < alone.size(); j++) {
                    String where = "text " + i + ", word " + j;
                    assertEquals(alone.get(j).word(), together.get(j).word(), where);
                    assertEquals(alone.get(j).probability(), together.get(j).probability(), TOLERANCE, where);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pytorch", "mxnet"})
    void scoresOfABatchEqualEachTextAlone(String engine) {
        List<String> texts = texts();
        try (LanguageModel lm = LanguageModel.load(model, engine)) {
            List<Score> batched = lm.scoreBatch(texts);
            assertEquals(texts.size(), batched.size());
            for (int i = 0; i < texts.size(); i++) {
                Score alone = lm.score(texts.get(i));
                Score together = batched.get(i);
                assertEquals(alone.words().size(), together.words().size(), "text " + i);
                double[] a = alone.logProbabilities();
                double[] b = together.logProbabilities();
                for (int j = 0; j < a.length; j++) {
                    assertEquals(a[j], b[j], TOLERANCE, "text " + i + ", word " + j);
                }
                if (a.length == 0) {
                    assertTrue(Double.isNaN(together.perplexity()));
                } else {
                    assertEquals(alone.perplexity(), together.perplexity(), alone.perplexity() * TOLERANCE);
                }
            }
        }
    }

    /**
     * The single-text calls run as a batch of one, so the batch is also checked against a
     * {@link Session}, which reads a text one word at a time through the engine's carried state.
     */
    @ParameterizedTest
    @ValueSource(strings = {"pytorch", "mxnet"})
    void aBatchAgreesWithReadingEachTextWordByWord(String engine) {
        List<String> texts = texts().stream()
                .filter(t -> LanguageModel.words(t).size() <= 100)
                .toList();
        try (LanguageModel lm = LanguageModel.load(model, engine)) {
            List<Score> scores = lm.scoreBatch(texts);
            List<List<WordProbability>> next = lm.nextWordsBatch(texts, 3);
            for (int i = 0; i < texts.size(); i++) {
                try (Session session = lm.newSession()) {
                    double[] wordByWord = session.appendText(texts.get(i));
                    double[] batched = scores.get(i).logProbabilities();
                    assertEquals(wordByWord.length, batched.length, "text " + i);
                    for (int j = 0; j < batched.length; j++) {
                        assertEquals(wordByWord[j], batched[j], TOLERANCE, "text " + i + ", word " + j);
                    }
                    List<WordProbability> after = session.nextWords(3);
                    for (int j = 0; j < after.size(); j++) {
                        assertEquals(after.get(j).word(), next.get(i).get(j).word(), "text " + i);
                        assertEquals(
                                after.get(j).probability(), next.get(i).get(j).probability(), TOLERANCE, "text " + i);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pytorch"})
    void aBatchWithAnUnknownWordFailsNamingIt(String engine) {
        try (LanguageModel lm = LanguageModel.load(model, engine)) {
            LongshortException e =
                    assertThrows(LongshortException.class, () -> lm.scoreBatch(List.of("the", "zzzunknownzzz")));
            assertTrue(e.getMessage().contains("'zzzunknownzzz'"), e.getMessage());
            assertThrows(LongshortException.class, () -> lm.nextWordsBatch(List.of(""), 0));
        }
    }
}
