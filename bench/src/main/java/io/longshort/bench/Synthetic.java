package io.longshort.bench;

import io.longshort.core.data.Corpora;
import io.longshort.core.data.Corpus;
import io.longshort.core.data.PtbReader;
import io.longshort.core.data.UnknownWords;
import io.longshort.core.data.Vocabulary;
import io.longshort.core.data.builtin.BuiltinCorpus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The benchmark's data: synthetic ids from a formula that the Python peer computes the same way
 * ({@code ((i * i) % 10007 + 31 * i) % V}), or the real PTB files (train on {@code ptb.valid.txt},
 * evaluate on {@code ptb.test.txt}, since only those two are at hand).
 */
final class Synthetic {

    private Synthetic() {}

    /**
     * Returns {@code n} synthetic ids below {@code vocab}.
     *
     * @param n how many
     * @param vocab the vocabulary size
     * @return the ids
     */
    static int[] ids(int n, int vocab) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            long x = (long) i;
            out[i] = (int) (((x * x) % 10007 + 31 * x) % vocab);
        }
        return out;
    }

    /**
     * Returns a vocabulary of {@code size} words whose first word is {@code <eos>}.
     *
     * @param size the size
     * @return the vocabulary
     */
    static Vocabulary vocabulary(int size) {
        List<String> words = new ArrayList<>(size);
        words.add(Vocabulary.EOS);
        for (int i = 1; i < size; i++) {
            words.add("w" + i);
        }
        return Vocabulary.of(words);
    }

    /**
     * Returns a corpus of synthetic ids whose training split holds exactly {@code trainWindows}
     * windows and whose valid split holds {@code evalWindows}, with a one-window test split.
     *
     * @param vocab the vocabulary size
     * @param batch the batch size
     * @param steps the window length
     * @param trainWindows the training windows
     * @param evalWindows the evaluation windows
     * @return the corpus
     */
    static Corpus corpus(int vocab, int batch, int steps, int trainWindows, int evalWindows) {
        return new Corpus(
                "synthetic",
                vocabulary(vocab),
                ids(batch * (trainWindows * steps + 1), vocab),
                ids(batch * (evalWindows * steps + 1), vocab),
                ids(batch * (steps + 1), vocab),
                OptionalDouble.empty(),
                OptionalDouble.empty());
    }

    /**
     * Returns the built-in corpus of the default seed (232 words: the demo's data), with the first
     * {@code evalWindows} windows of its valid split as valid split and one window as test split.
     *
     * @param batch the batch size
     * @param steps the window length
     * @param evalWindows the evaluation windows
     * @return the corpus
     */
    static Corpus builtin(int batch, int steps, int evalWindows) {
        Corpus c = Corpora.builtin(BuiltinCorpus.DEFAULT_SEED);
        return new Corpus(
                c.name(),
                c.vocabulary(),
                c.train(),
                Arrays.copyOf(c.valid(), Math.min(c.valid().length, batch * (evalWindows * steps + 1))),
                Arrays.copyOf(c.test(), batch * (steps + 1)),
                OptionalDouble.empty(),
                OptionalDouble.empty());
    }

    /**
     * Returns the real PTB corpus of the benchmark: the vocabulary and training ids of {@code
     * ptb.valid.txt}, the first {@code evalWindows} windows of {@code ptb.test.txt} as valid
     * split, and one window of it as test split.
     *
     * @param folder the PTB folder
     * @param batch the batch size
     * @param steps the window length
     * @param evalWindows the evaluation windows
     * @return the corpus
     */
    static Corpus ptb(Path folder, int batch, int steps, int evalWindows) {
        List<String> train = PtbReader.words(PtbReader.splitFile(folder, "valid"));
        Vocabulary vocabulary = Vocabulary.build(train);
        int[] trainIds = vocabulary.encode(train, UnknownWords.DROP);
        int[] test = vocabulary.encode(PtbReader.words(PtbReader.splitFile(folder, "test")), UnknownWords.DROP);
        int[] valid = Arrays.copyOf(test, Math.min(test.length, batch * (evalWindows * steps + 1)));
        return new Corpus(
                folder.toString(),
                vocabulary,
                trainIds,
                valid,
                Arrays.copyOf(test, batch * (steps + 1)),
                OptionalDouble.empty(),
                OptionalDouble.empty());
    }
}
