/**
 * Immutable descriptions of a model ({@link io.longshort.core.spec.ModelSpec}) and of its training
 * ({@link io.longshort.core.spec.TrainingPlan}), and the recipe's presets.
 */
package io.longshort.core.spec;
