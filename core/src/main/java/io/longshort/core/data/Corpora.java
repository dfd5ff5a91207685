package io.longshort.core.data;

import io.longshort.core.data.builtin.BuiltinCorpus;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/** Entry points for the corpora longshort trains on. */
public final class Corpora {

    private Corpora() {}

    /**
     * Returns the built-in corpus for a seed, with its oracle and trigram perplexities.
     *
     * @param seed the generator seed ({@link BuiltinCorpus#DEFAULT_SEED} by default)
     * @return the corpus
     */
    public static Corpus builtin(long seed) {
        return fromBuiltin(BuiltinCorpus.generate(seed));
    }

    /**
     * Converts a generated built-in corpus into id streams.
     *
     * @param generated the generated corpus
     * @return the corpus
     */
    public static Corpus fromBuiltin(BuiltinCorpus generated) {
        Vocabulary vocabulary = Vocabulary.build(generated.train());
        return new Corpus(
                "builtin(seed=" + generated.seed() + ")",
                vocabulary,
                vocabulary.encode(generated.train(), UnknownWords.DROP),
                vocabulary.encode(generated.valid(), UnknownWords.DROP),
                vocabulary.encode(generated.test(), UnknownWords.DROP),
                OptionalDouble.of(generated.oraclePerplexity()),
                OptionalDouble.of(generated.trigramPerplexity()),
                List.of(
                        SplitReport.of("valid", generated.valid(), vocabulary, UnknownWords.DROP),
                        SplitReport.of("test", generated.test(), vocabulary, UnknownWords.DROP)));
    }

    /**
     * Reads a PTB-format folder, dropping valid/test words outside the vocabulary (the tutorial).
     *
     * @param folder the folder with ptb.train.txt, ptb.valid.txt and ptb.test.txt
     * @return the corpus
     */
    public static Corpus ptb(Path folder) {
        return PtbReader.read(folder, UnknownWords.DROP);
    }
}
