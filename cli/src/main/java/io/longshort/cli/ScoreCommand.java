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

    @Option(
            names = "--each-line",
            description = "Score every non-blank line alone, as its own document after <eos>, one after another"
                    + " in this process: one result a line (the figures batch-score gives that line), then a summary"
                    + " with words/s.")
    boolean eachLine;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        UnfinishedRunCheck.check(model);
        if (eachLine) {
            List<String> lines = readLines();
            if (lines.stream().allMatch(String::isBlank)) {
                throw new LongshortException(
                        shownName() + " has no lines to score: give a text with at least one non-blank line.");
            }
            try (LanguageModel lm = LanguageModel.load(model, common.resolveEngine(null))) {
                scoreEachLine(lm, lines, out);
            }
        } else {
            List<String> words = readWords();
            if (words.isEmpty()) {
                throw new LongshortException(
                        shownName() + " has no words to score: give a text with at least one word.");
            }
            try (LanguageModel lm = LanguageModel.load(model, common.resolveEngine(null))) {
                report(lm, lm.score(words), file, null, out);
            }
        }
        out.flush();
        return 0;
    }

    private void scoreEachLine(LanguageModel lm, List<String> lines, PrintWriter out) {
        long start = System.nanoTime();
        long words = 0;
        int scored = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            Score score = lm.score(line + "\n");
            words += score.words().size();
            scored++;
            report(lm, score, "line " + (i + 1), (long) i + 1, out);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.println(String.format(
                Locale.ROOT,
                "%s: %d lines, %d words, scored one line at a time in %.1f s: %.0f words/s (%s)",
                file,
                scored,
                words,
                seconds,
                words / seconds,
                lm.engine()));
        if (common.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("engine", lm.engine());
            json.put("file", file);
            json.put("lines", scored);
            json.put("words", words);
            json.put("seconds", seconds);
            json.put("words_per_second", words / seconds);
            json.put("model_dir", model.toAbsolutePath().normalize().toString());
            out.println(Json.line(json));
        }
    }

    /**
     * Prints one score: its words if asked, then its summary line, its JSON, or (a line's record
     * under {@code --json}) its JSON alone.
     */
    private void report(LanguageModel lm, Score score, String label, Long line, PrintWriter out) {
        int unknown = 0;
        for (WordScore w : score.words()) {
            if (!w.word().equals(w.scoredAs())) {
                unknown++;
            }
        }
        boolean record = line != null && common.json; // a line's record is its JSON alone
        if (perWord && !record) {
            for (WordScore w : score.words()) {
                out.println(String.format(
                        Locale.ROOT,
                        "%10.4f  %s%s",
                        w.logProbability(),
                        w.word(),
                        w.word().equals(w.scoredAs()) ? "" : " (as " + w.scoredAs() + ")"));
            }
        }
        if (!record) {
            out.println(String.format(
                    Locale.ROOT,
                    "%s: %d words (%d read as %s), log-probability %.4f, perplexity %.3f (%s)",
                    label,
                    score.words().size(),
                    unknown,
                    Vocabulary.UNK,
                    score.logProbability(),
                    score.perplexity(),
                    lm.engine()));
        }
        if (!common.json) {
            return;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("engine", lm.engine());
        json.put("file", file);
        if (line != null) {
            json.put("line", line);
        }
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
        if (line == null) {
            json.put("model_dir", model.toAbsolutePath().normalize().toString());
        }
        out.println(Json.line(json));
    }

    private String shownName() {
        return file.equals("-") ? "Standard input" : file;
    }

    private List<String> readWords() {
        return file.equals("-") ? LanguageModel.words(readStandardInput()) : PtbReader.words(existingFile());
    }

    private List<String> readLines() {
        if (file.equals("-")) {
            return readStandardInput().lines().toList();
        }
        Path path = existingFile();
        try {
            return Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LongshortException(
                    "Cannot read " + file + " as UTF-8 text (" + e.getMessage() + "); give a text file to score.", e);
        }
    }

    private static String readStandardInput() {
        try {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LongshortException("Cannot read standard input: " + e.getMessage(), e);
        }
    }

    private Path existingFile() {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new LongshortException("File not found: " + file + "; give a text file to score.");
        }
        return path;
    }
}
