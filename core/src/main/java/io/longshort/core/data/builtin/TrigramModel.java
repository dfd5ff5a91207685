package io.longshort.core.data.builtin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * An interpolated Kneser-Ney trigram language model over a stream of words: the classic count
 * baseline that a word-level LSTM must beat.
 *
 * <p>The training stream is read as one continuous stream, as the recipe's reader produces it:
 * contexts run across {@code <eos>}, and the stream is preceded by two {@link #BOUNDARY} words
 * (so its first word is predicted as a sentence start). The probability of {@code w} after {@code
 * u v} is
 *
 * <pre>
 * P3(w | u v) = max(c(u v w) - D3, 0) / c(u v .) + D3 N1+(u v .) / c(u v .) P2(w | v)
 * P2(w | v)   = max(N1+(. v w) - D2, 0) / N1+(. v .) + D2 N(v) / N1+(. v .) P1(w)
 * P1(w)       = max(N1+(. w) - D1, 0) / N1+(. .) + D1 N1+(. ., types) / N1+(. .) / |V|
 * </pre>
 *
 * <p>where {@code c} are counts, {@code N1+} are numbers of distinct words seen in the dotted
 * position (Kneser-Ney continuation counts for the lower orders), a level whose context was never
 * seen is skipped, the last level interpolates with the uniform distribution over the vocabulary
 * (so every vocabulary word has a positive probability), and each discount is Ney's estimate
 * {@code D = n1 / (n1 + 2 n2)} from that level's counts of counts (kept within [0.05, 0.95]).
 *
 * <p>The vocabulary is the training words, {@link #BOUNDARY}, and any extra words given to
 * {@link #train(List, Collection)}. Evaluation drops words outside it (as the tutorial's reader
 * drops words of valid/test that are not in the vocabulary); map them to {@code <unk>} beforehand
 * to count them instead. Instances are immutable and thread-safe.
 */
public final class TrigramModel {

    /** The word that pads the start of every stream, and the sentence end. */
    public static final String BOUNDARY = "<eos>";

    /** The largest vocabulary whose trigrams still pack into one {@code long}. */
    private static final int MAX_VOCABULARY = 2_000_000;

    private final List<String> vocabulary;
    private final Map<String, Integer> ids;
    private final long size;
    private final int boundary;

    private final long[] trigramKeys;
    private final int[] trigramCounts;
    private final long[] contextKeys;
    private final int[] contextTotals;
    private final int[] contextTypes;

    private final long[] bigramKeys;
    private final int[] bigramContinuations;
    private final int[] middleTotals;
    private final int[] middleTypes;

    private final int[] unigramContinuations;
    private final long unigramTotal;
    private final int unigramTypes;

    private final double d1;
    private final double d2;
    private final double d3;

    private TrigramModel(List<String> tokens, Collection<String> extraVocabulary) {
        TreeSet<String> words = new TreeSet<>(tokens);
        words.addAll(extraVocabulary);
        words.add(BOUNDARY);
        if (words.size() > MAX_VOCABULARY) {
            throw new IllegalArgumentException(
                    "vocabulary size is " + words.size() + ": it must be at most " + MAX_VOCABULARY + ".");
        }
        this.vocabulary = Collections.unmodifiableList(new ArrayList<>(words));
        this.ids = new HashMap<>(vocabulary.size() * 2);
        for (int i = 0; i < vocabulary.size(); i++) {
            ids.put(vocabulary.get(i), i);
        }
        this.size = vocabulary.size();
        this.boundary = ids.get(BOUNDARY);

        // every position of the padded stream as one packed trigram key, sorted
        int n = tokens.size();
        long[] keys = new long[n];
        int u = boundary;
        int v = boundary;
        for (int i = 0; i < n; i++) {
            int w = ids.get(tokens.get(i));
            keys[i] = pack(u, v, w);
            u = v;
            v = w;
        }
        Arrays.sort(keys);
        int distinct = runs(keys);
        trigramKeys = new long[distinct];
        trigramCounts = new int[distinct];
        runLengths(keys, trigramKeys, trigramCounts);

        // contexts (u, v) are contiguous in the sorted trigrams
        long[] contexts = new long[distinct];
        for (int i = 0; i < distinct; i++) {
            contexts[i] = trigramKeys[i] / size;
        }
        int distinctContexts = runs(contexts);
        contextKeys = new long[distinctContexts];
        contextTotals = new int[distinctContexts];
        contextTypes = new int[distinctContexts];
        for (int i = 0, c = -1; i < distinct; i++) {
            if (c < 0 || contextKeys[c] != contexts[i]) {
                c++;
                contextKeys[c] = contexts[i];
            }
            contextTotals[c] += trigramCounts[i];
            contextTypes[c]++;
        }

        // continuation counts of (v, w): the number of distinct u before it
        long[] suffixes = new long[distinct];
        for (int i = 0; i < distinct; i++) {
            suffixes[i] = trigramKeys[i] % (size * size);
        }
        Arrays.sort(suffixes);
        int distinctBigrams = runs(suffixes);
        bigramKeys = new long[distinctBigrams];
        bigramContinuations = new int[distinctBigrams];
        runLengths(suffixes, bigramKeys, bigramContinuations);
        middleTotals = new int[(int) size];
        middleTypes = new int[(int) size];
        unigramContinuations = new int[(int) size];
        for (int i = 0; i < distinctBigrams; i++) {
            int middle = (int) (bigramKeys[i] / size);
            int last = (int) (bigramKeys[i] % size);
            middleTotals[middle] += bigramContinuations[i];
            middleTypes[middle]++;
            unigramContinuations[last]++;
        }
        long total = 0;
        int types = 0;
        for (int c : unigramContinuations) {
            total += c;
            types += c > 0 ? 1 : 0;
        }
        unigramTotal = total;
        unigramTypes = types;

        d3 = discount(trigramCounts);
        d2 = discount(bigramContinuations);
        d1 = discount(unigramContinuations);
    }

    /**
     * Trains a model on a stream; its vocabulary is the stream's words and {@link #BOUNDARY}.
     *
     * @param tokens the training stream (for example a split with {@code <eos>} at sentence ends)
     * @return the model
     * @throws IllegalArgumentException if the stream is empty or holds a null
     */
    public static TrigramModel train(List<String> tokens) {
        return train(tokens, List.of());
    }

    /**
     * Trains a model on a stream, with extra vocabulary words that get a (small) probability even
     * if the stream never has them.
     *
     * @param tokens the training stream
     * @param extraVocabulary words to add to the vocabulary
     * @return the model
     * @throws IllegalArgumentException if the stream is empty or either argument holds a null
     */
    public static TrigramModel train(List<String> tokens, Collection<String> extraVocabulary) {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(extraVocabulary, "extraVocabulary");
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("tokens is empty: a trigram model needs at least one training word.");
        }
        if (tokens.contains(null) || extraVocabulary.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("tokens or extraVocabulary holds a null: every word must be a string.");
        }
        return new TrigramModel(tokens, extraVocabulary);
    }

    /**
     * Returns the vocabulary, sorted.
     *
     * @return the words the model gives a probability to, unmodifiable
     */
    public List<String> vocabulary() {
        return vocabulary;
    }

    /**
     * Returns the three discounts {@code [D1, D2, D3]} (unigram, bigram, trigram level).
     *
     * @return a new array
     */
    public double[] discounts() {
        return new double[] {d1, d2, d3};
    }

    /**
     * Returns {@code P(word | previous2 previous1)}. Context words outside the vocabulary are
     * allowed (the context then counts as unseen).
     *
     * @param previous2 the word two back ({@link #BOUNDARY} at the start of a stream)
     * @param previous1 the word just before ({@link #BOUNDARY} at the start of a stream)
     * @param word the predicted word
     * @return its probability, positive
     * @throws IllegalArgumentException if {@code word} is not in the vocabulary
     */
    public double probability(String previous2, String previous1, String word) {
        Integer w = ids.get(word);
        if (w == null) {
            throw new IllegalArgumentException(
                    "word is '" + word + "': it is not in the model's vocabulary of " + size + " words.");
        }
        return probability(idOrMinusOne(previous2), idOrMinusOne(previous1), w);
    }

    /**
     * Returns the mean negative natural log probability of a stream's words, read as a continuous
     * stream preceded by two {@link #BOUNDARY} words; words outside the vocabulary are dropped
     * from the stream first.
     *
     * @param tokens the stream
     * @return the cross entropy in nats per (kept) word
     * @throws IllegalArgumentException if no word of the stream is in the vocabulary
     */
    public double crossEntropy(List<String> tokens) {
        Objects.requireNonNull(tokens, "tokens");
        int u = boundary;
        int v = boundary;
        double sum = 0;
        long kept = 0;
        for (String token : tokens) {
            Integer w = ids.get(token);
            if (w == null) {
                continue;
            }
            sum -= Math.log(probability(u, v, w));
            kept++;
            u = v;
            v = w;
        }
        if (kept == 0) {
            throw new IllegalArgumentException(
                    "tokens has " + tokens.size() + " words and none in the vocabulary: at least one is needed.");
        }
        return sum / kept;
    }

    /**
     * Returns the perplexity of a stream, {@code exp(crossEntropy(tokens))}.
     *
     * @param tokens the stream
     * @return the perplexity
     * @throws IllegalArgumentException if no word of the stream is in the vocabulary
     */
    public double perplexity(List<String> tokens) {
        return Math.exp(crossEntropy(tokens));
    }

    private int idOrMinusOne(String word) {
        Integer id = ids.get(word);
        return id == null ? -1 : id;
    }

    private double probability(int u, int v, int w) {
        double p = unigram(w);
        if (v >= 0 && middleTotals[v] > 0) {
            int i = Arrays.binarySearch(bigramKeys, v * size + w);
            double c = i >= 0 ? bigramContinuations[i] : 0;
            double total = middleTotals[v];
            p = Math.max(c - d2, 0) / total + d2 * middleTypes[v] / total * p;
        }
        if (u >= 0 && v >= 0) {
            int j = Arrays.binarySearch(contextKeys, u * size + v);
            if (j >= 0) {
                int i = Arrays.binarySearch(trigramKeys, pack(u, v, w));
                double c = i >= 0 ? trigramCounts[i] : 0;
                double total = contextTotals[j];
                p = Math.max(c - d3, 0) / total + d3 * contextTypes[j] / total * p;
            }
        }
        return p;
    }

    private double unigram(int w) {
        double total = unigramTotal;
        return Math.max(unigramContinuations[w] - d1, 0) / total + d1 * unigramTypes / total / size;
    }

    private long pack(int u, int v, int w) {
        return (u * size + v) * size + w;
    }

    private static int runs(long[] sorted) {
        int runs = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                runs++;
            }
        }
        return runs;
    }

    private static void runLengths(long[] sorted, long[] keys, int[] counts) {
        int r = -1;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                r++;
                keys[r] = sorted[i];
            }
            counts[r]++;
        }
    }

    private static double discount(int[] counts) {
        long n1 = 0;
        long n2 = 0;
        for (int c : counts) {
            if (c == 1) {
                n1++;
            } else if (c == 2) {
                n2++;
            }
        }
        double d = n1 + 2 * n2 == 0 ? 0.5 : (double) n1 / (n1 + 2 * n2);
        return Math.min(0.95, Math.max(0.05, d));
    }
}
