package io.longshort.core.checkpoint;

import io.longshort.core.spec.ModelSpec;
import io.longshort.core.spec.TrainingPlan;
import java.util.Map;

/**
 * What a saved model folder records about itself, written as {@code model.json}: the spec it was
 * built from, the plan it was trained with, where its data came from, how far training got, and
 * the perplexities measured.
 *
 * @param formatVersion the folder format version ({@value ModelFiles#FORMAT_VERSION})
 * @param model the model spec
 * @param training the training plan
 * @param preset the preset it started from, or {@code null}
 * @param data the data source: {@code kind} ({@code builtin} or {@code ptb}), and {@code seed} or
 *     {@code path}
 * @param engine the engine it was trained on
 * @param epochsCompleted the number of whole epochs trained
 * @param stepsCompleted the number of windows trained in all
 * @param metrics perplexities and rates measured so far, by name
 * @param versions library versions (longshort, DJL, engine)
 */
public record ModelRecord(
        int formatVersion,
        ModelSpec model,
        TrainingPlan training,
        String preset,
        Map<String, String> data,
        String engine,
        int epochsCompleted,
        long stepsCompleted,
        Map<String, Double> metrics,
        Map<String, String> versions) {}
