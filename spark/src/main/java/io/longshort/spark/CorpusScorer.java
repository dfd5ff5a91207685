package io.longshort.spark;

import io.longshort.core.LongshortException;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Adds a language model's score to every record of a {@code Dataset<Row>}: the text column is
 * scored as one document (starting as if after {@code <eos>}; a line end inside it is scored as
 * {@code <eos>}), exactly as {@link io.longshort.core.inference.LanguageModel#score(String)} scores
 * it, and the record comes back with {@value #WORDS}, {@value #UNKNOWN_WORDS}, {@value
 * #LOG_PROBABILITY}, {@value #PERPLEXITY} and {@value #ERROR} appended.
 *
 * <pre>{@code
 * Dataset<Row> texts = spark.read().json("hdfs:///corpus/*.jsonl");
 * Dataset<Row> scored = CorpusScorer.builder()
 *         .setModel("hdfs:///models/ptb-medium")
 *         .optTextColumn("text")
 *         .build()
 *         .score(texts);
 * }</pre>
 *
 * <p>The model folder may be on any file system Hadoop reads. The driver reads the SHA-256 of
 * each file; each executor JVM copies the folder into a local cache, checks every digest, and
 * loads the model once for all its tasks. Each partition is scored in batches of {@link
 * Builder#optBatchSize}.
 *
 * <p>A document that cannot be scored (no text, binary data, text that was not UTF-8, no words,
 * more words than {@link Builder#optMaxWords}, or a word outside a vocabulary without {@code
 * <unk>}) gets a message in {@value #ERROR} and nulls for the figures; the job goes on.
 */
public final class CorpusScorer {

    /** The number of words scored (line ends count as {@code <eos>}). */
    public static final String WORDS = "words";
    /** The number of words read as {@code <unk>}. */
    public static final String UNKNOWN_WORDS = "unknown_words";
    /** The total natural-log probability. */
    public static final String LOG_PROBABILITY = "log_probability";
    /** {@code exp(-log_probability / words)}. */
    public static final String PERPLEXITY = "perplexity";
    /** Why the document was not scored, or null. */
    public static final String ERROR = "error";

    /**
     * A Spark configuration key for tests of Spark's retries: the first attempt of this
     * partition's task fails after scoring one batch.
     */
    public static final String FAIL_PARTITION_CONF = "spark.longshort.test.failFirstAttemptOfPartition";

    static final int SCORE_COLUMNS = 5;

    /** Documents scored together unless told otherwise: the fastest measured (BENCHMARKS.md). */
    public static final int DEFAULT_BATCH_SIZE = 64;

    /** The most words of a document unless told otherwise. */
    public static final int DEFAULT_MAX_WORDS = 100_000;

    private final String model;
    private final String engine;
    private final String textColumn;
    private final int batchSize;
    private final int maxWords;

    private CorpusScorer(Builder b) {
        this.model = b.model;
        this.engine = b.engine;
        this.textColumn = b.textColumn;
        this.batchSize = b.batchSize;
        this.maxWords = b.maxWords;
    }

    /**
     * Starts a scorer.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the score columns' names, in the order they are appended.
     *
     * @return the names
     */
    public static List<String> scoreColumns() {
        return List.of(WORDS, UNKNOWN_WORDS, LOG_PROBABILITY, PERPLEXITY, ERROR);
    }

    /**
     * Scores every record. The result is lazy, like any Dataset: the model is read by the
     * executors when an action runs. Persist it if more than one action reads it.
     *
     * @param texts records with a string column {@link Builder#optTextColumn}
     * @return the records with the score columns appended
     * @throws LongshortException if the text column is missing or not a string, a score column's
     *     name is taken, or the model folder is missing
     */
    public Dataset<Row> score(Dataset<Row> texts) {
        StructType schema = texts.schema();
        int textIndex = Arrays.asList(schema.fieldNames()).indexOf(textColumn);
        if (textIndex < 0) {
            throw new LongshortException("The dataset has no column '" + textColumn + "' (it has "
                    + String.join(", ", schema.fieldNames()) + "); name the text column with optTextColumn.");
        }
        if (!(schema.fields()[textIndex].dataType() instanceof StringType)) {
            throw new LongshortException("The column '" + textColumn + "' holds "
                    + schema.fields()[textIndex].dataType().simpleString() + ", not strings; give a text column.");
        }
        for (String name : scoreColumns()) {
            if (Arrays.asList(schema.fieldNames()).contains(name)) {
                throw new LongshortException("The dataset already has a column '" + name
                        + "', which scoring adds; rename or drop it first.");
            }
        }
        SparkSession spark = texts.sparkSession();
        ModelSource source = ModelSource.of(model, engine, spark.sparkContext().hadoopConfiguration());
        int failPartition = Integer.parseInt(spark.conf().get(FAIL_PARTITION_CONF, "-1"));
        StructType out = schema.add(new StructField(WORDS, DataTypes.IntegerType, true, emptyMeta()))
                .add(new StructField(UNKNOWN_WORDS, DataTypes.IntegerType, true, emptyMeta()))
                .add(new StructField(LOG_PROBABILITY, DataTypes.DoubleType, true, emptyMeta()))
                .add(new StructField(PERPLEXITY, DataTypes.DoubleType, true, emptyMeta()))
                .add(new StructField(ERROR, DataTypes.StringType, true, emptyMeta()));
        return texts.mapPartitions(
                new PartitionScorer(source, textIndex, textColumn, batchSize, maxWords, failPartition),
                Encoders.row(out));
    }

    private static org.apache.spark.sql.types.Metadata emptyMeta() {
        return org.apache.spark.sql.types.Metadata.empty();
    }

    @Override
    public String toString() {
        return "CorpusScorer{model=" + model + ", engine=" + (engine == null ? "configured" : engine) + ", textColumn="
                + textColumn + ", batchSize=" + batchSize + ", maxWords=" + maxWords + '}';
    }

    /** Builds a {@link CorpusScorer}; {@link #setModel} is required. */
    public static final class Builder {
        private String model;
        private String engine;
        private String textColumn = "text";
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int maxWords = DEFAULT_MAX_WORDS;

        private Builder() {}

        /**
         * Sets the model folder: a local path or any Hadoop path ({@code hdfs://...}).
         *
         * @param folder the folder a training run saved its model to
         * @return this builder
         */
        public Builder setModel(String folder) {
            this.model = folder;
            return this;
        }

        /**
         * Names the engine the executors load the model on; by default each executor's configured
         * engine ({@code longshort.engine}, {@code LONGSHORT_ENGINE}, {@code longshort.properties},
         * else the only one present).
         *
         * @param name {@code pytorch} or {@code mxnet}
         * @return this builder
         */
        public Builder optEngine(String name) {
            this.engine = name;
            return this;
        }

        /**
         * Names the text column (default {@code text}).
         *
         * @param column the column
         * @return this builder
         */
        public Builder optTextColumn(String column) {
            this.textColumn = column;
            return this;
        }

        /**
         * Sets how many documents of a partition are scored together (default 64: measured fastest, see BENCHMARKS.md).
         *
         * @param size at least 1
         * @return this builder
         */
        public Builder optBatchSize(int size) {
            this.batchSize = size;
            return this;
        }

        /**
         * Sets the most words a document may have (default 100,000); a longer one gets an error.
         *
         * @param words at least 1
         * @return this builder
         */
        public Builder optMaxWords(int words) {
            this.maxWords = words;
            return this;
        }

        /**
         * Builds the scorer.
         *
         * @return the scorer
         * @throws LongshortException naming the setter to call if a setting is missing or out of
         *     range
         */
        public CorpusScorer build() {
            if (model == null || model.isBlank()) {
                throw new LongshortException("No model folder: call setModel with the folder a training run saved to.");
            }
            if (textColumn == null || textColumn.isBlank()) {
                throw new LongshortException("The text column is empty: call optTextColumn with a column name.");
            }
            if (batchSize < 1) {
                throw new LongshortException("batchSize is " + batchSize + ": call optBatchSize with at least 1.");
            }
            if (maxWords < 1) {
                throw new LongshortException("maxWords is " + maxWords + ": call optMaxWords with at least 1.");
            }
            return new CorpusScorer(this);
        }
    }
}
