package io.longshort.dsl;

import io.longshort.core.spec.Experiment;
import io.longshort.core.spec.ModelSpec;
import io.longshort.core.spec.Preset;
import io.longshort.core.spec.TrainingPlan;
import java.util.Objects;

/**
 * A preset as a starting point for the builders: {@code
 * Presets.medium().toBuilder().optDropout(0.6f).build()}. Immutable.
 */
public final class LanguageModelPreset {

    private final Preset preset;

    LanguageModelPreset(Preset preset) {
        this.preset = Objects.requireNonNull(preset, "preset");
    }

    /**
     * Returns the preset's name.
     *
     * @return the name
     */
    public String name() {
        return preset.name();
    }

    /**
     * Returns the preset's model (vocabulary 10,000; training replaces it with the data's).
     *
     * @return the model spec
     */
    public ModelSpec model() {
        return preset.model();
    }

    /**
     * Returns the preset's training plan.
     *
     * @return the plan
     */
    public TrainingPlan training() {
        return preset.training();
    }

    /**
     * Returns the published test perplexity, or an empty string.
     *
     * @return the published result
     */
    public String published() {
        return preset.published();
    }

    /**
     * Returns the preset as core's record.
     *
     * @return the preset
     */
    public Preset preset() {
        return preset;
    }

    /**
     * Returns the preset as an experiment on the built-in corpus, the engine left to
     * configuration.
     *
     * @return the experiment
     */
    public Experiment experiment() {
        return Experiment.of(preset);
    }

    /**
     * Returns a model builder holding the preset's model.
     *
     * @return a new builder
     */
    public ModelSpecBuilder toBuilder() {
        return LanguageModels.model().from(preset.model());
    }

    /**
     * Returns a training-plan builder holding the preset's plan.
     *
     * @return a new builder
     */
    public TrainingPlanBuilder toTrainingBuilder() {
        return LanguageModels.training().from(preset.training());
    }

    /**
     * Returns an experiment builder holding the preset's model and plan, on the built-in corpus.
     *
     * @return a new builder
     */
    public ExperimentBuilder toExperimentBuilder() {
        return LanguageModels.experiment().from(experiment());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LanguageModelPreset && ((LanguageModelPreset) o).preset.equals(preset);
    }

    @Override
    public int hashCode() {
        return preset.hashCode();
    }

    @Override
    public String toString() {
        return preset.toString();
    }
}
