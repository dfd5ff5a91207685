package io.longshort.cli;

import io.longshort.core.LongshortException;
import io.longshort.core.data.PtbReader;
import io.longshort.core.data.Vocabulary;
import io.longshort.core.inference.LanguageModel;
import io.longshort.core.inference.Score;
import io.longshort.core.inference.WordScore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

/** {@code longshort score}: the log-probability and perplexity of a text file. */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description = "Score a text file (PTB format: words separated by spaces, every line end is <eos>):"
                + " total log-probability, perplexity, and optionally every word's log-probability.")
final class ScoreCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", required = true, description = "The model folder.")
    Path model;

    @Option(names = "--per-word", description = "Print every word's log-probability.")
    boolean perWord;

    @Parameters(paramLabel = "FILE", description = "The text file, or - for standard input.")
    String file;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        UnfinishedRunCheck.check(model);
        List<String> words = read();
        if (words.isEmpty()) {
            throw new LongshortException((file.equals("-") ? "Standard input" : file)
                    + " has no words to score: give a text with at least one word.");
        }
        try (LanguageModel lm = LanguageModel.load(model, common.resolveEngine(null))) {
            Score score = lm.score(words);
            int unknown = 0;
            for (WordScore w : score.words()) {
                if (!w.word().equals(w.scoredAs())) {
                    unknown++;
                }
            }
            if (perWord) {
                for (WordScore w : score.words()) {
                    out.println(String.format(
                            Locale.ROOT,
                            "%10.4f  %s%s",
                            w.logProbability(),
                            w.word(),
                            w.word().equals(w.scoredAs()) ? "" : " (as " + w.scoredAs() + ")"));
                }
            }
            out.println(String.format(
                    Locale.ROOT,
                    "%s: %d words (%d read as %s), log-probability %.4f, perplexity %.3f (%s)",
                    file,
                    score.words().size(),
                    unknown,
                    Vocabulary.UNK,
                    score.logProbability(),
                    score.perplexity(),
                    lm.engine()));
            if (common.json) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("engine", lm.engine());
                json.put("file", file);
                json.put("words", score.words().size());
                json.put("unknown_words", unknown);
                json.put("log_probability", score.logProbability());
                json.put("perplexity", score.perplexity());
                if (perWord) {
                    List<Map<String, Object>> list = new ArrayList<>();
                    for (WordScore w : score.words()) {
                        Map<String, Object> item = new LinkedHashMap<>();
                        item.put("word", w.word());
                        item.put("scored_as", w.scoredAs());
                        item.put("log_probability", w.logProbability());
                        list.add(item);
                    }
                    json.put("per_word", list);
                }
                json.put("model_dir", model.toAbsolutePath().normalize().toString());
                out.println(Json.line(json));
            }
        }
        out.flush();
        return 0;
    }

    private List<String> read() {
        if (file.equals("-")) {
            try {
                return LanguageModel.words(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new LongshortException("Cannot read standard input: " + e.getMessage(), e);
            }
        }
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new LongshortException("File not found: " + file + "; give a text file to score.");
        }
        return PtbReader.words(path);
    }
}
