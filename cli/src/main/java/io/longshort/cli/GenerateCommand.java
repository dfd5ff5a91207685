package io.longshort.cli;

import io.longshort.core.data.Vocabulary;
import io.longshort.core.inference.GenerationOptions;
import io.longshort.core.inference.LanguageModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code longshort generate}: sample a continuation of a prompt. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Sample a continuation of a prompt, word by word (<eos> prints as a line break).")
final class GenerateCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", required = true, description = "The model folder.")
    Path model;

    @Option(
            names = "--prompt",
            paramLabel = "TEXT",
            defaultValue = "",
            description = "The text to continue (default: a new sentence).")
    String prompt;

    @Option(
            names = "--temperature",
            paramLabel = "T",
            defaultValue = "1",
            description =
                    "Below 1 sharpens, above 1 flattens, 0 takes the most likely word (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(
            names = "--top-k",
            paramLabel = "K",
            defaultValue = "0",
            description = "Sample among the K most likely words only (default: 0, all).")
    int topK;

    @Option(
            names = "--top-p",
            paramLabel = "P",
            defaultValue = "1",
            description = "Sample among the most likely words that make up probability P (default: 1, all).")
    double topP;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Random seed; the same seed repeats the same text (default: a random one).")
    Long seed;

    @Option(
            names = "--words",
            paramLabel = "N",
            defaultValue = "50",
            description = "Generate at most N words (default: ${DEFAULT-VALUE}).")
    int words;

    @Option(names = "--stop", paramLabel = "WORD", description = "Stop at this word, such as <eos>.")
    String stop;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        UnfinishedRunCheck.check(model);
        checkOptions();
        long s = seed != null ? seed : new Random().nextLong();
        GenerationOptions options = GenerationOptions.builder()
                .optTemperature(temperature)
                .optTopK(topK)
                .optTopP(topP)
                .optSeed(s)
                .optStopWord(stop)
                .optMaxWords(words)
                .build();
        List<String> generated = new ArrayList<>();
        try (LanguageModel lm = LanguageModel.load(model, common.resolveEngine(null));
                Stream<String> stream = lm.generate(prompt, options)) {
            StringBuilder line = new StringBuilder(prompt.strip());
            out.print(line);
            stream.forEach(word -> {
                generated.add(word);
                if (word.equals(Vocabulary.EOS)) {
                    out.println();
                    line.setLength(0);
                } else {
                    out.print(line.length() == 0 ? word : " " + word);
                    line.append(' ').append(word);
                }
                out.flush();
            });
            out.println();
            if (common.json) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("engine", lm.engine());
                json.put("prompt", prompt);
                json.put("words", generated);
                json.put("seed", s);
                json.put("temperature", temperature);
                json.put("top_k", topK);
                json.put("top_p", topP);
                json.put("model_dir", model.toAbsolutePath().normalize().toString());
                out.println(Json.line(json));
            }
        }
        out.flush();
        return 0;
    }

    /** The checks of {@link GenerationOptions.Builder#build()}, naming the options of this command. */
    private void checkOptions() {
        Map<String, String> options = Map.of(
                "optTemperature",
                "--temperature",
                "optTopK",
                "--top-k",
                "optTopP",
                "--top-p",
                "optMaxWords",
                "--words");
        GenerationOptions.check(
                temperature, topK, topP, words, (setter, value) -> options.get(setter) + " is " + value);
    }
}
