package io.longshort.core.inference;

/**
 * One scored word of a text.
 *
 * @param word the word as given
 * @param scoredAs the vocabulary word it was scored as: the word itself, or {@code <unk>} for a
 *     word outside the vocabulary
 * @param logProbability its natural-log probability given the words before it
 */
public record WordScore(String word, String scoredAs, double logProbability) {}
