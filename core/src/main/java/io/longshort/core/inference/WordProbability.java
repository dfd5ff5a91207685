package io.longshort.core.inference;

/**
 * A candidate next word and its probability.
 *
 * @param word the word, as the vocabulary spells it
 * @param probability its probability given the context, in {@code [0, 1]}
 */
public record WordProbability(String word, double probability) {}
