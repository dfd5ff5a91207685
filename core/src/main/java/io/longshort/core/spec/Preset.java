package io.longshort.core.spec;

/**
 * A named starting point: a model spec and a training plan, with the published result to compare
 * with. The vocabulary size of the spec is the recipe's 10,000; training replaces it with the
 * size of the data's vocabulary.
 *
 * @param name the preset name
 * @param model the model spec
 * @param training the training plan
 * @param published the published test perplexity, or an empty string
 */
public record Preset(String name, ModelSpec model, TrainingPlan training, String published) {}
