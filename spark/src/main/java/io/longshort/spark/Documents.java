package io.longshort.spark;

import java.util.List;

/**
 * Why a document cannot be scored before the model sees it: a missing text, binary data, text
 * that was not valid UTF-8, no words, or more words than the limit. Each answer becomes the
 * record's {@code error} field, so one bad document never fails a job.
 */
final class Documents {

    private Documents() {}

    /**
     * Checks a document's raw text.
     *
     * @param text the text, possibly {@code null}
     * @param column the text column, for the message
     * @return the problem, or {@code null} if the text may be split into words
     */
    static String checkText(String text, String column) {
        if (text == null) {
            return "no text: the " + column + " field is missing or null";
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\uFFFD') {
                // Hadoop's and Spark's text readers put U+FFFD where the bytes were not UTF-8
                return "not UTF-8 text (the character U+FFFD at position " + i
                        + " stands for bytes that are not valid UTF-8)";
            }
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x0B) {
                return "binary data (control character U+" + String.format("%04X", (int) c) + " at position " + i + ")";
            }
        }
        return null;
    }

    /**
     * Checks a document's words.
     *
     * @param words the words
     * @param maxWords the most words a document may have
     * @return the problem, or {@code null} if the document may be scored
     */
    static String checkWords(List<String> words, int maxWords) {
        if (words.isEmpty()) {
            return "no words to score (empty after splitting at white space)";
        }
        if (words.size() > maxWords) {
            return words.size() + " words, over the limit of " + maxWords
                    + " (raise it with CorpusScorer.Builder.optMaxWords or --max-words)";
        }
        return null;
    }
}
