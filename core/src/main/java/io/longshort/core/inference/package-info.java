/**
 * Using a trained model: {@link io.longshort.core.inference.LanguageModel} loads a model folder on
 * any engine and answers next-word, scoring and generation questions; a {@link
 * io.longshort.core.inference.Session} follows a text word by word at a constant cost per word.
 *
 * <pre>{@code
 * try (LanguageModel lm = LanguageModel.load(Path.of("runs/demo"))) {
 *     List<WordProbability> next = lm.nextWords("the stock market", 5);
 *     Score score = lm.score("the stock market fell\n");
 *     List<String> words = lm.generate("the", GenerationOptions.builder().optSeed(7).build()).toList();
 * }
 * }</pre>
 */
package io.longshort.core.inference;
