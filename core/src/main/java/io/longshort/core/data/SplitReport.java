package io.longshort.core.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What reading an evaluation split found: how many words it has (each line end counts as one
 * {@code <eos>}) and how many of them are outside the training vocabulary, which were dropped or
 * read as {@code <unk>}.
 *
 * @param split {@code valid} or {@code test}
 * @param words the words of the split as read
 * @param outOfVocabulary the words outside the vocabulary
 * @param handling what was done with them
 */
public record SplitReport(String split, int words, int outOfVocabulary, UnknownWords handling) {

    /**
     * Counts a split's words outside a vocabulary.
     *
     * @param split the split's name
     * @param words the split's words
     * @param vocabulary the training vocabulary
     * @param handling what is done with the words outside it
     * @return the report
     */
    public static SplitReport of(String split, List<String> words, Vocabulary vocabulary, UnknownWords handling) {
        int outside = 0;
        for (String w : words) {
            if (!vocabulary.contains(w)) {
                outside++;
            }
        }
        return new SplitReport(split, words.size(), outside, handling);
    }

    /**
     * Returns the share of the split's words outside the vocabulary.
     *
     * @return a fraction in [0, 1]
     */
    public double outOfVocabularyShare() {
        return words == 0 ? 0 : (double) outOfVocabulary / words;
    }

    /**
     * Returns the words left in the split after reading: all of them, less those dropped.
     *
     * @return the words the split's id stream holds
     */
    public int wordsKept() {
        return handling == UnknownWords.DROP ? words - outOfVocabulary : words;
    }

    /**
     * Returns the counts in a few words, such as {@code valid 3986 of 73760 (5.40%) dropped}.
     *
     * @return the description
     */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "%s %d of %d (%.2f%%) %s",
                split,
                outOfVocabulary,
                words,
                100 * outOfVocabularyShare(),
                handling == UnknownWords.DROP ? "dropped" : "read as " + Vocabulary.UNK);
    }

    /**
     * Returns the counts as results of a run, keyed {@code SPLIT_oov_words} and {@code
     * SPLIT_oov_share}.
     *
     * @return the two values
     */
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(split + "_oov_words", (double) outOfVocabulary);
        m.put(split + "_oov_share", outOfVocabularyShare());
        return m;
    }

    /**
     * Returns the reports of several splits on one line, such as {@code words outside the
     * training vocabulary: valid 3986 of 73760 (5.40%) dropped, test ...}.
     *
     * @param reports the reports
     * @return the line, or an empty string if there are none
     */
    public static String describe(List<SplitReport> reports) {
        if (reports.isEmpty()) {
            return "";
        }
        return "words outside the training vocabulary: "
                + String.join(", ", reports.stream().map(SplitReport::describe).toList());
    }
}
