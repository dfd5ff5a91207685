package io.longshort.core.data.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longshort.core.data.builtin.StochasticGrammar.GrammaticalNumber;
import io.longshort.core.data.builtin.StochasticGrammar.Phase;
import io.longshort.core.data.builtin.StochasticGrammar.State;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StochasticGrammarTest {

    private static final StochasticGrammar GRAMMAR = new StochasticGrammar();

    /** A stream long enough to exercise every production many times. */
    private static final List<String> STREAM = GRAMMAR.sampleStream(new SplitMix64(7), 100_000);

    @Test
    void vocabularyIsSortedLowerCaseAndComplete() {
        List<String> v = GRAMMAR.vocabulary();
        List<String> sorted = new ArrayList<>(v);
        sorted.sort(null);
        assertEquals(sorted, v);
        assertEquals(new HashSet<>(v).size(), v.size());
        int nouns = StochasticGrammar.SINGULAR_NOUNS.stream()
                        .mapToInt(List::size)
                        .sum()
                + StochasticGrammar.PLURAL_NOUNS.stream().mapToInt(List::size).sum();
        int expected = 4
                + StochasticGrammar.OPENERS.size()
                + StochasticGrammar.ADJECTIVES.size()
                + StochasticGrammar.PREPOSITIONS.size()
                + StochasticGrammar.SINGULAR_VERBS.size()
                + StochasticGrammar.PLURAL_VERBS.size()
                + nouns;
        assertEquals(expected, v.size());
        assertTrue(v.size() >= 200 && v.size() <= 400, "vocabulary size " + v.size());
        for (String w : v) {
            assertTrue(w.equals("<eos>") || w.matches("[a-z]+"), w);
        }
        assertFalse(v.contains("<unk>"));
        assertTrue(v.contains(StochasticGrammar.EOS));
    }

    @Test
    void everyReachableStateHasADistributionThatSumsToOne() {
        Set<State> seen = new HashSet<>();
        Deque<State> todo = new ArrayDeque<>();
        todo.add(GRAMMAR.initialState());
        seen.add(GRAMMAR.initialState());
        Set<String> emitted = new HashSet<>();
        while (!todo.isEmpty()) {
            State s = todo.poll();
            Map<String, Double> d = GRAMMAR.distribution(s);
            double sum = 0;
            for (Map.Entry<String, Double> e : d.entrySet()) {
                assertTrue(e.getValue() > 0, () -> s + " gives " + e);
                assertEquals(e.getValue(), GRAMMAR.probability(s, e.getKey()));
                sum += e.getValue();
                emitted.add(e.getKey());
                State n = GRAMMAR.next(s, e.getKey());
                if (seen.add(n)) {
                    todo.add(n);
                }
            }
            assertEquals(1.0, sum, 1e-9, "distribution of " + s);
        }
        assertEquals(new HashSet<>(GRAMMAR.vocabulary()), emitted);
        // the automaton is small: phases x topics x numbers
        assertTrue(seen.size() < 2_000, seen.size() + " states");
    }

    @Test
    void everyStateVisitedBySamplingSumsToOne() {
        Set<State> visited = new HashSet<>();
        State s = GRAMMAR.initialState();
        for (String w : STREAM) {
            if (visited.add(s)) {
                double sum = GRAMMAR.distribution(s).values().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum();
                assertEquals(1.0, sum, 1e-9, "distribution of " + s);
            }
            s = GRAMMAR.next(s, w);
        }
        assertEquals(Phase.SENTENCE_START, s.phase());
    }

    @Test
    void reparsingAGeneratedStreamNeverMeetsAZeroProbability() {
        State s = GRAMMAR.initialState();
        for (String w : STREAM) {
            State state = s;
            assertTrue(GRAMMAR.probability(s, w) > 0, () -> w + " after " + state);
            s = GRAMMAR.next(s, w);
        }
        double h = GRAMMAR.crossEntropy(STREAM);
        assertTrue(Double.isFinite(h) && h > 0);
        assertEquals(Math.exp(h), GRAMMAR.perplexity(STREAM), 1e-12);
    }

    @Test
    void samplingIsDeterministicForAGenerator() {
        assertEquals(GRAMMAR.sampleStream(new SplitMix64(3), 5_000), GRAMMAR.sampleStream(new SplitMix64(3), 5_000));
    }

    @Test
    void streamsEndAtASentenceEndAndOvershootByLessThanASentence() {
        List<String> s = GRAMMAR.sampleStream(new SplitMix64(11), 1_000);
        assertTrue(s.size() >= 1_000 && s.size() < 1_000 + 40, "size " + s.size());
        assertEquals(StochasticGrammar.EOS, s.get(s.size() - 1));
    }

    @Test
    void impossibleWordsAndBadArgumentsAreRejectedClearly() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> GRAMMAR.next(GRAMMAR.initialState(), "pilot"));
        assertTrue(e.getMessage().contains("'pilot'"), e.getMessage());
        assertEquals(0.0, GRAMMAR.probability(GRAMMAR.initialState(), "<unk>"));
        e = assertThrows(IllegalArgumentException.class, () -> GRAMMAR.sampleStream(new SplitMix64(1), 0));
        assertTrue(e.getMessage().contains("minWords is 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GRAMMAR.crossEntropy(List.of()));
        assertThrows(IllegalArgumentException.class, () -> GRAMMAR.crossEntropy(List.of("the", "the")));
        e = assertThrows(IllegalArgumentException.class, () -> new State(Phase.OBJECT_NOUN, -1, 99, null, null, false));
        assertTrue(e.getMessage().contains("topic is 99"), e.getMessage());
        // a phase that needs a topic or a number it was not given
        assertThrows(
                IllegalArgumentException.class,
                () -> GRAMMAR.distribution(new State(Phase.OBJECT_NOUN, -1, -1, null, null, false)));
        assertThrows(
                IllegalArgumentException.class,
                () -> GRAMMAR.distribution(new State(Phase.MAIN_VERB, -1, 0, null, null, false)));
    }

    /**
     * The long dependencies, checked on the words alone (not on the automaton's states): the main
     * verb agrees with the subject across the relative clause, although the word just before it
     * (all a trigram sees besides the one before that) has the other number about half the time;
     * the verb after {@code and} agrees with the subject too; and every noun of a sentence has the
     * subject's topic.
     */
    @Test
    void mainVerbsAgreeWithTheSubjectAcrossRelativeClauses() {
        int relatives = 0;
        int misleading = 0;
        int seconds = 0;
        for (List<String> sentence : sentences(STREAM)) {
            Parsed p = parse(sentence);
            for (String verb : p.mainVerbs) {
                assertEquals(number(p.subject), number(verb), () -> String.join(" ", sentence));
            }
            for (String noun : p.nouns) {
                assertEquals(
                        StochasticGrammar.topicOf(p.subject),
                        StochasticGrammar.topicOf(noun),
                        () -> String.join(" ", sentence));
            }
            if (p.wordBeforeMainVerbAfterRelative != null) {
                relatives++;
                if (number(p.wordBeforeMainVerbAfterRelative) != number(p.subject)) {
                    misleading++;
                }
            }
            seconds += p.mainVerbs.size() == 2 ? 1 : 0;
        }
        assertTrue(relatives > 1_000, relatives + " relative clauses");
        assertTrue(seconds > 1_000, seconds + " second predicates");
        double share = (double) misleading / relatives;
        assertTrue(share > 0.4 && share < 0.6, "misleading share " + share);
    }

    @Test
    void theParagraphTopicPersistsAndTheChoicesHaveTheirProbabilities() {
        List<List<String>> sentences = sentences(STREAM);
        int same = 0;
        int relatives = 0;
        int previous = -1;
        for (List<String> sentence : sentences) {
            Parsed p = parse(sentence);
            int topic = StochasticGrammar.topicOf(p.subject);
            same += topic == previous ? 1 : 0;
            previous = topic;
            relatives += sentence.contains(StochasticGrammar.THAT) ? 1 : 0;
        }
        double keep = (double) same / (sentences.size() - 1);
        assertEquals(StochasticGrammar.P_KEEP_TOPIC, keep, 0.03);
        assertEquals(StochasticGrammar.P_RELATIVE, (double) relatives / sentences.size(), 0.03);
    }

    @Test
    void wordClassesAreReported() {
        assertEquals(0, StochasticGrammar.topicOf("pilot"));
        assertEquals(-1, StochasticGrammar.topicOf("sees"));
        assertTrue(StochasticGrammar.isNoun("fishermen"));
        assertTrue(StochasticGrammar.isVerb("carry"));
        assertFalse(StochasticGrammar.isVerb("the"));
        assertEquals(
                GrammaticalNumber.PLURAL, StochasticGrammar.numberOf("carry").orElseThrow());
        assertEquals(
                GrammaticalNumber.SINGULAR, StochasticGrammar.numberOf("pilot").orElseThrow());
        assertTrue(StochasticGrammar.numberOf("near").isEmpty());
    }

    // ---- an independent parser of the sentences, on the word lists alone ----

    private static final class Parsed {
        String subject;
        final List<String> nouns = new ArrayList<>();
        final List<String> mainVerbs = new ArrayList<>();
        String wordBeforeMainVerbAfterRelative;
    }

    static List<List<String>> sentences(List<String> stream) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String w : stream) {
            if (w.equals(StochasticGrammar.EOS)) {
                out.add(current);
                current = new ArrayList<>();
            } else {
                current.add(w);
            }
        }
        return out;
    }

    private static Parsed parse(List<String> s) {
        Parsed p = new Parsed();
        int[] i = {0};
        if (StochasticGrammar.OPENERS.contains(s.get(0))) {
            i[0]++;
        }
        p.subject = nounPhrase(s, i);
        boolean relative = false;
        if (s.get(i[0]).equals(StochasticGrammar.THAT)) {
            relative = true;
            i[0]++;
            if (s.get(i[0]).equals(StochasticGrammar.THE)) {
                String noun = nounPhrase(s, i);
                p.nouns.add(noun);
                String verb = s.get(i[0]++);
                assertTrue(StochasticGrammar.isVerb(verb), () -> String.join(" ", s));
                assertEquals(number(noun), number(verb), () -> String.join(" ", s));
            } else {
                String verb = s.get(i[0]++);
                assertTrue(StochasticGrammar.isVerb(verb), () -> String.join(" ", s));
                assertEquals(number(p.subject), number(verb), () -> String.join(" ", s));
                p.nouns.add(nounPhrase(s, i));
            }
            p.wordBeforeMainVerbAfterRelative = s.get(i[0] - 1);
        }
        predicate(s, i, p);
        if (i[0] < s.size()) {
            assertEquals(StochasticGrammar.AND, s.get(i[0]++), () -> String.join(" ", s));
            predicate(s, i, p);
        }
        assertEquals(s.size(), i[0], () -> String.join(" ", s));
        assertTrue(relative || p.wordBeforeMainVerbAfterRelative == null);
        return p;
    }

    private static void predicate(List<String> s, int[] i, Parsed p) {
        String verb = s.get(i[0]++);
        assertTrue(StochasticGrammar.isVerb(verb), () -> String.join(" ", s));
        p.mainVerbs.add(verb);
        p.nouns.add(nounPhrase(s, i));
        if (i[0] < s.size() && StochasticGrammar.PREPOSITIONS.contains(s.get(i[0]))) {
            i[0]++;
            p.nouns.add(nounPhrase(s, i));
        }
    }

    private static String nounPhrase(List<String> s, int[] i) {
        assertEquals(StochasticGrammar.THE, s.get(i[0]++), () -> String.join(" ", s));
        if (StochasticGrammar.ADJECTIVES.contains(s.get(i[0]))) {
            i[0]++;
        }
        String noun = s.get(i[0]++);
        assertTrue(StochasticGrammar.isNoun(noun), () -> String.join(" ", s));
        return noun;
    }

    private static GrammaticalNumber number(String word) {
        return StochasticGrammar.numberOf(word).orElse(null);
    }
}
