package io.longshort.core.data;

import io.longshort.core.LongshortException;
import io.longshort.core.data.builtin.BuiltinCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the words come from: the built-in corpus, a PTB-format folder, or three plain-text files
 * read with a {@link Tokenizer}. A value: {@link #load()} reads the data, {@link #check()} only
 * checks that the files are there.
 */
public sealed interface DataSource permits DataSource.Builtin, DataSource.Ptb, DataSource.TextFiles {

    /**
     * Returns the built-in corpus with its default seed (42).
     *
     * @return the source
     */
    static DataSource builtin() {
        return new Builtin(BuiltinCorpus.DEFAULT_SEED);
    }

    /**
     * Returns the built-in corpus generated from a seed.
     *
     * @param seed the generator seed
     * @return the source
     */
    static DataSource builtin(long seed) {
        return new Builtin(seed);
    }

    /**
     * Returns a PTB-format folder ({@code ptb.train.txt}, {@code ptb.valid.txt}, {@code
     * ptb.test.txt}); valid and test words outside the vocabulary are dropped, as the tutorial does.
     *
     * @param folder the folder
     * @return the source
     */
    static DataSource ptb(Path folder) {
        return new Ptb(folder, UnknownWords.DROP);
    }

    /**
     * Returns three plain-text files read with a tokenizer; valid and test words outside the
     * vocabulary are dropped.
     *
     * @param train the training file (the vocabulary comes from it)
     * @param valid the validation file
     * @param test the test file
     * @param tokenizer how lines and words are read
     * @return the source
     */
    static DataSource textFiles(Path train, Path valid, Path test, Tokenizer tokenizer) {
        return new TextFiles(train, valid, test, tokenizer, UnknownWords.DROP);
    }

    /**
     * Returns the kind, as written in JSON and in a model folder's record: {@code builtin}, {@code
     * ptb} or {@code text}.
     *
     * @return the kind
     */
    String kind();

    /**
     * Checks that the files exist, without reading them.
     *
     * @throws LongshortException naming the setting, the value and what is needed
     */
    void check();

    /**
     * Reads the data.
     *
     * @return the corpus
     */
    Corpus load();

    /**
     * Returns the description recorded in a model folder: {@code kind} and the seed or paths.
     *
     * @return the description, in a fixed order
     */
    Map<String, String> describe();

    /**
     * The built-in corpus (see {@link BuiltinCorpus}), which knows its oracle perplexity.
     *
     * @param seed the generator seed
     */
    record Builtin(long seed) implements DataSource {
        @Override
        public String kind() {
            return "builtin";
        }

        @Override
        public void check() {}

        @Override
        public Corpus load() {
            return Corpora.builtin(seed);
        }

        @Override
        public Map<String, String> describe() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("kind", kind());
            m.put("seed", Long.toString(seed));
            return m;
        }
    }

    /**
     * A PTB-format folder.
     *
     * @param folder the folder holding {@code ptb.train.txt}, {@code ptb.valid.txt} and {@code
     *     ptb.test.txt}
     * @param unknownWords what to do with valid/test words outside the vocabulary
     */
    record Ptb(Path folder, UnknownWords unknownWords) implements DataSource {

        /** Checks that the fields are present. */
        public Ptb {
            if (folder == null) {
                throw new LongshortException("data.path is missing: it must name a folder holding ptb.train.txt,"
                        + " ptb.valid.txt and ptb.test.txt.");
            }
            if (unknownWords == null) {
                throw new LongshortException("data.unknownWords is missing: it must be DROP or MAP_TO_UNK.");
            }
        }

        @Override
        public String kind() {
            return "ptb";
        }

        @Override
        public void check() {
            if (Files.isRegularFile(folder)) {
                throw new LongshortException("data.path is " + folder + ": it must be a folder holding ptb.train.txt,"
                        + " ptb.valid.txt and ptb.test.txt (it is a file, not a folder; its folder is "
                        + folder.toAbsolutePath().normalize().getParent() + ").");
            }
            if (!Files.isDirectory(folder)) {
                throw new LongshortException("data.path is " + folder + ": it must be a folder holding ptb.train.txt,"
                        + " ptb.valid.txt and ptb.test.txt (no such folder).");
            }
            for (String split : PtbReader.SPLITS) {
                Path file = PtbReader.splitFile(folder, split);
                if (!Files.isRegularFile(file)) {
                    throw new LongshortException(
                            "data.path is " + folder + ": it must be a folder holding ptb.train.txt,"
                                    + " ptb.valid.txt and ptb.test.txt (" + file.getFileName()
                                    + " is missing).");
                }
            }
        }

        @Override
        public Corpus load() {
            return PtbReader.read(folder, unknownWords);
        }

        @Override
        public Map<String, String> describe() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("kind", kind());
            m.put("path", folder.toAbsolutePath().normalize().toString());
            m.put("unknownWords", unknownWords.name());
            return m;
        }
    }

    /**
     * Three plain-text files.
     *
     * @param train the training file; the vocabulary comes from it
     * @param valid the validation file
     * @param test the test file
     * @param tokenizer how lines and words are read
     * @param unknownWords what to do with valid/test words outside the vocabulary
     */
    record TextFiles(Path train, Path valid, Path test, Tokenizer tokenizer, UnknownWords unknownWords)
            implements DataSource {

        /** Checks that the fields are present. */
        public TextFiles {
            if (train == null || valid == null || test == null) {
                throw new LongshortException("data.train, data.valid and data.test are " + train + ", " + valid
                        + " and " + test + ": they must all name text files.");
            }
            if (tokenizer == null) {
                throw new LongshortException("data.tokenizer is missing: it must be SENTENCE_PER_LINE or WHITESPACE.");
            }
            if (unknownWords == null) {
                throw new LongshortException("data.unknownWords is missing: it must be DROP or MAP_TO_UNK.");
            }
        }

        @Override
        public String kind() {
            return "text";
        }

        @Override
        public void check() {
            Map<String, Path> files = files();
            for (Map.Entry<String, Path> e : files.entrySet()) {
                if (!Files.isRegularFile(e.getValue())) {
                    throw new LongshortException("data." + e.getKey() + " is " + e.getValue()
                            + ": it must be a plain-text file (no such file).");
                }
            }
        }

        private Map<String, Path> files() {
            Map<String, Path> m = new LinkedHashMap<>();
            m.put("train", train);
            m.put("valid", valid);
            m.put("test", test);
            return m;
        }

        @Override
        public Corpus load() {
            check();
            List<String> trainWords = tokenizer.words(train);
            List<String> validWords = tokenizer.words(valid);
            List<String> testWords = tokenizer.words(test);
            return Corpus.fromWords(train.toString(), trainWords, validWords, testWords, unknownWords);
        }

        @Override
        public Map<String, String> describe() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("kind", kind());
            for (Map.Entry<String, Path> e : files().entrySet()) {
                m.put(e.getKey(), e.getValue().toAbsolutePath().normalize().toString());
            }
            m.put("tokenizer", tokenizer.name());
            m.put("unknownWords", unknownWords.name());
            return m;
        }
    }
}
