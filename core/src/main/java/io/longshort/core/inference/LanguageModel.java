package io.longshort.core.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.longshort.core.LongshortException;
import io.longshort.core.checkpoint.ModelFiles;
import io.longshort.core.checkpoint.ModelRecord;
import io.longshort.core.data.PtbReader;
import io.longshort.core.data.Vocabulary;
import io.longshort.core.engine.Backend;
import io.longshort.core.engine.Backends;
import io.longshort.core.model.Network;
import io.longshort.core.spec.Layout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A trained language model, loaded from a model folder onto an engine, that answers questions
 * about text: the most likely next words ({@link #nextWords}), the probability of a text word by
 * word ({@link #score}), sampled continuations ({@link #generate}), and a {@link Session} that
 * follows a text word by word. {@link #nextWordsBatch} and {@link #scoreBatch} answer many texts
 * in shared forward passes (for a server or a corpus job), each text exactly as alone.
 *
 * <pre>{@code
 * try (LanguageModel lm = LanguageModel.load(Path.of("runs/demo"), "mxnet")) {
 *     for (WordProbability w : lm.nextWords("the stock market", 5)) {
 *         System.out.println(w.word() + " " + w.probability());
 *     }
 * }
 * }</pre>
 *
 * <p><b>Text.</b> A text is split into words at white space, and every line end becomes {@code
 * <eos>}, exactly as the PTB files are read; a text starts as if the model had just read {@code
 * <eos>} (the start of a sentence). A word outside the vocabulary is read as {@code <unk>} when
 * the vocabulary has it (PTB); otherwise (the built-in corpus) the call fails with a message
 * naming the word.
 *
 * <p><b>Threads.</b> One model may be shared by any number of threads: every call works in its
 * own native memory and never changes the model, so concurrent calls give exactly the results of
 * the same calls made one after another. Every call runs with the engine's gradient recording
 * off and the same engine settings on every thread ({@link Backend#inference}) and the parameters are frozen, so no call records a
 * gradient and every thread computes exactly the same way. On an engine that cannot run
 * inference from several threads at once (MXNet: {@link Backend#concurrentInference()}) the
 * calls take turns.
 * A {@link Session} belongs to one thread at a time.
 *
 * <p>Close the model to free its native memory; sessions and unfinished generation streams of a
 * closed model stop working.
 */
public final class LanguageModel implements AutoCloseable {

    /** The longest run of words given to the network in one call; longer texts carry the state. */
    static final int CHUNK = 256;

    private final Path directory;
    private final ModelRecord record;
    private final Vocabulary vocabulary;
    private final Network network;
    private final Backend backend;
    private final int eosId;
    private final int unkId;
    private final ReentrantLock turns;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LanguageModel(Path directory, ModelFiles.SavedModel saved, Backend backend) {
        this.directory = directory;
        this.record = saved.record();
        this.vocabulary = saved.vocabulary();
        this.network = saved.network();
        this.backend = backend;
        this.eosId = vocabulary.id(Vocabulary.EOS);
        this.unkId = vocabulary.id(Vocabulary.UNK);
        if (eosId < 0) {
            throw new LongshortException(
                    directory.resolve(ModelFiles.VOCABULARY) + " has no " + Vocabulary.EOS + ": " + ModelFiles.DAMAGED);
        }
        this.turns = backend.concurrentInference() ? null : new ReentrantLock();
        // frozen parameters: no autograd graph on any thread (libtorch's grad mode is per thread)
        for (Parameter p : network.parameters()) {
            p.freeze(true);
        }
    }

    /**
     * Loads a model folder on the engine chosen by configuration ({@code longshort.engine},
     * {@code LONGSHORT_ENGINE}, {@code longshort.properties}, else the only engine present).
     *
     * @param directory the model folder written by training
     * @return the model; close it when done
     * @throws LongshortException if the folder is missing, damaged or of an unknown version
     */
    public static LanguageModel load(Path directory) {
        return load(directory, (String) null);
    }

    /**
     * Loads a model folder on a named engine. A model trained on one engine loads on any other.
     *
     * @param directory the model folder written by training
     * @param engineName {@code pytorch}, {@code mxnet}, or {@code null} for the configured engine
     * @return the model; close it when done
     * @throws LongshortException if the folder is missing, damaged or of an unknown version, or
     *     the engine is unknown
     */
    public static LanguageModel load(Path directory, String engineName) {
        return load(directory, Backends.select(engineName));
    }

    /**
     * Loads a model folder on a backend.
     *
     * @param directory the model folder written by training
     * @param backend the engine
     * @return the model; close it when done
     */
    public static LanguageModel load(Path directory, Backend backend) {
        // loading sets parameters in place, which libtorch refuses on a thread whose grad mode is on
        // (every thread but the one that loaded the engine, such as a Spark task's)
        ModelFiles.SavedModel saved = backend.inference(() -> ModelFiles.load(directory, backend));
        try {
            return new LanguageModel(directory, saved, backend);
        } catch (RuntimeException e) {
            saved.close();
            throw e;
        }
    }

    /**
     * Splits a text into words as the PTB files are read: at white space, with {@code <eos>} for
     * every line end (a last line without a line end gets none).
     *
     * @param text the text
     * @return the words
     */
    public static List<String> words(String text) {
        return PtbReader.tokenize(text);
    }

    /**
     * Returns the k most likely next words after a context, most likely first (ties in
     * vocabulary order).
     *
     * @param context the text so far; empty for the start of a sentence
     * @param k how many words, at least 1 (more than the vocabulary gives all of it)
     * @return the words with their probabilities
     */
    public List<WordProbability> nextWords(String context, int k) {
        return nextWords(words(context), k);
    }

    /**
     * Returns the k most likely next words after a context given as words.
     *
     * @param context the words so far
     * @param k how many words, at least 1
     * @return the words with their probabilities, most likely first
     */
    public List<WordProbability> nextWords(List<String> context, int k) {
        checkK(k);
        int[] inputs = withStart(ids(context));
        double[] last = run(inputs, null, null);
        return top(last, k);
    }

    /**
     * Scores a text: the log-probability of each word given the words before it.
     *
     * @param text the text (line ends are scored as {@code <eos>})
     * @return the score
     */
    public Score score(String text) {
        return score(words(text));
    }

    /**
     * Scores a text given as words.
     *
     * @param words the words
     * @return the score
     */
    public Score score(List<String> words) {
        int[] targets = ids(words);
        int n = targets.length;
        if (n == 0) {
            return toScore(words, targets, new double[0]);
        }
        double[] logp = new double[n];
        run(scoreInputs(targets), targets, logp);
        return toScore(words, targets, logp);
    }

    /**
     * Returns the k most likely next words after each of many contexts, computed together: the
     * contexts share forward passes of up to {@value BatchedRun#MAX_TEXTS} texts, padded after
     * their ends, so that many short requests cost little more than one. Each context gets the
     * answer {@link #nextWords(String, int)} gives it alone.
     *
     * @param contexts the texts so far; empty ones are the start of a sentence
     * @param k how many words for each, at least 1
     * @return one list of words per context, in the order given
     * @throws LongshortException if k is below 1, or a context has a word outside a vocabulary
     *     without {@code <unk>} (then nothing is computed)
     */
    public List<List<WordProbability>> nextWordsBatch(List<String> contexts, int k) {
        checkK(k);
        List<int[]> inputs = new ArrayList<>(contexts.size());
        for (String context : contexts) {
            inputs.add(contextIds(context));
        }
        BatchedRun.Result[] results = new BatchedRun(this).run(inputs, null, true);
        List<List<WordProbability>> out = new ArrayList<>(results.length);
        for (BatchedRun.Result r : results) {
            out.add(top(r.last(), k));
        }
        return out;
    }

    /**
     * Scores many texts computed together, as {@link #nextWordsBatch} does: each text gets the
     * score {@link #score(String)} gives it alone.
     *
     * @param texts the texts
     * @return one score per text, in the order given
     * @throws LongshortException if a text has a word outside a vocabulary without {@code <unk>}
     *     (then nothing is computed)
     */
    public List<Score> scoreBatch(List<String> texts) {
        List<List<String>> words = new ArrayList<>(texts.size());
        List<int[]> targets = new ArrayList<>(texts.size());
        for (String text : texts) {
            List<String> w = words(text);
            words.add(w);
            targets.add(ids(w));
        }
        List<int[]> runInputs = new ArrayList<>();
        List<int[]> runTargets = new ArrayList<>();
        for (int[] t : targets) {
            if (t.length > 0) {
                runInputs.add(scoreInputs(t));
                runTargets.add(t);
            }
        }
        BatchedRun.Result[] results = new BatchedRun(this).run(runInputs, runTargets, false);
        List<Score> out = new ArrayList<>(texts.size());
        int next = 0;
        for (int i = 0; i < texts.size(); i++) {
            int[] t = targets.get(i);
            double[] logp = t.length == 0 ? new double[0] : results[next++].picked();
            out.add(toScore(words.get(i), t, logp));
        }
        return out;
    }

    /** The inputs that predict a text's words: {@code <eos>}, then every word but the last. */
    private int[] scoreInputs(int[] targets) {
        int[] inputs = new int[targets.length];
        inputs[0] = eosId;
        System.arraycopy(targets, 0, inputs, 1, targets.length - 1);
        return inputs;
    }

    private Score toScore(List<String> words, int[] targets, double[] logp) {
        int n = targets.length;
        if (n == 0) {
            return new Score(List.of(), 0, Double.NaN);
        }
        List<WordScore> scored = new ArrayList<>(n);
        double total = 0;
        for (int i = 0; i < n; i++) {
            scored.add(new WordScore(words.get(i), vocabulary.word(targets[i]), logp[i]));
            total += logp[i];
        }
        return new Score(scored, total, Math.exp(-total / n));
    }

    /**
     * Samples a continuation of a prompt, delivered as a lazy stream of words: each word is
     * computed when the stream asks for it. The stream ends at the stop word (not delivered) or
     * after {@link GenerationOptions#maxWords()} words; every word is a vocabulary word. Close
     * the stream (or read it to its end) to free its native memory at once.
     *
     * @param prompt the text to continue; empty for a new sentence
     * @param options temperature, top-k, top-p, seed, stop word and length limit
     * @return the words
     */
    public Stream<String> generate(String prompt, GenerationOptions options) {
        int[] promptIds = ids(words(prompt));
        SplittableRandom random =
                options.seed().isPresent() ? new SplittableRandom(options.seed().getAsLong()) : new SplittableRandom();
        Session session = newSession();
        try {
            session.appendIds(promptIds);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        Spliterator<String> words =
                new Spliterators.AbstractSpliterator<String>(
                        options.maxWords(), Spliterator.ORDERED | Spliterator.NONNULL) {
                    private int produced;
                    private boolean done;

                    @Override
                    public boolean tryAdvance(Consumer<? super String> action) {
                        if (done) {
                            return false;
                        }
                        int id = Sampler.sample(session.logProbabilitiesInternal(), options, random);
                        String word = vocabulary.word(id);
                        if (word.equals(options.stopWord())) {
                            finish();
                            return false;
                        }
                        produced++;
                        if (produced >= options.maxWords()) {
                            finish();
                        } else {
                            session.appendIds(new int[] {id});
                        }
                        action.accept(word);
                        return true;
                    }

                    private void finish() {
                        done = true;
                        session.close();
                    }
                };
        return StreamSupport.stream(words, false).onClose(session::close);
    }

    /**
     * Starts a session at the start of a text (as if {@code <eos>} had just been read).
     *
     * @return the session; close it when done
     */
    public Session newSession() {
        checkOpen();
        return new Session(this);
    }

    /**
     * Runs the network over word ids in inference mode (no dropout, no gradient). For
     * integration code such as a DJL block; the other methods are simpler to use.
     *
     * @param ids the word ids, {@code [1, n]} if {@link #layout()} is batch-major, else {@code
     *     [n, 1]}
     * @param state the recurrent state a previous call returned (every array after the logits),
     *     or {@code null} for the start of a text
     * @return the logits ({@code [1, n, V]} or {@code [n, 1, V]}), then the final state
     */
    public NDList forward(NDArray ids, NDList state) {
        return compute(() -> network.forward(ids, state, false));
    }

    /**
     * Returns the ids the network reads for a context: {@code <eos>}, then each word's id
     * (unknown words as {@code <unk>}).
     *
     * @param context the text so far
     * @return the ids
     * @throws LongshortException naming a word outside a vocabulary without {@code <unk>}
     */
    public int[] contextIds(String context) {
        return withStart(ids(words(context)));
    }

    /**
     * Returns the id of a word, or of {@code <unk>} for a word outside the vocabulary.
     *
     * @param word the word
     * @return the id
     * @throws LongshortException naming the word if it is unknown and there is no {@code <unk>}
     */
    public int id(String word) {
        int id = vocabulary.id(word);
        if (id >= 0) {
            return id;
        }
        if (unkId >= 0) {
            return unkId;
        }
        throw new LongshortException(quoted(word) + " is not in the model's vocabulary of "
                + vocabulary.size() + " words, which has no " + Vocabulary.UNK
                + " for unknown words: use words the model was trained on (see "
                + ModelFiles.VOCABULARY + " in the model folder).");
    }

    /** A word in quotes for a message, cut short if it is long (a text without spaces is one word). */
    private static String quoted(String word) {
        int max = 40;
        return word.length() <= max
                ? "'" + word + "'"
                : "'" + word.substring(0, max) + "...' (" + word.length() + " characters)";
    }

    /**
     * Returns the vocabulary.
     *
     * @return the vocabulary
     */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /**
     * Returns what the model folder records about the model: spec, training, data and metrics.
     *
     * @return the record
     */
    public ModelRecord record() {
        return record;
    }

    /**
     * Returns the folder the model was loaded from.
     *
     * @return the folder
     */
    public Path directory() {
        return directory;
    }

    /**
     * Returns the name of the engine the model runs on now.
     *
     * @return the engine name, such as {@code mxnet}
     */
    public String engine() {
        return backend.name();
    }

    /**
     * Returns the backend the model runs on.
     *
     * @return the backend
     */
    public Backend backend() {
        return backend;
    }

    /**
     * Returns the layout of the network's input.
     *
     * @return the layout
     */
    public Layout layout() {
        return network.layout();
    }

    @Override
    public void close() {
        if (!closed.getAndSet(true)) {
            network.close();
        }
    }

    @Override
    public String toString() {
        return "LanguageModel{" + directory + ", " + vocabulary.size() + " words, on " + backend.name() + '}';
    }

    // ---- internals shared with Session ----

    int eosId() {
        return eosId;
    }

    Network network() {
        return network;
    }

    int[] ids(List<String> words) {
        int[] out = new int[words.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(words.get(i));
        }
        return out;
    }

    Shape shape(int length) {
        return network.layout().shape(1, length);
    }

    /** Runs engine work, taking turns with other threads where the engine needs it. */
    <T> T compute(Supplier<T> work) {
        checkOpen();
        if (turns == null) {
            return backend.inference(work);
        }
        turns.lock();
        try {
            return backend.inference(work);
        } finally {
            turns.unlock();
        }
    }

    void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("The language model " + directory + " is closed.");
        }
    }

    List<WordProbability> top(double[] logProbs, int k) {
        checkK(k);
        int[] order = Sampler.topIds(logProbs, k);
        List<WordProbability> out = new ArrayList<>(order.length);
        for (int i = 0; i < order.length; i++) {
            out.add(new WordProbability(vocabulary.word(order[i]), Math.exp(logProbs[order[i]])));
        }
        return out;
    }

    private static void checkK(int k) {
        if (k < 1) {
            throw new LongshortException("k is " + k + ": ask for at least 1 word.");
        }
    }

    private int[] withStart(int[] ids) {
        int[] out = new int[ids.length + 1];
        out[0] = eosId;
        System.arraycopy(ids, 0, out, 1, ids.length);
        return out;
    }

    /**
     * Runs one text as a batch of one, so that a text alone and in a batch take the same path.
     *
     * @param inputs the input ids
     * @param targets the ids whose log-probabilities to pick at each position, or {@code null}
     * @param picked receives the picked log-probabilities
     * @return the log-probabilities of every word after the last input, or {@code null} when
     *     targets are given
     */
    private double[] run(int[] inputs, int[] targets, double[] picked) {
        BatchedRun.Result result = new BatchedRun(this)
                .run(List.of(inputs), targets == null ? null : List.<int[]>of(targets), targets == null)[0];
        if (targets != null) {
            System.arraycopy(result.picked(), 0, picked, 0, picked.length);
        }
        return result.last();
    }
}
