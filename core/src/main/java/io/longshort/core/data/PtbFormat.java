package io.longshort.core.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether a split looks like PTB-format text, and warns when it does not. Mikolov's PTB
 * files are lower case (numbers are the word {@code N}), tokenized, with most punctuation removed
 * (only {@code . ' - $ & # / \ *} remain, inside words such as {@code u.s.} or {@code 's}) and rare
 * words replaced by {@code <unk>}. A text where more than 1% of the words have upper-case letters,
 * or hold punctuation the PTB files never have (commas, colons, brackets, quotes, ...), is most
 * likely another kind of text given by mistake; longshort still trains on it, after the warning.
 */
public final class PtbFormat {

    private static final Logger LOG = LoggerFactory.getLogger(PtbFormat.class);

    /** Characters the PTB files never hold. */
    static final String FOREIGN_PUNCTUATION = ",;:()\"!?`[]{}|=+_@%~^";

    /** The share of odd words above which a split does not look like PTB text. */
    static final double THRESHOLD = 0.01;

    private PtbFormat() {}

    /**
     * Returns the warning for a split that does not look like PTB-format text, or nothing.
     *
     * @param file the split's file, named in the warning
     * @param words the split's words as read ({@code <eos>} included)
     * @return the warning, one line with counts
     */
    public static Optional<String> check(Path file, List<String> words) {
        int total = 0;
        int upper = 0;
        int punctuation = 0;
        boolean unk = false;
        for (String w : words) {
            if (w.equals(Vocabulary.EOS)) {
                continue;
            }
            total++;
            if (w.equals(Vocabulary.UNK)) {
                unk = true;
            } else if (!w.equals("N") && hasUpperCase(w)) {
                upper++;
            }
            if (hasForeignPunctuation(w)) {
                punctuation++;
            }
        }
        if (total == 0 || (upper <= THRESHOLD * total && punctuation <= THRESHOLD * total)) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                Locale.ROOT,
                "%s does not look like PTB-format text: %d of %d words (%.1f%%) have upper-case letters and"
                        + " %d (%.1f%%) hold punctuation PTB leaves out (such as , : ( \" ?), %s; PTB text is"
                        + " lower case and tokenized, one sentence a line (training goes on).",
                file,
                upper,
                total,
                100.0 * upper / total,
                punctuation,
                100.0 * punctuation / total,
                unk ? "with <unk> for rare words" : "and no <unk>"));
    }

    /**
     * Logs the warning of {@link #check} at WARN, if there is one.
     *
     * @param file the split's file
     * @param words the split's words
     */
    static void warnIfNotPtb(Path file, List<String> words) {
        check(file, words).ifPresent(LOG::warn);
    }

    private static boolean hasUpperCase(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (Character.isUpperCase(w.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasForeignPunctuation(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (FOREIGN_PUNCTUATION.indexOf(w.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }
}
