/**
 * Fluent Java builders over core's immutable specs, in DJL's style: required settings are {@code
 * setX}, optional ones {@code optX}, every setter returns the builder, and {@code build()}
 * validates, naming the setter to call when a required setting is missing and passing on core's
 * message when a value is out of range.
 *
 * <p>{@link io.longshort.dsl.LanguageModels} is the one entry point:
 *
 * <pre>{@code
 * ModelSpec model = LanguageModels.model()
 *         .setVocabularySize(10_000)
 *         .setEmbeddingSize(650)
 *         .setHiddenSize(650)
 *         .optKeepProbability(0.5f)
 *         .build();
 * TrainingPlan plan = LanguageModels.training().optEpochs(39).optLrDecay(0.8f).build();
 * ModelSpec large = LanguageModels.fromPreset("large").optNumSteps(20).build();
 * }</pre>
 */
package io.longshort.dsl;
