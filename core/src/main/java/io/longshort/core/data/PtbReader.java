package io.longshort.core.data;

import io.longshort.core.LongshortException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a PTB-format folder: {@code ptb.train.txt}, {@code ptb.valid.txt} and {@code
 * ptb.test.txt}, whitespace-separated words, one sentence a line. Every line end becomes {@code
 * <eos>} (Windows line ends included); the vocabulary comes from the training file.
 */
public final class PtbReader {

    /** The three split names, in order. */
    public static final List<String> SPLITS = List.of("train", "valid", "test");

    private PtbReader() {}

    /**
     * Returns the path of a split's file in a folder.
     *
     * @param folder the folder
     * @param split {@code train}, {@code valid} or {@code test}
     * @return the file path
     */
    public static Path splitFile(Path folder, String split) {
        return folder.resolve("ptb." + split + ".txt");
    }

    /**
     * Reads the three splits of a folder into a corpus.
     *
     * @param folder the folder
     * @param unknown what to do with valid/test words outside the training vocabulary
     * @return the corpus
     */
    public static Corpus read(Path folder, UnknownWords unknown) {
        requireSplits(folder, SPLITS);
        List<String> train = nonEmpty(splitFile(folder, "train"));
        List<String> valid = nonEmpty(splitFile(folder, "valid"));
        List<String> test = nonEmpty(splitFile(folder, "test"));
        return Corpus.fromWords(folder.toString(), train, valid, test, unknown);
    }

    /**
     * Reads a split file, refusing one without words (empty, or blank lines only) and warning
     * about one that does not look like PTB-format text ({@link PtbFormat}).
     */
    private static List<String> nonEmpty(Path file) {
        List<String> words = words(file);
        if (words.stream().allMatch(Vocabulary.EOS::equals)) {
            throw new LongshortException("Empty data file: " + file + " has no words; give a PTB-format text file,"
                    + " words separated by spaces, one sentence a line.");
        }
        PtbFormat.warnIfNotPtb(file, words);
        return words;
    }

    /**
     * Checks that a folder exists and holds the files of the given splits, failing with a
     * one-line message that names what is missing.
     *
     * @param folder the data folder
     * @param splits the splits that must be there, such as {@code List.of("test")}
     */
    public static void requireSplits(Path folder, List<String> splits) {
        List<String> files = splits.stream().map(s -> "ptb." + s + ".txt").toList();
        String needed = files.size() == 1
                ? files.get(0)
                : String.join(", ", files.subList(0, files.size() - 1)) + " and " + files.get(files.size() - 1);
        if (Files.isRegularFile(folder)) {
            Path parent = folder.toAbsolutePath().normalize().getParent();
            throw new LongshortException("Data folder " + folder + " is a file, not a folder: pass the folder holding "
                    + needed + (parent != null ? ", probably " + parent : "") + ".");
        }
        if (!Files.isDirectory(folder)) {
            throw new LongshortException(
                    "Data folder not found: " + folder + "; pass a folder holding " + needed + ".");
        }
        for (String split : splits) {
            Path file = splitFile(folder, split);
            if (!Files.isRegularFile(file)) {
                throw new LongshortException(
                        "Missing split file " + file + ": the data folder must hold " + needed + ".");
            }
        }
    }

    /**
     * Reads one PTB-format file as a word stream, each line end giving {@code <eos>}.
     *
     * @param file the file
     * @return the words
     */
    public static List<String> words(Path file) {
        return words(file, true);
    }

    /**
     * Reads one UTF-8 text file as a word stream where line ends only separate words (no {@code
     * <eos>}).
     *
     * @param file the file
     * @return the words
     */
    public static List<String> wordsWithoutLineEnds(Path file) {
        return words(file, false);
    }

    private static List<String> words(Path file, boolean eosAtLineEnd) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new LongshortException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new LongshortException(file + " is not UTF-8 text: give a plain-text file, one sentence a line.");
        }
        if (text.indexOf('\0') >= 0) {
            throw new LongshortException(file + " holds binary data: give a plain-text file, one sentence a line.");
        }
        return tokenize(text, eosAtLineEnd);
    }

    /**
     * Splits a text as the PTB files are read: at white space, with {@code <eos>} for every line
     * end (a last line without a line end gets none). {@code \r\n} line ends work too.
     *
     * @param text the text
     * @return the words
     */
    public static List<String> tokenize(String text) {
        return tokenize(text, true);
    }

    private static List<String> tokenize(String text, boolean eosAtLineEnd) {
        List<String> out = new ArrayList<>(text.length() / 5);
        int n = text.length();
        int i = 0;
        while (i < n) {
            int end = text.indexOf('\n', i);
            if (end < 0) {
                end = n;
            }
            addWords(text, i, end, out);
            if (end < n && eosAtLineEnd) {
                out.add(Vocabulary.EOS);
            }
            i = end + 1;
        }
        return out;
    }

    private static void addWords(String text, int from, int to, List<String> out) {
        int i = from;
        while (i < to) {
            while (i < to && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < to && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(text.substring(start, i));
            }
        }
    }
}
