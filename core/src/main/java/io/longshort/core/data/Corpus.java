package io.longshort.core.data;

import java.util.List;
import java.util.OptionalDouble;

/**
 * A corpus ready for training: a vocabulary and the three splits as id streams.
 *
 * @param name a short name for reports, such as {@code builtin} or the folder path
 * @param vocabulary the vocabulary built from the training split
 * @param train the training ids
 * @param valid the validation ids
 * @param test the test ids
 * @param oraclePerplexity the lowest achievable test perplexity, where known (built-in corpus)
 * @param trigramPerplexity the test perplexity of a smoothed trigram model, where computed
 * @param splitReports the words of the valid and test splits outside the vocabulary, where counted
 */
public record Corpus(
        String name,
        Vocabulary vocabulary,
        int[] train,
        int[] valid,
        int[] test,
        OptionalDouble oraclePerplexity,
        OptionalDouble trigramPerplexity,
        List<SplitReport> splitReports) {

    /** Copies the reports. */
    public Corpus {
        splitReports = List.copyOf(splitReports);
    }

    /**
     * Creates a corpus whose splits' words outside the vocabulary were not counted.
     *
     * @param name a short name for reports
     * @param vocabulary the vocabulary built from the training split
     * @param train the training ids
     * @param valid the validation ids
     * @param test the test ids
     * @param oraclePerplexity the lowest achievable test perplexity, where known
     * @param trigramPerplexity the test perplexity of a smoothed trigram model, where computed
     */
    public Corpus(
            String name,
            Vocabulary vocabulary,
            int[] train,
            int[] valid,
            int[] test,
            OptionalDouble oraclePerplexity,
            OptionalDouble trigramPerplexity) {
        this(name, vocabulary, train, valid, test, oraclePerplexity, trigramPerplexity, List.of());
    }

    /**
     * Builds a corpus from the words of its three splits: the vocabulary from the training words
     * (whose every word is in it), the valid and test words encoded as {@code unknown} says, and
     * their words outside the vocabulary counted.
     *
     * @param name a short name for reports
     * @param train the training words
     * @param valid the validation words
     * @param test the test words
     * @param unknown what becomes of valid and test words outside the vocabulary
     * @return the corpus
     */
    public static Corpus fromWords(
            String name, List<String> train, List<String> valid, List<String> test, UnknownWords unknown) {
        Vocabulary vocabulary = Vocabulary.build(train);
        return new Corpus(
                name,
                vocabulary,
                vocabulary.encode(train, UnknownWords.DROP),
                vocabulary.encode(valid, unknown),
                vocabulary.encode(test, unknown),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                List.of(
                        SplitReport.of("valid", valid, vocabulary, unknown),
                        SplitReport.of("test", test, vocabulary, unknown)));
    }

    /**
     * Returns the split with the given name.
     *
     * @param split {@code train}, {@code valid} or {@code test}
     * @return the ids of that split
     */
    public int[] split(String split) {
        switch (split) {
            case "train":
                return train;
            case "valid":
                return valid;
            case "test":
                return test;
            default:
                throw new IllegalArgumentException("split must be train, valid or test: " + split);
        }
    }

    @Override
    public String toString() {
        return "Corpus{"
                + name
                + ", vocabulary="
                + vocabulary.size()
                + ", train="
                + train.length
                + ", valid="
                + valid.length
                + ", test="
                + test.length
                + '}';
    }
}
