package io.longshort.core.inference;

import io.longshort.core.LongshortException;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.BiFunction;

/**
 * How {@link LanguageModel#generate} samples: temperature, top-k and nucleus (top-p) filtering, a
 * seed, a stop word and a length limit. Immutable; build one with {@link #builder()}, where every
 * setting is optional:
 *
 * <pre>{@code
 * GenerationOptions options = GenerationOptions.builder()
 *         .optTemperature(0.8)
 *         .optTopK(40)
 *         .optTopP(0.9)
 *         .optSeed(7)
 *         .optStopWord("<eos>")
 *         .optMaxWords(30)
 *         .build();
 * }</pre>
 *
 * <p>Each word is drawn as follows: the next-word log-probabilities are divided by the
 * temperature and normalised; only the {@code topK} most probable words are kept (all if 0);
 * of those, only the smallest set of most probable words whose probabilities add up to at least
 * {@code topP} is kept; the rest is renormalised and sampled with a {@link
 * java.util.SplittableRandom} seeded with the seed (nearby seeds give unrelated draws).
 * Temperature 0 always takes the most probable word.
 */
public final class GenerationOptions {

    /** The default length limit. */
    public static final int DEFAULT_MAX_WORDS = 50;

    private final double temperature;
    private final int topK;
    private final double topP;
    private final Long seed;
    private final String stopWord;
    private final int maxWords;

    private GenerationOptions(Builder b) {
        this.temperature = b.temperature;
        this.topK = b.topK;
        this.topP = b.topP;
        this.seed = b.seed;
        this.stopWord = b.stopWord;
        this.maxWords = b.maxWords;
    }

    /**
     * Returns a builder with the defaults: temperature 1, no top-k or top-p filtering, a random
     * seed, no stop word, {@value #DEFAULT_MAX_WORDS} words.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the defaults.
     *
     * @return the default options
     */
    public static GenerationOptions defaults() {
        return builder().build();
    }

    /**
     * Returns the temperature.
     *
     * @return the temperature, 0 for always the most probable word
     */
    public double temperature() {
        return temperature;
    }

    /**
     * Returns the top-k limit.
     *
     * @return the number of most probable words kept, 0 for all
     */
    public int topK() {
        return topK;
    }

    /**
     * Returns the nucleus threshold.
     *
     * @return the cumulative probability kept, 1 for all
     */
    public double topP() {
        return topP;
    }

    /**
     * Returns the seed, if one was set.
     *
     * @return the seed, or empty for a fresh random one on each call
     */
    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    /**
     * Returns the stop word.
     *
     * @return the word that ends generation (not itself delivered), or {@code null} for none
     */
    public String stopWord() {
        return stopWord;
    }

    /**
     * Returns the length limit.
     *
     * @return the largest number of words delivered
     */
    public int maxWords() {
        return maxWords;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "GenerationOptions{temperature=%s, topK=%d, topP=%s, seed=%s, stopWord=%s, maxWords=%d}",
                temperature,
                topK,
                topP,
                seed,
                stopWord,
                maxWords);
    }

    /** Builds {@link GenerationOptions}; every setter returns the builder. */
    public static final class Builder {

        private double temperature = 1;
        private int topK;
        private double topP = 1;
        private Long seed;
        private String stopWord;
        private int maxWords = DEFAULT_MAX_WORDS;

        private Builder() {}

        /**
         * Sets the temperature: below 1 sharpens the distribution, above 1 flattens it, 0 always
         * takes the most probable word.
         *
         * @param value the temperature, 0 or more
         * @return this builder
         */
        public Builder optTemperature(double value) {
            this.temperature = value;
            return this;
        }

        /**
         * Keeps only the {@code k} most probable words at each step.
         *
         * @param k the number of words, 0 for no limit
         * @return this builder
         */
        public Builder optTopK(int k) {
            this.topK = k;
            return this;
        }

        /**
         * Keeps only the smallest set of most probable words whose probabilities add up to at
         * least {@code p} (nucleus sampling).
         *
         * @param p the threshold, in {@code (0, 1]}; 1 keeps all words
         * @return this builder
         */
        public Builder optTopP(double p) {
            this.topP = p;
            return this;
        }

        /**
         * Sets the seed: the same seed, prompt and model on the same engine give the same words.
         *
         * @param value the seed
         * @return this builder
         */
        public Builder optSeed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Sets the word that ends generation, such as {@code <eos>}; it is not delivered.
         *
         * @param word the stop word, or {@code null} for none
         * @return this builder
         */
        public Builder optStopWord(String word) {
            this.stopWord = word;
            return this;
        }

        /**
         * Sets the largest number of words delivered.
         *
         * @param n the limit, at least 1
         * @return this builder
         */
        public Builder optMaxWords(int n) {
            this.maxWords = n;
            return this;
        }

        /**
         * Validates the settings and builds the options.
         *
         * @return the options
         * @throws LongshortException naming the setter of a setting out of range
         */
        public GenerationOptions build() {
            check(temperature, topK, topP, maxWords, (setter, value) -> setter + "(" + value + ")");
            return new GenerationOptions(this);
        }
    }

    /**
     * Checks generation settings as {@link Builder#build()} does, naming each setting as the
     * caller's users know it (a command line names its options, for example).
     *
     * @param temperature the temperature
     * @param topK the top-k limit
     * @param topP the top-p mass
     * @param maxWords the length limit
     * @param name the name of a setting with its value, given the builder's setter (such as
     *     {@code optTopP}) and the value
     * @throws LongshortException naming the setting out of range and what is allowed
     */
    public static void check(
            double temperature, int topK, double topP, int maxWords, BiFunction<String, Object, String> name) {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new LongshortException(name.apply("optTemperature", temperature)
                    + ": the temperature must be a finite number, 0 or more.");
        }
        if (topK < 0) {
            throw new LongshortException(name.apply("optTopK", topK) + ": k must be 0 (no limit) or more.");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new LongshortException(name.apply("optTopP", topP) + ": p must be in (0, 1] (1 keeps every word).");
        }
        if (maxWords < 1) {
            throw new LongshortException(name.apply("optMaxWords", maxWords) + ": the limit must be at least 1.");
        }
    }
}
