package io.longshort.core.data.builtin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The stochastic grammar behind the built-in corpus: a probabilistic automaton whose transitions
 * are deterministic, so that the generator is its own exact oracle.
 *
 * <p>The automaton has an {@linkplain #initialState() initial state}, a {@linkplain
 * #distribution(State) distribution} over the words that may come next in every state, and a
 * {@linkplain #next(State, String) transition} that gives the next state from a state and a word.
 * Every choice of the grammar is made by the word that starts it (an opener, an adjective, a
 * noun, {@code that}, {@code and}, a preposition, {@code <eos>} are all distinct words), so the
 * state is a deterministic function of the words so far and re-parsing a stream never guesses.
 * {@linkplain #sample(State, RandomGenerator) Sampling} walks the same two functions, so the
 * probability the oracle gives a word is exactly the probability it was drawn with.
 *
 * <h2>Productions</h2>
 *
 * <pre>
 * S    -&gt; [OPENER] NP(subject) [REL] VP [and VP] &lt;eos&gt;       one sentence, one line
 * REL  -&gt; that NP(relative subject) VERB(agrees with that NP)    object relative
 *       | that VERB(agrees with the subject) NP(relative object)  subject relative
 * VP   -&gt; VERB(agrees with the subject) NP(object) [PREP NP(pp)]
 * NP   -&gt; the [ADJECTIVE] NOUN(topic of the sentence; the subject's noun chooses it)
 * </pre>
 *
 * <ul>
 *   <li>{@code OPENER} ({@link #OPENERS}) starts a sentence with probability {@link
 *       #P_OPENER}; {@code ADJECTIVE} ({@link #ADJECTIVES}) follows {@code the} with probability
 *       {@link #P_ADJECTIVE}; a relative clause follows the subject with probability {@link
 *       #P_RELATIVE}, an object relative (it starts with {@code that the}) with probability {@link
 *       #P_OBJECT_RELATIVE} and a subject relative (it starts with {@code that} and a verb)
 *       otherwise; a prepositional phrase follows an object with probability {@link #P_PP}; a
 *       second predicate ({@code and VP}) follows the first with probability {@link #P_AND}.
 *       Every list is chosen from uniformly.
 *   <li><b>Topics.</b> There are {@link #TOPICS five topics}, each with its own nouns ({@link
 *       #SINGULAR_NOUNS}, {@link #PLURAL_NOUNS}); verbs, adjectives and prepositions are shared by
 *       all topics, so they never reveal one. The subject's noun picks the sentence topic, and
 *       every other noun of the sentence (relative clause, objects, prepositional phrases) is
 *       drawn from that same topic. The topic is also a paragraph topic: the subject of the next
 *       sentence keeps it with probability {@link #P_KEEP_TOPIC} and moves to each other topic
 *       with equal probability otherwise (the first sentence of a stream picks uniformly).
 *   <li><b>Number.</b> Every noun is singular or plural with probability 1/2. The verb of each
 *       predicate of the main clause agrees with the subject, across the relative clause and
 *       across the first predicate for the one after {@code and}; the verb of an object relative
 *       agrees with the relative clause's own subject.
 * </ul>
 *
 * <p>So, for example, in <i>the pilot that the passengers help checks the old engine near the
 * runway</i> the verb {@code checks} is singular because of {@code pilot} four words back, and
 * {@code engine} and {@code runway} are aviation nouns because {@code pilot} is: a trigram model
 * sees only {@code passengers help} and {@code the old} and cannot know either (nor whether
 * {@code help} is the relative clause's verb or the main verb). Most of the
 * entropy, though, is in easily learned lexical choices (which noun of the topic, which verb,
 * which adjective), and the long-range structure is regular and never nested.
 *
 * <p>Instances are immutable and thread-safe; distributions are computed once per state and
 * cached.
 */
public final class StochasticGrammar {

    /** The sentence end: the last word of every sentence. */
    public static final String EOS = "<eos>";

    /** The only determiner. */
    public static final String THE = "the";

    /** The word that starts a relative clause. */
    public static final String THAT = "that";

    /** The word that starts the second predicate. */
    public static final String AND = "and";

    /** Probability that a sentence starts with an opener. */
    public static final double P_OPENER = 0.25;

    /** Probability that {@code the} is followed by an adjective. */
    public static final double P_ADJECTIVE = 0.4;

    /** Probability that the subject has a relative clause. */
    public static final double P_RELATIVE = 0.35;

    /** Probability that a relative clause is an object relative ({@code that the ...}). */
    public static final double P_OBJECT_RELATIVE = 0.5;

    /** Probability that an object is followed by a prepositional phrase. */
    public static final double P_PP = 0.35;

    /** Probability that the first predicate is followed by {@code and} and a second one. */
    public static final double P_AND = 0.3;

    /** Probability that a sentence keeps the topic of the previous sentence. */
    public static final double P_KEEP_TOPIC = 0.8;

    /** The topic names (documentation only: they are never emitted). */
    public static final List<String> TOPICS = List.of("aviation", "medicine", "farming", "music", "sea");

    /** The singular nouns of each topic, in the order of {@link #TOPICS}. */
    public static final List<List<String>> SINGULAR_NOUNS = List.of(
            List.of(
                    "pilot",
                    "plane",
                    "airport",
                    "runway",
                    "engine",
                    "wing",
                    "passenger",
                    "ticket",
                    "captain",
                    "hangar",
                    "cockpit",
                    "flight",
                    "helicopter",
                    "parachute"),
            List.of(
                    "doctor",
                    "nurse",
                    "patient",
                    "hospital",
                    "clinic",
                    "surgeon",
                    "pill",
                    "wound",
                    "fever",
                    "bandage",
                    "ward",
                    "injection",
                    "ambulance",
                    "pharmacist"),
            List.of(
                    "farmer", "tractor", "field", "barn", "cow", "goat", "harvest", "orchard", "plow", "fence", "seed",
                    "pig", "horse", "meadow"),
            List.of(
                    "singer", "guitar", "drum", "song", "concert", "piano", "band", "violin", "melody", "album",
                    "drummer", "stage", "trumpet", "choir"),
            List.of(
                    "sailor",
                    "ship",
                    "harbor",
                    "anchor",
                    "wave",
                    "island",
                    "boat",
                    "fisherman",
                    "net",
                    "sail",
                    "lighthouse",
                    "whale",
                    "crew",
                    "beach"));

    /** The plural nouns of each topic, parallel to {@link #SINGULAR_NOUNS}. */
    public static final List<List<String>> PLURAL_NOUNS = List.of(
            List.of(
                    "pilots",
                    "planes",
                    "airports",
                    "runways",
                    "engines",
                    "wings",
                    "passengers",
                    "tickets",
                    "captains",
                    "hangars",
                    "cockpits",
                    "flights",
                    "helicopters",
                    "parachutes"),
            List.of(
                    "doctors",
                    "nurses",
                    "patients",
                    "hospitals",
                    "clinics",
                    "surgeons",
                    "pills",
                    "wounds",
                    "fevers",
                    "bandages",
                    "wards",
                    "injections",
                    "ambulances",
                    "pharmacists"),
            List.of(
                    "farmers",
                    "tractors",
                    "fields",
                    "barns",
                    "cows",
                    "goats",
                    "harvests",
                    "orchards",
                    "plows",
                    "fences",
                    "seeds",
                    "pigs",
                    "horses",
                    "meadows"),
            List.of(
                    "singers",
                    "guitars",
                    "drums",
                    "songs",
                    "concerts",
                    "pianos",
                    "bands",
                    "violins",
                    "melodies",
                    "albums",
                    "drummers",
                    "stages",
                    "trumpets",
                    "choirs"),
            List.of(
                    "sailors",
                    "ships",
                    "harbors",
                    "anchors",
                    "waves",
                    "islands",
                    "boats",
                    "fishermen",
                    "nets",
                    "sails",
                    "lighthouses",
                    "whales",
                    "crews",
                    "beaches"));

    /** The singular (third person) form of each transitive verb; shared by all topics. */
    public static final List<String> SINGULAR_VERBS = List.of(
            "sees",
            "finds",
            "visits",
            "likes",
            "watches",
            "follows",
            "needs",
            "helps",
            "remembers",
            "describes",
            "carries",
            "moves",
            "checks",
            "cleans",
            "builds",
            "leaves",
            "praises",
            "ignores",
            "fixes",
            "studies",
            "paints",
            "chooses",
            "prefers",
            "mentions");

    /** The plural form of each verb, parallel to {@link #SINGULAR_VERBS}. */
    public static final List<String> PLURAL_VERBS = List.of(
            "see",
            "find",
            "visit",
            "like",
            "watch",
            "follow",
            "need",
            "help",
            "remember",
            "describe",
            "carry",
            "move",
            "check",
            "clean",
            "build",
            "leave",
            "praise",
            "ignore",
            "fix",
            "study",
            "paint",
            "choose",
            "prefer",
            "mention");

    /** The adjectives; shared by all topics. */
    public static final List<String> ADJECTIVES = List.of(
            "old",
            "new",
            "young",
            "small",
            "large",
            "quiet",
            "busy",
            "famous",
            "tired",
            "strange",
            "careful",
            "lucky",
            "clever",
            "angry",
            "gentle",
            "proud",
            "bright",
            "honest",
            "brave",
            "calm",
            "polite",
            "serious",
            "friendly",
            "nervous");

    /** The prepositions that start a prepositional phrase. */
    public static final List<String> PREPOSITIONS =
            List.of("near", "behind", "beside", "with", "without", "under", "above", "around");

    /** The sentence openers. */
    public static final List<String> OPENERS =
            List.of("today", "now", "then", "meanwhile", "again", "often", "sometimes", "usually");

    /** Grammatical number of a noun or a verb. */
    public enum GrammaticalNumber {
        /** One. */
        SINGULAR,
        /** More than one. */
        PLURAL
    }

    /**
     * Where the automaton is within a sentence. {@code *_DETERMINER} phases expect {@code the};
     * {@code *_MODIFIER} phases (just after {@code the}) expect an adjective or the noun; {@code
     * *_NOUN} phases (after an adjective) expect the noun.
     */
    public enum Phase {
        /** Start of a sentence: an opener or {@code the}. */
        SENTENCE_START,
        /** After an opener: {@code the}. */
        SUBJECT_DETERMINER,
        /** After the subject's {@code the}. */
        SUBJECT_MODIFIER,
        /** After the subject's adjective. */
        SUBJECT_NOUN,
        /** After the subject: {@code that} or the main verb. */
        AFTER_SUBJECT,
        /** After {@code that}: {@code the} (object relative) or a verb (subject relative). */
        RELATIVE_START,
        /** After {@code that the}. */
        RELATIVE_SUBJECT_MODIFIER,
        /** After {@code that the} and an adjective. */
        RELATIVE_SUBJECT_NOUN,
        /** After the subject of an object relative: its verb. */
        RELATIVE_VERB,
        /** After the verb of a subject relative: {@code the}. */
        RELATIVE_OBJECT_DETERMINER,
        /** After the {@code the} of a subject relative's object. */
        RELATIVE_OBJECT_MODIFIER,
        /** After the adjective of a subject relative's object. */
        RELATIVE_OBJECT_NOUN,
        /** The verb of a main-clause predicate. */
        MAIN_VERB,
        /** After the main verb: {@code the}. */
        OBJECT_DETERMINER,
        /** After the object's {@code the}. */
        OBJECT_MODIFIER,
        /** After the object's adjective. */
        OBJECT_NOUN,
        /** After the object: a preposition, {@code and} (first predicate only) or {@code <eos>}. */
        AFTER_OBJECT,
        /** After a preposition: {@code the}. */
        PP_DETERMINER,
        /** After the prepositional phrase's {@code the}. */
        PP_MODIFIER,
        /** After the prepositional phrase's adjective. */
        PP_NOUN,
        /** After the prepositional phrase: {@code and} (first predicate only) or {@code <eos>}. */
        AFTER_PP
    }

    /**
     * A state of the automaton: everything about the words so far that the future depends on.
     *
     * @param phase where the automaton is within the sentence
     * @param previousTopic the topic of the previous sentence, only at the start of a sentence and
     *     before the subject's noun (-1 otherwise and before the first sentence)
     * @param topic the topic of the current sentence once its subject's noun is known, else -1
     * @param subjectNumber the number of the subject once its noun is known, else {@code null}
     * @param relativeNumber the number of an object relative's subject until its verb, else
     *     {@code null}
     * @param secondPredicate whether the current predicate is the one after {@code and}
     */
    public record State(
            Phase phase,
            int previousTopic,
            int topic,
            GrammaticalNumber subjectNumber,
            GrammaticalNumber relativeNumber,
            boolean secondPredicate) {

        /**
         * Checks the phase and the topic numbers.
         *
         * @param phase where the automaton is within the sentence
         * @param previousTopic the previous sentence's topic, or -1
         * @param topic the current sentence's topic, or -1
         * @param subjectNumber the subject's number, or {@code null}
         * @param relativeNumber the number of an object relative's subject, or {@code null}
         * @param secondPredicate whether the current predicate is the one after {@code and}
         * @throws IllegalArgumentException if a topic is outside {@code [-1, TOPICS.size())}
         */
        public State {
            Objects.requireNonNull(phase, "phase");
            if (previousTopic < -1 || previousTopic >= TOPICS.size()) {
                throw new IllegalArgumentException("previousTopic is " + previousTopic
                        + ": it must be -1 (none) or a topic index in [0, " + TOPICS.size() + ").");
            }
            if (topic < -1 || topic >= TOPICS.size()) {
                throw new IllegalArgumentException(
                        "topic is " + topic + ": it must be -1 (none) or a topic index in [0, " + TOPICS.size() + ").");
            }
        }

        private State to(Phase next) {
            return new State(next, previousTopic, topic, subjectNumber, relativeNumber, secondPredicate);
        }
    }

    private enum Kind {
        EOS,
        THE,
        THAT,
        AND,
        OPENER,
        ADJECTIVE,
        PREPOSITION,
        VERB,
        NOUN
    }

    private record Word(Kind kind, int topic, GrammaticalNumber number) {}

    /** A distribution in a fixed order, with cumulative sums for sampling. */
    private record Distribution(String[] words, double[] cumulative, Map<String, Double> map) {}

    private static final Map<String, Word> WORDS = buildWords();

    private static final List<String> VOCABULARY = sortedVocabulary();

    private static final State INITIAL = new State(Phase.SENTENCE_START, -1, -1, null, null, false);

    private final Map<State, Distribution> cache = new ConcurrentHashMap<>();

    /** Creates the grammar (all of its parameters are the constants of this class). */
    public StochasticGrammar() {}

    /**
     * Returns the state at the start of a stream (before the first sentence, with no previous
     * topic).
     *
     * @return the initial state
     */
    public State initialState() {
        return INITIAL;
    }

    /**
     * Returns every word the grammar can emit, {@code <eos>} included, sorted.
     *
     * @return the vocabulary, unmodifiable
     */
    public List<String> vocabulary() {
        return VOCABULARY;
    }

    /**
     * Returns the probability of every word that may follow in a state. The probabilities are
     * positive and sum to 1; words that are not keys have probability 0.
     *
     * @param state the state
     * @return the next-word distribution, unmodifiable, in a fixed order
     */
    public Map<String, Double> distribution(State state) {
        return distributionOf(state).map();
    }

    /**
     * Returns the probability of a word in a state (0 if it cannot follow).
     *
     * @param state the state
     * @param word the next word
     * @return its probability
     */
    public double probability(State state, String word) {
        Double p = distributionOf(state).map().get(word);
        return p == null ? 0.0 : p;
    }

    /**
     * Returns the state after a word.
     *
     * @param state the current state
     * @param word the next word
     * @return the next state
     * @throws IllegalArgumentException if the word has probability 0 in the state
     */
    public State next(State state, String word) {
        if (probability(state, word) <= 0) {
            throw new IllegalArgumentException("word is '" + word + "': it cannot follow state " + state
                    + "; allowed are " + distribution(state).keySet() + ".");
        }
        Word w = WORDS.get(word);
        switch (state.phase()) {
            case SENTENCE_START:
                return state.to(w.kind() == Kind.THE ? Phase.SUBJECT_MODIFIER : Phase.SUBJECT_DETERMINER);
            case SUBJECT_DETERMINER:
                return state.to(Phase.SUBJECT_MODIFIER);
            case RELATIVE_OBJECT_DETERMINER:
                return state.to(Phase.RELATIVE_OBJECT_MODIFIER);
            case OBJECT_DETERMINER:
                return state.to(Phase.OBJECT_MODIFIER);
            case PP_DETERMINER:
                return state.to(Phase.PP_MODIFIER);
            case SUBJECT_MODIFIER:
            case SUBJECT_NOUN:
                if (w.kind() == Kind.ADJECTIVE) {
                    return state.to(Phase.SUBJECT_NOUN);
                }
                return new State(Phase.AFTER_SUBJECT, -1, w.topic(), w.number(), null, false);
            case RELATIVE_SUBJECT_MODIFIER:
            case RELATIVE_SUBJECT_NOUN:
                if (w.kind() == Kind.ADJECTIVE) {
                    return state.to(Phase.RELATIVE_SUBJECT_NOUN);
                }
                return new State(Phase.RELATIVE_VERB, -1, state.topic(), state.subjectNumber(), w.number(), false);
            case RELATIVE_OBJECT_MODIFIER:
            case RELATIVE_OBJECT_NOUN:
                return state.to(w.kind() == Kind.ADJECTIVE ? Phase.RELATIVE_OBJECT_NOUN : Phase.MAIN_VERB);
            case OBJECT_MODIFIER:
            case OBJECT_NOUN:
                return state.to(w.kind() == Kind.ADJECTIVE ? Phase.OBJECT_NOUN : Phase.AFTER_OBJECT);
            case PP_MODIFIER:
            case PP_NOUN:
                return state.to(w.kind() == Kind.ADJECTIVE ? Phase.PP_NOUN : Phase.AFTER_PP);
            case AFTER_SUBJECT:
                return state.to(w.kind() == Kind.THAT ? Phase.RELATIVE_START : Phase.OBJECT_DETERMINER);
            case RELATIVE_START:
                return state.to(
                        w.kind() == Kind.THE ? Phase.RELATIVE_SUBJECT_MODIFIER : Phase.RELATIVE_OBJECT_DETERMINER);
            case RELATIVE_VERB:
                return new State(Phase.MAIN_VERB, -1, state.topic(), state.subjectNumber(), null, false);
            case MAIN_VERB:
                return state.to(Phase.OBJECT_DETERMINER);
            case AFTER_OBJECT:
            case AFTER_PP:
                if (w.kind() == Kind.PREPOSITION) {
                    return state.to(Phase.PP_DETERMINER);
                }
                if (w.kind() == Kind.AND) {
                    return new State(Phase.MAIN_VERB, -1, state.topic(), state.subjectNumber(), null, true);
                }
                return new State(Phase.SENTENCE_START, state.topic(), -1, null, null, false);
            default:
                throw new IllegalStateException("unknown phase " + state.phase());
        }
    }

    /**
     * Draws the next word in a state.
     *
     * @param state the state
     * @param random the source of randomness (only {@link RandomGenerator#nextDouble()} is used)
     * @return a word with positive probability in the state
     */
    public String sample(State state, RandomGenerator random) {
        Distribution d = distributionOf(state);
        double u = random.nextDouble();
        double[] c = d.cumulative();
        int i = Arrays.binarySearch(c, u);
        // binarySearch gives the insertion point: the first index whose cumulative sum exceeds u
        i = i >= 0 ? i + 1 : -i - 1;
        return d.words()[Math.min(i, c.length - 1)];
    }

    /**
     * Draws a stream of whole sentences from the initial state: sentences are added until the
     * stream has at least {@code minWords} words, so it always ends with {@code <eos>}.
     *
     * @param random the source of randomness
     * @param minWords the least number of words (tokens, {@code <eos>} included), at least 1
     * @return the stream, modifiable
     */
    public List<String> sampleStream(RandomGenerator random, int minWords) {
        Objects.requireNonNull(random, "random");
        if (minWords < 1) {
            throw new IllegalArgumentException("minWords is " + minWords + ": it must be at least 1.");
        }
        List<String> out = new ArrayList<>(minWords + 64);
        State s = INITIAL;
        while (true) {
            String w = sample(s, random);
            out.add(w);
            s = next(s, w);
            if (s.phase() == Phase.SENTENCE_START && out.size() >= minWords) {
                return out;
            }
        }
    }

    /**
     * Returns the mean negative natural log probability of a stream's words, parsed from the
     * initial state: the cross entropy of the exact model, in nats per word.
     *
     * @param stream the words
     * @return the mean of {@code -ln p(word | state)}
     * @throws IllegalArgumentException if the stream is empty or a word cannot follow its state
     */
    public double crossEntropy(List<String> stream) {
        if (stream.isEmpty()) {
            throw new IllegalArgumentException("stream is empty: it must have at least one word.");
        }
        State s = INITIAL;
        double sum = 0;
        for (int i = 0; i < stream.size(); i++) {
            String w = stream.get(i);
            double p = probability(s, w);
            if (!(p > 0)) {
                throw new IllegalArgumentException("word " + i + " is '" + w + "': it cannot follow state " + s + ".");
            }
            sum -= Math.log(p);
            s = next(s, w);
        }
        return sum / stream.size();
    }

    /**
     * Returns the exact perplexity of a stream, {@code exp(crossEntropy(stream))}.
     *
     * @param stream the words
     * @return the perplexity
     * @throws IllegalArgumentException if the stream is empty or a word cannot follow its state
     */
    public double perplexity(List<String> stream) {
        return Math.exp(crossEntropy(stream));
    }

    /**
     * Returns the topic of a noun.
     *
     * @param word a word
     * @return its topic index into {@link #TOPICS}, or -1 if it is not a noun
     */
    public static int topicOf(String word) {
        Word w = WORDS.get(word);
        return w == null || w.kind() != Kind.NOUN ? -1 : w.topic();
    }

    /**
     * Returns the grammatical number of a noun or a verb.
     *
     * @param word a word
     * @return its number, empty if it is neither a noun nor a verb
     */
    public static Optional<GrammaticalNumber> numberOf(String word) {
        Word w = WORDS.get(word);
        return w == null ? Optional.empty() : Optional.ofNullable(w.number());
    }

    /**
     * Tells whether a word is a noun of the grammar.
     *
     * @param word a word
     * @return true for nouns
     */
    public static boolean isNoun(String word) {
        Word w = WORDS.get(word);
        return w != null && w.kind() == Kind.NOUN;
    }

    /**
     * Tells whether a word is a verb of the grammar.
     *
     * @param word a word
     * @return true for verbs
     */
    public static boolean isVerb(String word) {
        Word w = WORDS.get(word);
        return w != null && w.kind() == Kind.VERB;
    }

    private Distribution distributionOf(State state) {
        Objects.requireNonNull(state, "state");
        Distribution d = cache.get(state);
        if (d == null) {
            d = build(state);
            cache.putIfAbsent(state, d);
        }
        return d;
    }

    private static Distribution build(State s) {
        Map<String, Double> m = new LinkedHashMap<>();
        switch (s.phase()) {
            case SENTENCE_START:
                spread(m, OPENERS, P_OPENER);
                m.put(THE, 1 - P_OPENER);
                break;
            case SUBJECT_DETERMINER:
            case RELATIVE_OBJECT_DETERMINER:
            case OBJECT_DETERMINER:
            case PP_DETERMINER:
                m.put(THE, 1.0);
                break;
            case SUBJECT_MODIFIER:
            case RELATIVE_SUBJECT_MODIFIER:
            case RELATIVE_OBJECT_MODIFIER:
            case OBJECT_MODIFIER:
            case PP_MODIFIER:
                spread(m, ADJECTIVES, P_ADJECTIVE);
                nouns(m, s, 1 - P_ADJECTIVE);
                break;
            case SUBJECT_NOUN:
            case RELATIVE_SUBJECT_NOUN:
            case RELATIVE_OBJECT_NOUN:
            case OBJECT_NOUN:
            case PP_NOUN:
                nouns(m, s, 1.0);
                break;
            case AFTER_SUBJECT:
                m.put(THAT, P_RELATIVE);
                verbs(m, number(s.subjectNumber(), s), 1 - P_RELATIVE);
                break;
            case RELATIVE_START:
                m.put(THE, P_OBJECT_RELATIVE);
                verbs(m, number(s.subjectNumber(), s), 1 - P_OBJECT_RELATIVE);
                break;
            case RELATIVE_VERB:
                verbs(m, number(s.relativeNumber(), s), 1.0);
                break;
            case MAIN_VERB:
                verbs(m, number(s.subjectNumber(), s), 1.0);
                break;
            case AFTER_OBJECT: {
                spread(m, PREPOSITIONS, P_PP);
                double and = s.secondPredicate() ? 0.0 : (1 - P_PP) * P_AND;
                if (and > 0) {
                    m.put(AND, and);
                }
                m.put(EOS, 1 - P_PP - and);
                break;
            }
            case AFTER_PP:
                if (!s.secondPredicate()) {
                    m.put(AND, P_AND);
                }
                m.put(EOS, s.secondPredicate() ? 1.0 : 1 - P_AND);
                break;
            default:
                throw new IllegalStateException("unknown phase " + s.phase());
        }
        String[] words = m.keySet().toArray(new String[0]);
        double[] cumulative = new double[words.length];
        double sum = 0;
        for (int i = 0; i < words.length; i++) {
            sum += m.get(words[i]);
            cumulative[i] = sum;
        }
        return new Distribution(words, cumulative, Collections.unmodifiableMap(m));
    }

    private static GrammaticalNumber number(GrammaticalNumber n, State s) {
        if (n == null) {
            throw new IllegalArgumentException(
                    "state is " + s + ": its phase needs a grammatical number that it does not have.");
        }
        return n;
    }

    private static void spread(Map<String, Double> m, List<String> words, double mass) {
        double p = mass / words.size();
        for (String w : words) {
            m.put(w, p);
        }
    }

    private static void verbs(Map<String, Double> m, GrammaticalNumber n, double mass) {
        spread(m, n == GrammaticalNumber.SINGULAR ? SINGULAR_VERBS : PLURAL_VERBS, mass);
    }

    private static void nouns(Map<String, Double> m, State s, double mass) {
        boolean subject = s.phase() == Phase.SUBJECT_MODIFIER || s.phase() == Phase.SUBJECT_NOUN;
        int topics = TOPICS.size();
        for (int t = 0; t < topics; t++) {
            double pt;
            if (subject) {
                if (s.previousTopic() < 0) {
                    pt = 1.0 / topics;
                } else {
                    pt = t == s.previousTopic() ? P_KEEP_TOPIC : (1 - P_KEEP_TOPIC) / (topics - 1);
                }
            } else {
                if (s.topic() < 0) {
                    throw new IllegalArgumentException(
                            "state is " + s + ": its phase needs a sentence topic that it does not have.");
                }
                pt = t == s.topic() ? 1.0 : 0.0;
            }
            if (pt > 0) {
                spread(m, SINGULAR_NOUNS.get(t), mass * pt / 2);
                spread(m, PLURAL_NOUNS.get(t), mass * pt / 2);
            }
        }
    }

    private static Map<String, Word> buildWords() {
        Map<String, Word> m = new HashMap<>();
        put(m, EOS, new Word(Kind.EOS, -1, null));
        put(m, THE, new Word(Kind.THE, -1, null));
        put(m, THAT, new Word(Kind.THAT, -1, null));
        put(m, AND, new Word(Kind.AND, -1, null));
        OPENERS.forEach(w -> put(m, w, new Word(Kind.OPENER, -1, null)));
        ADJECTIVES.forEach(w -> put(m, w, new Word(Kind.ADJECTIVE, -1, null)));
        PREPOSITIONS.forEach(w -> put(m, w, new Word(Kind.PREPOSITION, -1, null)));
        if (SINGULAR_VERBS.size() != PLURAL_VERBS.size()) {
            throw new IllegalStateException("verb lists differ in size");
        }
        SINGULAR_VERBS.forEach(w -> put(m, w, new Word(Kind.VERB, -1, GrammaticalNumber.SINGULAR)));
        PLURAL_VERBS.forEach(w -> put(m, w, new Word(Kind.VERB, -1, GrammaticalNumber.PLURAL)));
        if (SINGULAR_NOUNS.size() != TOPICS.size() || PLURAL_NOUNS.size() != TOPICS.size()) {
            throw new IllegalStateException("noun lists do not match the topics");
        }
        for (int t = 0; t < TOPICS.size(); t++) {
            int topic = t;
            if (SINGULAR_NOUNS.get(t).size() != PLURAL_NOUNS.get(t).size()) {
                throw new IllegalStateException("noun lists of topic " + t + " differ in size");
            }
            SINGULAR_NOUNS.get(t).forEach(w -> put(m, w, new Word(Kind.NOUN, topic, GrammaticalNumber.SINGULAR)));
            PLURAL_NOUNS.get(t).forEach(w -> put(m, w, new Word(Kind.NOUN, topic, GrammaticalNumber.PLURAL)));
        }
        return Collections.unmodifiableMap(m);
    }

    private static void put(Map<String, Word> m, String word, Word w) {
        if (m.putIfAbsent(word, w) != null) {
            // two roles for one word would make the parse ambiguous
            throw new IllegalStateException("word '" + word + "' is listed twice");
        }
    }

    private static List<String> sortedVocabulary() {
        List<String> v = new ArrayList<>(WORDS.keySet());
        Collections.sort(v);
        return Collections.unmodifiableList(v);
    }
}
