package io.longshort.spark;

import io.longshort.core.LongshortException;
import io.longshort.core.engine.Backends;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The job jar's main class, for {@code spark-submit}: the options of {@code longshort
 * batch-score} (without {@code --master}, which is spark-submit's) run as a {@link CorpusJob} on
 * the cluster.
 *
 * <pre>
 * spark-submit --class io.longshort.spark.BatchScoreJob longshort-spark-job.jar \
 *     --model hdfs:///models/ptb --input hdfs:///corpus --output hdfs:///scored --buckets 30,60
 * </pre>
 */
public final class BatchScoreJob {

    /** How a job's user names the engine, as the message for several engines tells it. */
    static final String ENGINE_CHOICE = "with --engine NAME";

    private BatchScoreJob() {}

    /**
     * Runs the job and prints its summary.
     *
     * @param args the options
     */
    public static void main(String[] args) {
        try {
            CorpusJob job = parse(args);
            SparkSession spark = SparkSessions.start(null, "longshort batch-score");
            try {
                System.out.println(job.run(spark).line());
            } finally {
                spark.stop();
            }
        } catch (LongshortException e) {
            System.err.println("longshort: error: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * Reads the options into a job.
     *
     * @param args {@code --name value} pairs; {@code --input} takes one or more values,
     *     {@code --overwrite} none
     * @return the job
     * @throws LongshortException naming an unknown or incomplete option
     */
    static CorpusJob parse(String[] args) {
        CorpusJob.Builder b = CorpusJob.builder();
        String engine = null;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--overwrite")) {
                b.optOverwrite(true);
                continue;
            }
            if (name.equals("--input")) {
                List<String> inputs = new ArrayList<>();
                while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    inputs.add(args[++i]);
                }
                b.setInputs(inputs);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new LongshortException(name + " needs a value: see the README's 'Scoring corpora at scale'.");
            }
            String value = args[++i];
            switch (name) {
                case "--model" -> b.setModel(value);
                case "--output" -> b.setOutput(value);
                case "--engine" -> engine = value;
                case "--partitions" -> b.optPartitions(whole(name, value));
                case "--batch-size" -> b.optBatchSize(whole(name, value));
                case "--max-words" -> b.optMaxWords(whole(name, value));
                case "--max-perplexity" -> b.optMaxPerplexity(number(name, value));
                case "--format" -> b.optFormat(value);
                case "--text-field" -> b.optTextField(value);
                case "--buckets" -> {
                    String[] p = value.split(",");
                    if (p.length != 2) {
                        throw new LongshortException("--buckets has " + p.length
                                + " percentiles: give two increasing percentiles between 0 and 100, such as 30,60.");
                    }
                    b.optBuckets(number(name, p[0]), number(name, p[1]), 0.0001);
                }
                default ->
                    throw new LongshortException("Unknown option " + name + ": the job takes --model, --input,"
                            + " --output, --engine, --partitions, --batch-size, --max-words, --buckets,"
                            + " --max-perplexity, --format, --text-field and --overwrite.");
            }
        }
        return b.optEngine(Backends.resolveName(engine, ENGINE_CHOICE)).build();
    }

    private static int whole(String option, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new LongshortException(option + " is '" + value + "': give a whole number.");
        }
    }

    private static double number(String option, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new LongshortException(option + " is '" + value + "': give a number.");
        }
    }
}
