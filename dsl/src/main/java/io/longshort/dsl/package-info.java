/**
 * Fluent Java builders over core's immutable specs, in DJL's style: required settings are {@code
 * setX}, optional ones {@code optX}, every setter returns the builder, and {@code build()}
 * validates, naming the setter to call when a required setting is missing, and the setting, the
 * value given and what is allowed when a value is impossible or contradicts another.
 *
 * <p>{@link io.longshort.dsl.LanguageModels} is the entry point, {@link io.longshort.dsl.Presets}
 * the starting points:
 *
 * <pre>{@code
 * ModelSpec model = LanguageModels.model()
 *         .setVocabularySize(10_000)
 *         .setEmbeddingSize(650)
 *         .setHiddenSize(650)
 *         .optKeepProbability(0.5f)
 *         .optTiedWeights(true)
 *         .build();
 * TrainingPlan plan = LanguageModels.training().optEpochs(39).optLrDecay(0.8f).build();
 * ModelSpec wider = Presets.medium().toBuilder().setHiddenSize(800).optDropout(0.6f).build();
 * Experiment run = LanguageModels.experiment().setModel(model).setTraining(plan).optEngine("mxnet").build();
 * }</pre>
 *
 * <p>Kotlin code uses the type-safe builders of {@code io.longshort.dsl.kotlin} ({@code
 * languageModel { }}, {@code trainingPlan { }}, {@code experiment { }}), a thin layer over these
 * builders.
 */
package io.longshort.dsl;
