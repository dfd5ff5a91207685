package io.longshort.dsl;

import io.longshort.core.LongshortException;
import io.longshort.core.data.DataSource;
import io.longshort.core.engine.Backends;
import io.longshort.core.spec.Experiment;
import io.longshort.core.spec.ModelSpec;
import io.longshort.core.spec.TrainingPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Builds an {@link Experiment}: a model, a training plan, the data and the engine, as one value
 * that can be written to a JSON file and trained from it. Obtain one from {@link
 * LanguageModels#experiment()} or {@code Presets.tiny().toExperimentBuilder()}.
 *
 * <pre>{@code
 * Experiment e = LanguageModels.experiment()
 *         .setModel(Presets.small().toBuilder().optTiedWeights(true).build())
 *         .setTraining(LanguageModels.training().optEpochs(13).build())
 *         .optData(DataSource.ptb(Path.of("simple-examples/data")))
 *         .optEngine("mxnet")
 *         .build();
 * }</pre>
 *
 * <p>The model and the plan are required; the data defaults to the built-in corpus and the engine
 * to configuration. {@link #build()} checks that a named engine is present and that the data's
 * files exist; the fit of the steps to the data is checked when the data is read (see {@link
 * ModelSpecBuilder#setVocabulary}).
 */
public final class ExperimentBuilder {

    private String engine;
    private ModelSpec model;
    private TrainingPlan training;
    private DataSource data = DataSource.builtin();

    ExperimentBuilder() {}

    /**
     * Copies every part of an existing experiment.
     *
     * @param experiment the experiment to start from
     * @return this builder
     */
    public ExperimentBuilder from(Experiment experiment) {
        Objects.requireNonNull(experiment, "experiment");
        engine = experiment.engine();
        model = experiment.model();
        training = experiment.training();
        data = experiment.data();
        return this;
    }

    /**
     * Sets the model (required).
     *
     * @param spec the model spec
     * @return this builder
     */
    public ExperimentBuilder setModel(ModelSpec spec) {
        model = spec;
        return this;
    }

    /**
     * Sets the training plan (required).
     *
     * @param plan the plan
     * @return this builder
     */
    public ExperimentBuilder setTraining(TrainingPlan plan) {
        training = plan;
        return this;
    }

    /**
     * Sets the data (default: the built-in corpus, seed 42).
     *
     * @param source the data source
     * @return this builder
     */
    public ExperimentBuilder optData(DataSource source) {
        data = source;
        return this;
    }

    /**
     * Names the engine (default {@code null}: chosen by configuration, see {@link
     * Backends#select}).
     *
     * @param name an engine name such as {@code pytorch} or {@code mxnet}, or {@code null}
     * @return this builder
     */
    public ExperimentBuilder optEngine(String name) {
        engine = name;
        return this;
    }

    /**
     * Validates the parts and returns the experiment.
     *
     * @return the experiment
     * @throws LongshortException naming the setters of missing parts, an engine that is not
     *     present (with the engines that are), or data files that do not exist
     */
    public Experiment build() {
        List<String> missing = new ArrayList<>();
        if (model == null) {
            missing.add("setModel(ModelSpec)");
        }
        if (training == null) {
            missing.add("setTraining(TrainingPlan)");
        }
        if (!missing.isEmpty()) {
            throw new LongshortException("Call " + String.join(" and ", missing) + ": "
                    + (missing.size() == 1 ? "it is" : "they are") + " required.");
        }
        if (data == null) {
            throw new LongshortException(
                    "data is null: it must be a data source, such as DataSource.builtin() (the default).");
        }
        if (engine != null && !engine.isBlank()) {
            List<String> available = Backends.available();
            if (!available.contains(engine.trim().toLowerCase(Locale.ROOT))) {
                throw new LongshortException("engine is '" + engine + "': it must be one of the engines" + " present "
                        + available + ", or null to leave it to configuration.");
            }
        }
        data.check();
        return new Experiment(engine == null ? null : engine.trim().toLowerCase(Locale.ROOT), model, training, data);
    }

    @Override
    public String toString() {
        return "ExperimentBuilder{engine=" + engine + ", model=" + model + ", training=" + training + ", data=" + data
                + '}';
    }
}
