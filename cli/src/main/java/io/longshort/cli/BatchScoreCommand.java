package io.longshort.cli;

import io.longshort.core.LongshortException;
import io.longshort.core.engine.Backends;
import io.longshort.spark.CorpusJob;
import io.longshort.spark.CorpusScorer;
import io.longshort.spark.JobSummary;
import io.longshort.spark.SparkSessions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code longshort batch-score}: score and filter a corpus on Apache Spark (embedded, or a cluster). */
@Command(
        name = "batch-score",
        mixinStandardHelpOptions = true,
        description = "Score every non-blank line of text files (or a field of JSON Lines) on Apache Spark,"
                + " one record per line with file, line, text, words, unknown_words, log_probability,"
                + " perplexity (and bucket, error), written as Spark's output folder.")
final class BatchScoreCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", required = true, description = "The model folder (any Hadoop path).")
    String model;

    @Option(
            names = "--input",
            paramLabel = "PATH",
            required = true,
            arity = "1..*",
            description = "Text files (one document a line), folders of them or globs.")
    List<String> inputs;

    @Option(names = "--output", paramLabel = "DIR", required = true, description = "The output folder to write.")
    String output;

    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "Spark master (default: spark-submit's, else local[*]).")
    String master;

    @Option(names = "--partitions", paramLabel = "N", description = "Spread the lines over N partitions first.")
    int partitions;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            defaultValue = "" + CorpusScorer.DEFAULT_BATCH_SIZE,
            description = "Documents scored together (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--max-words",
            paramLabel = "N",
            defaultValue = "" + CorpusScorer.DEFAULT_MAX_WORDS,
            description = "A longer document gets an error record (default ${DEFAULT-VALUE}).")
    int maxWords;

    @Option(
            names = "--buckets",
            paramLabel = "P1,P2",
            split = ",",
            description = "Tag head/middle/tail at these corpus-wide perplexity percentiles, such as 30,60.")
    List<Double> buckets;

    @Option(names = "--max-perplexity", paramLabel = "X", description = "Keep only records with perplexity below X.")
    Double maxPerplexity;

    @Option(
            names = "--format",
            paramLabel = "FMT",
            defaultValue = "json",
            description = "json (JSON Lines, default) or parquet.")
    String format;

    @Option(names = "--text-field", paramLabel = "NAME", description = "Read JSON Lines and score this field.")
    String textField;

    @Option(names = "--overwrite", description = "Replace an existing output folder.")
    boolean overwrite;

    @Mixin
    CommonOptions common;

    /**
     * Checks the local paths before Spark starts, so that a mistyped path is answered at once;
     * the job checks every path again, on whatever file system it is.
     */
    private void checkLocalPaths() {
        if (isLocal(model) && !Files.isDirectory(Path.of(model))) {
            throw new LongshortException(
                    "Model folder not found: " + model + "; give the folder a training run saved its model to.");
        }
        for (String input : inputs) {
            if (isLocal(input) && !input.matches(".*[*?\\[{].*") && !Files.exists(Path.of(input))) {
                throw new LongshortException(
                        "Input not found: " + input + "; give text files (one document a line) or folders of them.");
            }
        }
        if (isLocal(output) && !overwrite && Files.exists(Path.of(output))) {
            throw new LongshortException("Output folder exists: " + output
                    + "; give --overwrite to replace it (nothing was written), or another output folder.");
        }
    }

    private static boolean isLocal(String path) {
        return !path.contains(":");
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (buckets != null && buckets.size() != 2) {
            throw new LongshortException("--buckets has " + buckets.size()
                    + " percentiles: give two increasing percentiles between 0 and 100, such as 30,60.");
        }
        checkLocalPaths();
        CorpusJob.Builder job = CorpusJob.builder()
                .setModel(model)
                .setInputs(inputs)
                .setOutput(output)
                .optEngine(Backends.resolveName(common.engine()))
                .optPartitions(partitions)
                .optBatchSize(batchSize)
                .optMaxWords(maxWords)
                .optFormat(format)
                .optOverwrite(overwrite);
        if (buckets != null) {
            job.optBuckets(buckets.get(0), buckets.get(1), 0.0001);
        }
        if (maxPerplexity != null) {
            job.optMaxPerplexity(maxPerplexity);
        }
        if (textField != null) {
            job.optTextField(textField);
        }
        CorpusJob built = job.build();
        JobSummary summary;
        SparkSession spark = SparkSessions.start(master, "longshort batch-score");
        try {
            summary = built.run(spark);
        } finally {
            spark.stop();
        }
        out.println(summary.line());
        if (common.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("records", summary.records());
            json.put("errors", summary.errors());
            json.put("words", summary.words());
            json.put("written", summary.written());
            json.put("seconds", summary.seconds());
            json.put("words_per_second", summary.wordsPerSecond());
            if (summary.cutoffs() != null) {
                json.put("buckets", summary.buckets());
                json.put("cutoffs", summary.cutoffs());
            }
            json.put("output", summary.output());
            out.println(Json.line(json));
        }
        out.flush();
        return 0;
    }
}
