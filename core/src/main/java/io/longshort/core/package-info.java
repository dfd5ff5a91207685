/**
 * longshort core: engine-neutral word-level LSTM language models on DJL.
 *
 * <p>Sub-packages: {@code spec} (model spec, training plan, presets), {@code data} (corpus,
 * vocabulary, batching), {@code model} (the DJL block graph), {@code train} (the training loop of
 * the recipe), {@code eval} (evaluation and the test report), {@code checkpoint} (saving and
 * restoring), and {@code engine} (the engine plugin SPI).
 */
package io.longshort.core;
