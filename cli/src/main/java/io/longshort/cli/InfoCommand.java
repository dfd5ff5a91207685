package io.longshort.cli;

import com.google.gson.JsonElement;
import io.longshort.core.checkpoint.ModelFiles;
import io.longshort.core.checkpoint.ModelRecord;
import io.longshort.core.inference.LanguageModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code longshort info}: what a model folder holds and how the model was made. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = "Summarise a model folder (spec, vocabulary, results) and its provenance (data"
                + " checksums, preset, training, engine and library versions), and check that it"
                + " loads on the chosen engine.")
final class InfoCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", required = true, description = "The model folder.")
    Path model;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        UnfinishedRunCheck.check(model);
        try (LanguageModel lm = LanguageModel.load(model, common.resolveEngine(null))) {
            ModelRecord r = lm.record();
            out.println("model folder " + model.toAbsolutePath().normalize() + " (format version " + r.formatVersion()
                    + ")");
            out.println(String.format(
                    Locale.ROOT,
                    "  model:      %s, %,d parameters, %,d words",
                    r.model(),
                    r.model().parameterCount(),
                    lm.vocabulary().size()));
            out.println("  training:   " + r.training());
            out.println("  preset:     " + r.preset());
            out.println("  trained on: " + r.engine() + ", " + r.epochsCompleted()
                    + (r.epochsCompleted() == 1 ? " epoch (" : " epochs (") + r.stepsCompleted() + " windows)");
            out.println("  data:       " + (r.data() == null ? "(not recorded)" : r.data()));
            out.println("  results:    " + metrics(r.metrics()));
            out.println("  versions:   " + r.versions());
            out.println("  loads on:   " + lm.engine() + " (" + lm.backend().describe() + ")");
            if (common.json) {
                Map<String, Object> json = new LinkedHashMap<>();
                JsonElement record = ModelFiles.gson().toJsonTree(r);
                json.put("model_dir", model.toAbsolutePath().normalize().toString());
                json.put("loaded_on", lm.engine());
                json.put("parameter_count", r.model().parameterCount());
                json.put("vocabulary_size", lm.vocabulary().size());
                json.put("record", record);
                out.println(Json.line(json));
            }
        }
        out.flush();
        return 0;
    }

    private static String metrics(Map<String, Double> metrics) {
        if (metrics == null || metrics.isEmpty()) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%.4g", e.getValue()));
        }
        return sb.toString();
    }
}
