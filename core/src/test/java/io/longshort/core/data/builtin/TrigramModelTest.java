package io.longshort.core.data.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrigramModelTest {

    private static final List<String> SMALL =
            Arrays.asList("a b c <eos> a b d <eos> b c a <eos> a b c <eos>".split(" "));

    @Test
    void probabilitiesSumToOneOverTheVocabulary() {
        List<String> stream = new StochasticGrammar().sampleStream(new SplitMix64(5), 20_000);
        TrigramModel model = TrigramModel.train(stream, List.of("never", "seen"));
        String[][] contexts = {
            {"<eos>", "<eos>"}, {"<eos>", "the"}, {"sees", "the"}, {"the", "pilot"},
            {"pilot", "that"}, {"never", "seen"}, {"unknown", "words"}, {"the", "the"},
        };
        for (String[] c : contexts) {
            double sum = 0;
            for (String w : model.vocabulary()) {
                double p = model.probability(c[0], c[1], w);
                assertTrue(p > 0, w + " after " + Arrays.toString(c));
                sum += p;
            }
            assertEquals(1.0, sum, 1e-9, Arrays.toString(c));
        }
        double[] d = model.discounts();
        for (double x : d) {
            assertTrue(x > 0 && x < 1, Arrays.toString(d));
        }
    }

    @Test
    void smallStreamGivesSeenContinuationsMostOfTheMass() {
        TrigramModel model = TrigramModel.train(SMALL);
        assertEquals(List.of("<eos>", "a", "b", "c", "d"), model.vocabulary());
        // "a b" was followed by c twice and d once
        double c = model.probability("a", "b", "c");
        double d = model.probability("a", "b", "d");
        assertTrue(c > d && d > model.probability("a", "b", "a"), c + " " + d);
        double sum = 0;
        for (String w : model.vocabulary()) {
            sum += model.probability("a", "b", w);
        }
        assertEquals(1.0, sum, 1e-12);
        // the stream starts after two boundaries: "a" is likely there
        assertTrue(model.probability("<eos>", "<eos>", "a") > 0.5);
    }

    @Test
    void extraVocabularyGetsProbabilityAndUnknownWordsAreDroppedFromEvaluation() {
        TrigramModel model = TrigramModel.train(SMALL, List.of("z"));
        assertTrue(model.vocabulary().contains("z"));
        assertTrue(model.probability("a", "b", "z") > 0);
        List<String> withUnknown = new ArrayList<>(SMALL);
        withUnknown.add(3, "unknown");
        withUnknown.add(0, "other");
        assertEquals(model.perplexity(SMALL), model.perplexity(withUnknown), 1e-12);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> model.probability("a", "b", "unknown"));
        assertTrue(e.getMessage().contains("'unknown'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.perplexity(List.of("only", "unknown")));
    }

    @Test
    void badTrainingArgumentsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrigramModel.train(List.of()));
        assertTrue(e.getMessage().contains("tokens is empty"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrigramModel.train(Arrays.asList("a", null)));
        assertThrows(NullPointerException.class, () -> TrigramModel.train(null));
    }

    @Test
    void trainsOnPtbValidAndScoresPtbTest() throws IOException {
        Path dir = ptbDirectory();
        assumeTrue(
                dir != null,
                "PTB files not found: set LONGSHORT_PTB_DIR to the folder of"
                        + " ptb.valid.txt and ptb.test.txt (fallback ../shared/data/ptb)");
        List<String> valid = readPtb(dir.resolve("ptb.valid.txt"));
        List<String> test = readPtb(dir.resolve("ptb.test.txt"));
        TrigramModel model = TrigramModel.train(valid);
        double ppl = model.perplexity(test);
        // 74k training words only: far above the ~150 of a trigram trained on the real train
        assertTrue(ppl > 150 && ppl < 600, "PTB test perplexity " + ppl);
        double sum = 0;
        for (String w : model.vocabulary()) {
            sum += model.probability("of", "the", w);
        }
        assertEquals(1.0, sum, 1e-9);
    }

    private static Path ptbDirectory() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("LONGSHORT_PTB_DIR");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        candidates.add(Path.of("../shared/data/ptb"));
        candidates.add(Path.of("../../shared/data/ptb"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p.resolve("ptb.valid.txt")) && Files.isRegularFile(p.resolve("ptb.test.txt"))) {
                return p;
            }
        }
        return null;
    }

    private static List<String> readPtb(Path file) throws IOException {
        List<String> words = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            for (String w : line.trim().split("\\s+")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
            words.add("<eos>");
        }
        return words;
    }
}
