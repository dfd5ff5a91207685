package io.longshort.core.data;

import java.nio.file.Path;
import java.util.List;

/** How a plain-text file becomes a word stream. Words are separated by whitespace. */
public enum Tokenizer {
    /**
     * One sentence a line: every line end becomes {@code <eos>}, as in PTB's files (Windows line
     * ends included).
     */
    SENTENCE_PER_LINE,
    /** Whitespace only: line ends separate words like any space and give no {@code <eos>}. */
    WHITESPACE;

    /**
     * Reads a UTF-8 text file into words.
     *
     * @param file the file
     * @return the words
     */
    public List<String> words(Path file) {
        return this == SENTENCE_PER_LINE ? PtbReader.words(file) : PtbReader.wordsWithoutLineEnds(file);
    }
}
