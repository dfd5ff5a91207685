package io.longshort.cli;

import io.longshort.core.LongshortException;
import io.longshort.core.inference.LanguageModel;
import io.longshort.core.inference.WordProbability;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code longshort predict}: the most likely next words after a context. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = "Print the most likely next words after a context, with their probabilities.")
final class PredictCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", required = true, description = "The model folder.")
    Path model;

    @Option(
            names = {"-k", "--top"},
            paramLabel = "K",
            defaultValue = "10",
            description = "How many words (default: ${DEFAULT-VALUE}).")
    int top;

    @Parameters(
            paramLabel = "CONTEXT",
            arity = "0..*",
            description = "The words so far (default: the start of a sentence).")
    List<String> context = new ArrayList<>();

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        UnfinishedRunCheck.check(model);
        if (top < 1) {
            throw new LongshortException("-k is " + top + ": ask for at least 1 word.");
        }
        String text = String.join(" ", context);
        try (LanguageModel lm = LanguageModel.load(model, common.resolveEngine(null))) {
            List<WordProbability> next = lm.nextWords(text, top);
            out.println("after \"" + text + "\" (" + lm.engine() + "):");
            for (WordProbability w : next) {
                out.println(String.format(Locale.ROOT, "  %.4f  %s", w.probability(), w.word()));
            }
            if (common.json) {
                List<Map<String, Object>> predictions = new ArrayList<>();
                for (WordProbability w : next) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("word", w.word());
                    item.put("probability", w.probability());
                    predictions.add(item);
                }
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("engine", lm.engine());
                json.put("context", text);
                json.put("predictions", predictions);
                json.put("model_dir", model.toAbsolutePath().normalize().toString());
                out.println(Json.line(json));
            }
        }
        out.flush();
        return 0;
    }
}
