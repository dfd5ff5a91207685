package io.longshort.dsl;

import io.longshort.core.LongshortException;
import io.longshort.core.spec.Preset;

/**
 * The entry point of the DSL: every builder starts here.
 *
 * <pre>{@code
 * ModelSpec medium = LanguageModels.model()
 *         .setVocabularySize(10_000)
 *         .setEmbeddingSize(650)
 *         .setHiddenSize(650)
 *         .optKeepProbability(0.5f)
 *         .build();                                  // equals Presets.medium().model()
 * ModelSpec shorter = LanguageModels.fromPreset("medium").optNumSteps(20).build();
 * ModelSpec tied = Presets.medium().toBuilder().optTiedWeights(true).optDropout(0.6f).build();
 * TrainingPlan plan = LanguageModels.trainingFromPreset("large").optEpochs(5).build();
 * Experiment run = LanguageModels.experiment().setModel(tied).setTraining(plan).optEngine("mxnet").build();
 * }</pre>
 */
public final class LanguageModels {

    private LanguageModels() {}

    /**
     * Starts a model spec. The vocabulary, embedding and hidden sizes are required; the rest has
     * defaults (see {@link ModelSpecBuilder}).
     *
     * @return a new builder
     */
    public static ModelSpecBuilder model() {
        return new ModelSpecBuilder();
    }

    /**
     * Starts a training plan with the medium preset's plan as defaults (see {@link
     * TrainingPlanBuilder}).
     *
     * @return a new builder
     */
    public static TrainingPlanBuilder training() {
        return new TrainingPlanBuilder();
    }

    /**
     * Starts an experiment: a model, a training plan, the data (default: the built-in corpus) and
     * the engine (default: configuration), as one value that writes to and reads from JSON (see
     * {@link ExperimentBuilder}).
     *
     * @return a new builder
     */
    public static ExperimentBuilder experiment() {
        return new ExperimentBuilder();
    }

    /**
     * Starts a model spec pre-filled from a preset's model; every setting can still be changed.
     * The vocabulary size is the recipe's 10,000 (training replaces it with the data's).
     *
     * @param preset a preset name of {@link Presets#NAMES}, case-insensitive
     * @return a new builder holding the preset's model
     * @throws LongshortException if there is no such preset (the message lists the names)
     */
    public static ModelSpecBuilder fromPreset(String preset) {
        return model().from(preset(preset).model());
    }

    /**
     * Starts a training plan pre-filled from a preset's plan; every setting can still be changed.
     *
     * @param preset a preset name of {@link Presets#NAMES}, case-insensitive
     * @return a new builder holding the preset's training plan
     * @throws LongshortException if there is no such preset (the message lists the names)
     */
    public static TrainingPlanBuilder trainingFromPreset(String preset) {
        return training().from(preset(preset).training());
    }

    private static Preset preset(String name) {
        return Presets.get(name).preset();
    }
}
