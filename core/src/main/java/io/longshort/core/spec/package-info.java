/**
 * Immutable descriptions of a model ({@link io.longshort.core.spec.ModelSpec}, with its {@link
 * io.longshort.core.spec.SoftmaxHead}), of its training ({@link
 * io.longshort.core.spec.TrainingPlan}, with an {@link io.longshort.core.spec.Optimizer} and an
 * {@link io.longshort.core.spec.LrSchedule}) and of a whole run ({@link
 * io.longshort.core.spec.Experiment}: engine, model, training, data); their JSON form ({@link
 * io.longshort.core.spec.SpecJson}), a Keras-like {@link io.longshort.core.spec.Summary}, and the
 * recipe's presets.
 */
package io.longshort.core.spec;
