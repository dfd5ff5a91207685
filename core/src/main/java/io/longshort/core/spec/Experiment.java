package io.longshort.core.spec;

import io.longshort.core.LongshortException;
import io.longshort.core.data.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Everything a training run needs, as one value that can be saved and read back: the engine, the
 * model, the training plan and the data. Its file form is a JSON object with exactly the keys
 * {@code engine}, {@code model}, {@code training} and {@code data} (see {@link SpecJson});
 * changing {@code engine} in such a file is how the same run moves to another engine.
 *
 * @param engine the engine name, or {@code null} to leave it to configuration (the {@code
 *     longshort.engine} property, the {@code LONGSHORT_ENGINE} variable, {@code
 *     longshort.properties}, or the only engine present)
 * @param model the model spec; training replaces its vocabulary size with the data's
 * @param training the training plan
 * @param data the data source
 */
public record Experiment(String engine, ModelSpec model, TrainingPlan training, DataSource data) {

    /** Checks that the parts are present; a blank engine name means none. */
    public Experiment {
        if (engine != null && engine.isBlank()) {
            engine = null;
        }
        if (engine != null) {
            engine = engine.trim();
        }
        if (model == null) {
            throw new LongshortException("model is missing: an experiment needs a model spec.");
        }
        if (training == null) {
            throw new LongshortException("training is missing: an experiment needs a training plan.");
        }
        if (data == null) {
            throw new LongshortException(
                    "data is missing: an experiment needs a data source, such as DataSource.builtin().");
        }
    }

    /**
     * Returns a preset as an experiment on the built-in corpus, the engine left to configuration.
     *
     * @param preset the preset
     * @return the experiment
     */
    public static Experiment of(Preset preset) {
        return new Experiment(null, preset.model(), preset.training(), DataSource.builtin());
    }

    /**
     * Returns a copy with another engine.
     *
     * @param name the engine name, or {@code null} for configuration
     * @return the copy
     */
    public Experiment withEngine(String name) {
        return new Experiment(name, model, training, data);
    }

    /**
     * Returns a copy with another model spec.
     *
     * @param spec the spec
     * @return the copy
     */
    public Experiment withModel(ModelSpec spec) {
        return new Experiment(engine, spec, training, data);
    }

    /**
     * Returns a copy with another training plan.
     *
     * @param plan the plan
     * @return the copy
     */
    public Experiment withTraining(TrainingPlan plan) {
        return new Experiment(engine, model, plan, data);
    }

    /**
     * Returns a copy with another data source.
     *
     * @param source the data source
     * @return the copy
     */
    public Experiment withData(DataSource source) {
        return new Experiment(engine, model, training, source);
    }

    /**
     * Returns the JSON text, pretty-printed, with the keys {@code engine}, {@code model}, {@code
     * training} and {@code data}.
     *
     * @return the JSON text
     */
    public String toJson() {
        return SpecJson.format(SpecJson.toJson(this));
    }

    /**
     * Reads an experiment from JSON text.
     *
     * @param json the text
     * @return the experiment
     * @throws LongshortException naming the first key that is missing, unknown or out of range
     */
    public static Experiment fromJson(String json) {
        return SpecJson.experimentFromJson(SpecJson.parseObject(json, "The experiment"));
    }

    /**
     * Reads an experiment from a JSON file.
     *
     * @param file the file
     * @return the experiment
     * @throws LongshortException if the file is missing or holds an invalid description; the
     *     message names the file
     */
    public static Experiment read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new LongshortException(
                    "Config file not found: " + file + "; check the path, or write one with Experiment.toJson().");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LongshortException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return SpecJson.experimentFromJson(SpecJson.parseObject(text, file.toString()));
        } catch (LongshortException e) {
            if (e.getMessage().startsWith(file.toString())) {
                throw e;
            }
            throw new LongshortException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the JSON text to a file.
     *
     * @param file the file
     * @throws IOException if writing fails
     */
    public void write(Path file) throws IOException {
        Files.writeString(file, toJson() + System.lineSeparator(), StandardCharsets.UTF_8);
    }

    /**
     * Returns the model's layers with output shapes and parameter counts, the total, and the
     * training plan, like Keras's {@code summary()}.
     *
     * @return the summary, several lines
     */
    public String summary() {
        return Summary.of(model, training) + System.lineSeparator() + "Engine: "
                + (engine == null ? "(configuration)" : engine) + System.lineSeparator() + "Data: "
                + data;
    }
}
