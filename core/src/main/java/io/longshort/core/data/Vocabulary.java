package io.longshort.core.data;

import io.longshort.core.LongshortException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The words a model knows, each with an id. Built from the training words, sorted by frequency
 * (most frequent first) and then by word, as the tutorial does. Immutable and thread-safe.
 */
public final class Vocabulary {

    /** The sentence-end token that every line end becomes. */
    public static final String EOS = "<eos>";
    /** The unknown-word token of PTB. */
    public static final String UNK = "<unk>";

    private final List<String> words;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> words) {
        this.words = List.copyOf(words);
        Map<String, Integer> map = new HashMap<>(words.size() * 2);
        for (int i = 0; i < words.size(); i++) {
            if (map.put(words.get(i), i) != null) {
                throw new LongshortException(
                        "The vocabulary lists '" + words.get(i) + "' twice: each word must appear once.");
            }
        }
        this.ids = map;
    }

    /**
     * Builds the vocabulary of a word stream: sorted by descending count, then by word.
     *
     * @param trainWords the training words
     * @return the vocabulary
     */
    public static Vocabulary build(List<String> trainWords) {
        Map<String, Integer> counts = new HashMap<>();
        for (String w : trainWords) {
            counts.merge(w, 1, Integer::sum);
        }
        if (counts.isEmpty()) {
            throw new LongshortException(
                    "The training data has no words: the vocabulary would be empty; give a non-empty"
                            + " training file.");
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((a, b) -> {
            int c = Integer.compare(b.getValue(), a.getValue());
            return c != 0 ? c : a.getKey().compareTo(b.getKey());
        });
        List<String> sorted = new ArrayList<>(entries.size());
        for (Map.Entry<String, Integer> e : entries) {
            sorted.add(e.getKey());
        }
        return new Vocabulary(sorted);
    }

    /**
     * Creates a vocabulary from words in id order.
     *
     * @param words the words, the id of each being its index
     * @return the vocabulary
     */
    public static Vocabulary of(List<String> words) {
        if (words.isEmpty()) {
            throw new LongshortException("A vocabulary needs at least one word: give a non-empty list of words.");
        }
        return new Vocabulary(words);
    }

    /**
     * Reads a vocabulary written by {@link #save}: one word a line, in id order.
     *
     * @param file the file
     * @return the vocabulary
     * @throws IOException if the file cannot be read
     */
    public static Vocabulary load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new LongshortException(
                    "No vocabulary file at " + file + ": point to a model folder saved by longshort.");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> words = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (!line.isEmpty()) {
                words.add(line);
            }
        }
        if (words.isEmpty()) {
            throw new LongshortException(file + " has no words: the model folder is damaged; restore it from a"
                    + " copy or train the model again.");
        }
        return of(words);
    }

    /**
     * Writes the vocabulary, one word a line in id order.
     *
     * @param file the file
     * @throws IOException if the file cannot be written
     */
    public void save(Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String word : words) {
                w.write(word);
                w.write('\n');
            }
        }
    }

    /**
     * Returns the number of words.
     *
     * @return the size
     */
    public int size() {
        return words.size();
    }

    /**
     * Returns the word of an id.
     *
     * @param id the id
     * @return the word
     */
    public String word(int id) {
        return words.get(id);
    }

    /**
     * Returns the id of a word, or -1 if the word is not in the vocabulary.
     *
     * @param word the word
     * @return the id or -1
     */
    public int id(String word) {
        Integer id = ids.get(word);
        return id == null ? -1 : id;
    }

    /**
     * Returns whether the vocabulary holds a word.
     *
     * @param word the word
     * @return whether it is known
     */
    public boolean contains(String word) {
        return ids.containsKey(word);
    }

    /**
     * Returns the words in id order.
     *
     * @return the words
     */
    public List<String> words() {
        return Collections.unmodifiableList(words);
    }

    /**
     * Converts words to ids.
     *
     * @param stream the words
     * @param unknown what to do with words outside the vocabulary
     * @return the ids
     */
    public int[] encode(List<String> stream, UnknownWords unknown) {
        int unkId = id(UNK);
        if (unknown == UnknownWords.MAP_TO_UNK && unkId < 0) {
            throw new LongshortException("Unknown words are to be mapped to <unk>, but the vocabulary has no <unk>: use"
                    + " the policy DROP or train on data that contains <unk>.");
        }
        int[] out = new int[stream.size()];
        int n = 0;
        for (String w : stream) {
            Integer id = ids.get(w);
            if (id != null) {
                out[n++] = id;
            } else if (unknown == UnknownWords.MAP_TO_UNK) {
                out[n++] = unkId;
            }
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /**
     * Converts ids to words.
     *
     * @param idsToDecode the ids
     * @return the words
     */
    public List<String> decode(int[] idsToDecode) {
        List<String> out = new ArrayList<>(idsToDecode.length);
        for (int id : idsToDecode) {
            out.add(words.get(id));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary && ((Vocabulary) o).words.equals(words);
    }

    @Override
    public int hashCode() {
        return words.hashCode();
    }

    @Override
    public String toString() {
        return "Vocabulary{size=" + words.size() + '}';
    }
}
