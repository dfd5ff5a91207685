/**
 * The embedded default corpus, which needs no files: English-like sentences drawn from a
 * stochastic grammar with dependencies that span several words (number agreement across a
 * relative clause, a sentence and paragraph topic shared by the nouns), three splits for a seed,
 * and two reference perplexities: the exact one of the generator ({@link
 * io.longshort.core.data.builtin.StochasticGrammar}, the oracle) and that of a Kneser-Ney
 * {@link io.longshort.core.data.builtin.TrigramModel} (usable on PTB too). Start from {@link
 * io.longshort.core.data.builtin.BuiltinCorpus#generate(long)}.
 */
package io.longshort.core.data.builtin;
