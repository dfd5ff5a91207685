package io.longshort.core.data.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltinCorpusTest {

    /** The default corpus, generated once for the tests that need the full sizes. */
    private static final BuiltinCorpus DEFAULT = BuiltinCorpus.generate();

    @Test
    void defaultCorpusHasTheDefaultSeedAndSizes() {
        assertEquals(42, DEFAULT.seed());
        assertSize(BuiltinCorpus.DEFAULT_TRAIN_WORDS, DEFAULT.train());
        assertSize(BuiltinCorpus.DEFAULT_VALID_WORDS, DEFAULT.valid());
        assertSize(BuiltinCorpus.DEFAULT_TEST_WORDS, DEFAULT.test());
        assertEquals(new StochasticGrammar().vocabulary(), DEFAULT.vocabulary());
    }

    @Test
    void everyVocabularyWordOccursInTheDefaultTrainSplit() {
        Set<String> missing = new HashSet<>(DEFAULT.vocabulary());
        missing.removeAll(new HashSet<>(DEFAULT.train()));
        assertTrue(missing.isEmpty(), "never in train: " + missing);
        assertTrue(new HashSet<>(DEFAULT.vocabulary()).containsAll(DEFAULT.valid()));
        assertTrue(new HashSet<>(DEFAULT.vocabulary()).containsAll(DEFAULT.test()));
    }

    @Test
    void theSameSeedGivesTheSameCorpusAndOtherSeedsAnother() {
        BuiltinCorpus a = BuiltinCorpus.generate(5, 20_000, 2_000, 3_000);
        BuiltinCorpus b = BuiltinCorpus.generate(5, 20_000, 2_000, 3_000);
        BuiltinCorpus c = BuiltinCorpus.generate(6, 20_000, 2_000, 3_000);
        assertEquals(a.train(), b.train());
        assertEquals(a.valid(), b.valid());
        assertEquals(a.test(), b.test());
        assertNotEquals(a.train(), c.train());
        assertNotEquals(a.valid(), c.valid());
        assertNotEquals(a.test(), c.test());
        // the three splits are different streams
        assertNotEquals(a.valid(), a.test().subList(0, a.valid().size()));
        // the size of one split does not change the others
        BuiltinCorpus d = BuiltinCorpus.generate(5, 7_000, 2_000, 3_000);
        assertEquals(a.valid(), d.valid());
        assertEquals(a.test(), d.test());
        assertEquals(a.train().subList(0, 6_000), d.train().subList(0, 6_000));
    }

    /**
     * Pins the generator: SplitMix64 and the grammar are fully specified, so these words are the
     * same on every JVM. Update them only on purpose, when the grammar changes.
     */
    @Test
    void theDefaultSeedGivesTheSameWordsOnEveryJvm() {
        assertEquals(GOLDEN_TRAIN_START, String.join(" ", DEFAULT.train().subList(0, 30)));
        assertEquals(GOLDEN_TEST_START, String.join(" ", DEFAULT.test().subList(0, 30)));
    }

    private static final String GOLDEN_TRAIN_START = "the songs choose the choir beside the singer"
            + " <eos> the concert leaves the bands <eos> again the proud concerts ignore the"
            + " drummers <eos> the album watches the large song <eos>";
    private static final String GOLDEN_TEST_START = "the boats praise the beach with the clever"
            + " anchors <eos> the runway finds the captain <eos> the bandage that prefers the calm"
            + " ambulances fixes the doctor <eos> often the bandages";

    @Test
    void splitsAreStreamsOfSentencesEndedByEos() {
        for (List<String> split : List.of(DEFAULT.train(), DEFAULT.valid(), DEFAULT.test())) {
            assertEquals("<eos>", split.get(split.size() - 1));
            assertTrue(!split.get(0).equals("<eos>"));
            assertTrue(!split.contains("<unk>"));
            assertThrows(UnsupportedOperationException.class, () -> split.set(0, "x"));
        }
    }

    @Test
    void theOracleIsExactAndClearlyBelowTheTrigram() {
        double oracle = DEFAULT.oraclePerplexity();
        double trigram = DEFAULT.trigramPerplexity();
        assertEquals(DEFAULT.grammar().perplexity(DEFAULT.test()), oracle, 1e-12);
        assertEquals(DEFAULT.trigramModel().perplexity(DEFAULT.test()), trigram, 1e-12);
        assertTrue(oracle > 8 && oracle < 30, "oracle perplexity " + oracle);
        // measured 2.26 for seed 42 (2.25 to 2.27 over seeds); the target range is 1.5 to 2.5
        assertTrue(trigram > 2.0 * oracle, "trigram " + trigram + " oracle " + oracle);
        assertTrue(trigram < 2.5 * oracle, "trigram " + trigram + " oracle " + oracle);
        // the valid split is a sample of the same source
        double validOracle = DEFAULT.grammar().perplexity(DEFAULT.valid());
        assertEquals(oracle, validOracle, 0.05 * oracle);
    }

    @Test
    void describeGivesSizesVocabularyAndBothPerplexities() {
        String line = DEFAULT.describe();
        assertTrue(!line.contains("\n"), line);
        assertTrue(line.contains("seed 42"), line);
        assertTrue(line.contains("vocabulary " + DEFAULT.vocabulary().size()), line);
        assertTrue(line.contains(String.format(java.util.Locale.ROOT, "%.2f", DEFAULT.oraclePerplexity())), line);
        assertTrue(line.contains(String.format(java.util.Locale.ROOT, "%.2f", DEFAULT.trigramPerplexity())), line);
    }

    @Test
    void badSizesAreRejectedWithTheirNameAndValue() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> BuiltinCorpus.generate(1, 0, 10, 10));
        assertTrue(e.getMessage().contains("trainWords is 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BuiltinCorpus.generate(1, 10, -5, 10));
        assertTrue(e.getMessage().contains("validWords is -5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BuiltinCorpus.generate(1, 10, 10, 0));
        assertTrue(e.getMessage().contains("testWords is 0"), e.getMessage());
    }

    @Test
    void ptbFilesReadBackToTheSameStreams(@TempDir Path dir) throws IOException {
        BuiltinCorpus c = BuiltinCorpus.generate(9, 3_000, 500, 500);
        c.writePtbFiles(dir);
        assertEquals(c.train(), readPtb(dir.resolve("ptb.train.txt")));
        assertEquals(c.valid(), readPtb(dir.resolve("ptb.valid.txt")));
        assertEquals(c.test(), readPtb(dir.resolve("ptb.test.txt")));
        String first = Files.readAllLines(dir.resolve("ptb.test.txt")).get(0);
        assertTrue(first.startsWith(" ") && first.endsWith(" "), "'" + first + "'");
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

    private static void assertSize(int requested, List<String> split) {
        assertTrue(
                split.size() >= requested && split.size() < requested + 40,
                "size " + split.size() + " for " + requested);
    }
}
