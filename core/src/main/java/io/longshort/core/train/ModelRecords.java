package io.longshort.core.train;

import ai.djl.engine.Engine;
import io.longshort.core.checkpoint.DataChecksums;
import io.longshort.core.checkpoint.ModelFiles;
import io.longshort.core.checkpoint.ModelRecord;
import io.longshort.core.data.Corpus;
import io.longshort.core.engine.Backend;
import io.longshort.core.spec.ModelSpec;
import io.longshort.core.spec.TrainingPlan;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes the record of how a run's model was made, for its checkpoints and its final folder. The
 * data's checksums are computed once, at the first record.
 */
final class ModelRecords {

    private final Backend backend;
    private final Corpus corpus;
    private final ModelSpec spec;
    private final TrainingPlan plan;
    private final String preset;
    private final Map<String, String> dataInfo;
    private Map<String, String> dataChecksums;

    ModelRecords(
            Backend backend,
            Corpus corpus,
            ModelSpec spec,
            TrainingPlan plan,
            String preset,
            Map<String, String> dataInfo) {
        this.backend = backend;
        this.corpus = corpus;
        this.spec = spec;
        this.plan = plan;
        this.preset = preset;
        this.dataInfo = dataInfo;
    }

    /** Returns the record of a model after {@code epochs} epochs and {@code steps} windows. */
    ModelRecord of(int epochs, long steps, Map<String, Double> metrics) {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("longshort", Versions.longshort());
        versions.put("djl", Engine.getDjlVersion());
        versions.put("engine", backend.describe());
        versions.put("java", System.getProperty("java.version"));
        if (dataChecksums == null) {
            dataChecksums = DataChecksums.of(corpus);
        }
        Map<String, String> data = new LinkedHashMap<>(dataInfo);
        data.putAll(dataChecksums);
        return new ModelRecord(
                ModelFiles.FORMAT_VERSION,
                spec,
                plan,
                preset,
                data,
                backend.name(),
                epochs,
                steps,
                new LinkedHashMap<>(metrics),
                versions);
    }
}
