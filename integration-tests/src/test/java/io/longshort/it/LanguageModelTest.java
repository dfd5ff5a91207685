package io.longshort.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.longshort.core.LongshortException;
import io.longshort.core.data.Vocabulary;
import io.longshort.core.inference.GenerationOptions;
import io.longshort.core.inference.LanguageModel;
import io.longshort.core.inference.Score;
import io.longshort.core.inference.Session;
import io.longshort.core.inference.WordProbability;
import io.longshort.core.inference.WordScore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link LanguageModel} API on a tiny model trained on the built-in corpus (PyTorch), loaded
 * on each engine.
 */
class LanguageModelTest {

    @TempDir
    static Path tmp;

    static Path model;

    @BeforeAll
    static void train() {
        model = TestModels.sharedTiny("pytorch", false); // shared with DjlServingTest; only read here
    }

    private static String text(int from, int n) {
        List<String> words = TestModels.generated().test().subList(from, from + n);
        return String.join(" ", words).replace(" <eos> ", "\n").replace("<eos>", "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pytorch", "mxnet"})
    void eightThreadsGiveExactlyTheResultsOfTheSameCallsMadeOneAfterAnother(String engine) throws Exception {
        try (LanguageModel lm = LanguageModel.load(model, engine)) {
            List<Callable<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int from = 37 * i;
                int length = 3 + 29 * i; // up to 670 words: several chunks of the network's input
                if (i % 2 == 0) {
                    String context = text(from, length % 200 + 1);
                    calls.add(() -> lm.nextWords(context, 10));
                } else {
                    String scored = text(from, length);
                    calls.add(() -> lm.score(scored));
                }
            }
            List<Object> sequential = new ArrayList<>();
            for (Callable<Object> c : calls) {
                sequential.add(c.call());
            }
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<Object>>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int offset = t * 3;
                    futures.add(pool.submit(() -> {
                        start.await();
                        Object[] results = new Object[calls.size()];
                        for (int k = 0; k < calls.size(); k++) {
                            int index = (k + offset) % calls.size(); // each thread in another order
                            results[index] = calls.get(index).call();
                        }
                        return List.of(results);
                    }));
                }
                start.countDown();
                for (int t = 0; t < threads; t++) {
                    List<Object> concurrent = futures.get(t).get();
                    for (int k = 0; k < calls.size(); k++) {
                        if (!sequential.get(k).equals(concurrent.get(k))) {
                            throw new AssertionError("on " + engine + ", thread " + t + ", call " + k
                                    + " differs from the sequential call:\n  sequential " + brief(sequential.get(k))
                                    + "\n  concurrent " + brief(concurrent.get(k)));
                        }
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static String brief(Object result) {
        String s = result instanceof Score
                ? "score of " + ((Score) result).words().size() + " words: " + ((Score) result).logProbability() + " "
                        + java.util.Arrays.toString(java.util.Arrays.copyOf(((Score) result).logProbabilities(), 4))
                : result.toString();
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"pytorch", "mxnet"})
    void aSessionAgreesWithAOneShotScoreOnEveryWordWithin1e5(String engine) {
        String text = text(0, 600); // more than two chunks of the one-shot score
        try (LanguageModel lm = LanguageModel.load(model, engine);
                Session session = lm.newSession()) {
            Score score = lm.score(text);
            List<String> words = LanguageModel.words(text);
            assertEquals(words.size(), score.words().size());
            for (int i = 0; i < words.size(); i++) {
                double incremental = session.append(words.get(i));
                assertEquals(
                        score.words().get(i).logProbability(),
                        incremental,
                        1e-5,
                        "word " + i + " '" + words.get(i) + "' on " + engine);
            }
            // the one-shot score's log-softmax runs in float32, the session's in float64: each word
            // agrees within 1e-5, and their sum drifts by a few 1e-6 a word (1.9e-3 over 600 words on MXNet)
            assertEquals(score.logProbability(), session.logProbability(), 2e-6 * Math.abs(score.logProbability()));
            List<WordProbability> oneShot = lm.nextWords(text, 5);
            List<WordProbability> incremental = session.nextWords(5);
            for (int i = 0; i < 5; i++) {
                assertEquals(oneShot.get(i).word(), incremental.get(i).word());
                assertEquals(oneShot.get(i).probability(), incremental.get(i).probability(), 1e-6);
            }
        }
    }

    @Test
    void aSessionCostsTheSameForEveryWordHoweverLongTheText() {
        List<String> words = TestModels.testWords(3000);
        try (LanguageModel lm = LanguageModel.load(model, "pytorch");
                Session fresh = lm.newSession();
                Session longer = lm.newSession()) {
            for (int i = 0; i < 2500; i++) {
                longer.append(words.get(i));
            }
            // alternate the two sessions so that any change in machine load hits both alike
            long[] early = new long[500];
            long[] late = new long[500];
            for (int i = 0; i < 500; i++) {
                long t0 = System.nanoTime();
                fresh.append(words.get(i));
                long t1 = System.nanoTime();
                longer.append(words.get(2500 + i));
                long t2 = System.nanoTime();
                early[i] = t1 - t0;
                late[i] = t2 - t1;
            }
            double e = median(early, 100, 500);
            double l = median(late, 100, 500);
            assertTrue(
                    l < 2 * e,
                    "median per word: at words 100-500 " + e / 1e3 + " us, at words 2600-3000 " + l / 1e3 + " us");
            assertEquals(3000, longer.length());
        }
    }

    private static double median(long[] values, int from, int to) {
        long[] part = java.util.Arrays.copyOfRange(values, from, to);
        java.util.Arrays.sort(part);
        return part[part.length / 2];
    }

    @ParameterizedTest
    @ValueSource(strings = {"pytorch", "mxnet"})
    void generateWithAFixedSeedRepeatsItselfExactly(String engine) {
        GenerationOptions options = GenerationOptions.builder()
                .optTemperature(0.9)
                .optTopK(50)
                .optTopP(0.95)
                .optSeed(1234)
                .optMaxWords(60)
                .build();
        try (LanguageModel lm = LanguageModel.load(model, engine)) {
            List<String> first = lm.generate("the", options).collect(Collectors.toList());
            List<String> second = lm.generate("the", options).collect(Collectors.toList());
            assertEquals(first, second);
            assertEquals(60, first.size());
            for (String w : first) {
                assertTrue(lm.vocabulary().contains(w), w);
            }
            List<String> other = lm.generate(
                            "the",
                            GenerationOptions.builder()
                                    .optSeed(99)
                                    .optMaxWords(60)
                                    .build())
                    .collect(Collectors.toList());
            assertNotEquals(first, other, "another seed gives another text");
        }
    }

    @Test
    void generationStopsAtTheStopWordAndTemperatureZeroIsGreedy() {
        try (LanguageModel lm = LanguageModel.load(model, "pytorch")) {
            List<String> sentence = lm.generate(
                            "",
                            GenerationOptions.builder()
                                    .optSeed(5)
                                    .optStopWord(Vocabulary.EOS)
                                    .optMaxWords(200)
                                    .build())
                    .collect(Collectors.toList());
            assertFalse(sentence.contains(Vocabulary.EOS), sentence.toString());
            assertTrue(sentence.size() < 200, "a sentence ends: " + sentence);

            List<String> greedy = lm.generate(
                            "the",
                            GenerationOptions.builder()
                                    .optTemperature(0)
                                    .optMaxWords(5)
                                    .build())
                    .collect(Collectors.toList());
            StringBuilder context = new StringBuilder("the");
            for (String w : greedy) {
                assertEquals(lm.nextWords(context.toString(), 1).get(0).word(), w);
                context.append(w.equals(Vocabulary.EOS) ? "\n" : " " + w);
            }
            // top-k 1 is greedy too, whatever the seed
            assertEquals(
                    greedy,
                    lm.generate(
                                    "the",
                                    GenerationOptions.builder()
                                            .optTopK(1)
                                            .optSeed(3)
                                            .optMaxWords(5)
                                            .build())
                            .collect(Collectors.toList()));
        }
    }

    @Test
    void aStreamThatIsClosedEarlyFreesItsSession() {
        try (LanguageModel lm = LanguageModel.load(model, "pytorch")) {
            try (Stream<String> words =
                    lm.generate("the", GenerationOptions.builder().optSeed(1).build())) {
                assertEquals(3, words.limit(3).count());
            }
        }
    }

    @Test
    void nextWordsComeMostLikelyFirstAndTheirProbabilitiesSumToAtMostOne() {
        try (LanguageModel lm = LanguageModel.load(model, "pytorch")) {
            List<WordProbability> ten = lm.nextWords("the", 10);
            assertEquals(10, ten.size());
            double sum = 0;
            for (int i = 0; i < ten.size(); i++) {
                sum += ten.get(i).probability();
                if (i > 0) {
                    assertTrue(ten.get(i - 1).probability() >= ten.get(i).probability());
                }
            }
            assertTrue(sum <= 1 + 1e-12, "sum " + sum);
            int v = lm.vocabulary().size();
            List<WordProbability> all = lm.nextWords("the", v + 10);
            assertEquals(v, all.size());
            assertEquals(
                    1.0, all.stream().mapToDouble(WordProbability::probability).sum(), 1e-9);
            assertEquals(ten, all.subList(0, 10));
            // the start of a sentence is a context too
            assertEquals(5, lm.nextWords("", 5).size());
        }
    }

    @Test
    void aWordOutsideAVocabularyWithoutUnkFailsNamingTheWord() {
        try (LanguageModel lm = LanguageModel.load(model, "pytorch")) {
            assertFalse(lm.vocabulary().contains(Vocabulary.UNK));
            LongshortException e = assertThrows(LongshortException.class, () -> lm.nextWords("the zyzzyva", 3));
            assertTrue(e.getMessage().contains("'zyzzyva'"), e.getMessage());
            assertThrows(LongshortException.class, () -> lm.score("zyzzyva"));
            assertThrows(LongshortException.class, () -> lm.generate("zyzzyva", GenerationOptions.defaults()));
            try (Session s = lm.newSession()) {
                assertThrows(LongshortException.class, () -> s.append("zyzzyva"));
            }
        }
    }

    @Test
    void aWordOutsideAVocabularyWithUnkReadsAsUnk() throws Exception {
        Path dir = TestModels.tinyPtbWithUnk(tmp.resolve("ptb-unk"), tmp.resolve("model-unk"), "pytorch");
        try (LanguageModel lm = LanguageModel.load(dir, "pytorch")) {
            assertTrue(lm.vocabulary().contains(Vocabulary.UNK));
            Score score = lm.score("the zyzzyva");
            WordScore unknown = score.words().get(1);
            assertEquals("zyzzyva", unknown.word());
            assertEquals(Vocabulary.UNK, unknown.scoredAs());
            assertEquals(lm.score("the " + Vocabulary.UNK).logProbability(), score.logProbability(), 0);
            assertEquals(lm.nextWords("the " + Vocabulary.UNK, 3), lm.nextWords("the zyzzyva", 3));
        }
    }

    @Test
    void textIsSplitAsThePtbFilesAreRead() {
        assertEquals(List.of("a", "b", "<eos>", "c", "<eos>", "d"), LanguageModel.words(" a  b \nc\n d"));
        assertEquals(List.of(), LanguageModel.words(""));
        try (LanguageModel lm = LanguageModel.load(model, "pytorch")) {
            Score empty = lm.score("");
            assertEquals(0, empty.words().size());
            assertTrue(Double.isNaN(empty.perplexity()));
            Score two = lm.score("the\n");
            assertEquals(
                    List.of("the", "<eos>"),
                    two.words().stream().map(WordScore::word).collect(Collectors.toList()));
            assertEquals(Math.exp(-two.logProbability() / 2), two.perplexity(), 1e-12);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pytorch", "mxnet"})
    void noCallRecordsAGradientWhateverTheThread(String engine) throws Exception {
        try (LanguageModel lm = LanguageModel.load(model, engine)) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicBoolean recorded = new AtomicBoolean(true);
            Thread thread = new Thread(() -> {
                try (NDManager m = lm.backend().engine().newBaseManager()) {
                    int[] ids = lm.contextIds("the");
                    Shape shape = lm.layout().shape(1, ids.length);
                    NDList out = lm.forward(m.create(ids, shape), null);
                    recorded.set(out.head().hasGradient());
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            thread.start();
            thread.join();
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            assertFalse(recorded.get(), "the logits of a fresh thread require a gradient on " + engine);
        }
    }

    @Test
    void anArchiveOfAnUnknownVersionSaysSo() throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("future"));
        for (String f : List.of("model.json", "vocabulary.txt", "parameters.params")) {
            Files.copy(model.resolve(f), copy.resolve(f));
        }
        String json = Files.readString(copy.resolve("model.json"), StandardCharsets.UTF_8);
        Files.writeString(
                copy.resolve("model.json"),
                json.replaceFirst("\"formatVersion\": 1", "\"formatVersion\": 99"),
                StandardCharsets.UTF_8);
        LongshortException e = assertThrows(LongshortException.class, () -> LanguageModel.load(copy, "pytorch"));
        assertTrue(e.getMessage().contains("Unsupported model folder version: 99"), e.getMessage());
    }

    @Test
    void aClosedModelRefusesCalls() {
        LanguageModel lm = LanguageModel.load(model, "pytorch");
        Session session = lm.newSession();
        lm.close();
        assertThrows(IllegalStateException.class, () -> lm.nextWords("the", 1));
        assertThrows(IllegalStateException.class, () -> session.append("the"));
        session.close();
        lm.close();
    }

    @Test
    void generationOptionsNameTheSetterOfABadSetting() {
        LongshortException e = assertThrows(
                LongshortException.class,
                () -> GenerationOptions.builder().optTopP(0).build());
        assertTrue(e.getMessage().startsWith("optTopP(0.0)"), e.getMessage());
        e = assertThrows(
                LongshortException.class,
                () -> GenerationOptions.builder().optTemperature(-1).build());
        assertTrue(e.getMessage().startsWith("optTemperature(-1.0)"), e.getMessage());
        e = assertThrows(
                LongshortException.class,
                () -> GenerationOptions.builder().optMaxWords(0).build());
        assertTrue(e.getMessage().startsWith("optMaxWords(0)"), e.getMessage());
        e = assertThrows(
                LongshortException.class,
                () -> GenerationOptions.builder().optTopK(-2).build());
        assertTrue(e.getMessage().startsWith("optTopK(-2)"), e.getMessage());
    }
}
