package io.longshort.core.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.longshort.core.LongshortException;
import io.longshort.core.model.CarriedState;
import io.longshort.core.model.Network;
import java.util.List;

/**
 * Follows a text word by word: append a word, get its log-probability and the suggestions for
 * the next one. The session keeps only the network's recurrent state and the next-word
 * distribution, and each word costs one network step of batch 1, so the cost per word does not
 * grow with the length of the text so far. A session starts at the start of a text (as if
 * {@code <eos>} had just been read), so appending the words of a text gives the same
 * log-probabilities as {@link LanguageModel#score} of that text.
 *
 * <pre>{@code
 * try (Session s = lm.newSession()) {
 *     for (String word : List.of("the", "stock", "market")) {
 *         double logp = s.append(word);
 *         List<WordProbability> next = s.nextWords(3);
 *     }
 * }
 * }</pre>
 *
 * <p>A session is used by one thread at a time; sessions of the same model may run on different
 * threads at once. Close it to free its native memory.
 */
public final class Session implements AutoCloseable {

    private final LanguageModel model;
    private final CarriedState state;
    private double[] next;
    private int length;
    private double total;
    private boolean closed;

    Session(LanguageModel model) {
        this.model = model;
        this.state = new CarriedState(model.network());
        advance(model.eosId());
    }

    /**
     * Appends a word and returns its log-probability given the text before it.
     *
     * @param word the word ({@code <eos>} ends a sentence); unknown words read as {@code <unk>}
     *     where the vocabulary has it
     * @return the natural-log probability of the word
     * @throws LongshortException naming a word outside a vocabulary without {@code <unk>}
     */
    public double append(String word) {
        int id = model.id(word);
        double logp = next[id];
        advance(id);
        total += logp;
        length++;
        return logp;
    }

    /**
     * Appends a text (split as {@link LanguageModel#words} does) and returns the log-probability
     * of each of its words.
     *
     * @param text the text
     * @return one log-probability per word
     */
    public double[] appendText(String text) {
        List<String> words = LanguageModel.words(text);
        int[] ids = model.ids(words);
        return appendIds(ids);
    }

    double[] appendIds(int[] ids) {
        double[] out = new double[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = next[ids[i]];
            advance(ids[i]);
            total += out[i];
            length++;
        }
        return out;
    }

    /**
     * Returns the k most likely next words, most likely first.
     *
     * @param k how many, at least 1
     * @return the words with their probabilities
     */
    public List<WordProbability> nextWords(int k) {
        checkOpen();
        return model.top(next, k);
    }

    /**
     * Returns the log-probability that the next word is the given one, without appending it.
     *
     * @param word the word
     * @return its natural-log probability
     */
    public double logProbability(String word) {
        checkOpen();
        return next[model.id(word)];
    }

    /**
     * Returns the log-probabilities of every vocabulary word as the next word, in id order.
     *
     * @return a copy, one value per word
     */
    public double[] logProbabilities() {
        checkOpen();
        return next.clone();
    }

    double[] logProbabilitiesInternal() {
        checkOpen();
        return next;
    }

    /**
     * Returns the number of words appended.
     *
     * @return the length of the text so far
     */
    public int length() {
        return length;
    }

    /**
     * Returns the total log-probability of the words appended.
     *
     * @return the sum of their natural-log probabilities
     */
    public double logProbability() {
        return total;
    }

    private void advance(int id) {
        checkOpen();
        int v = model.vocabulary().size();
        Network network = model.network();
        next = model.compute(() -> {
            try (NDManager step = network.manager().newSubManager()) {
                NDArray x = step.create(new int[] {id}, model.shape(1));
                NDList out = network.forward(x, state.get(), false);
                double[] logp = out.get(0)
                        .reshape(1, v)
                        .toType(DataType.FLOAT64, false)
                        .logSoftmax(1)
                        .toDoubleArray();
                state.carry(out);
                return logp;
            }
        });
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The session is closed.");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            state.close();
        }
    }
}
