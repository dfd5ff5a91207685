package io.longshort.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.longshort.core.LongshortException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The whole corpus job behind {@code longshort batch-score}: reads text files (one document a
 * line) or JSON Lines, scores every non-blank line with {@link CorpusScorer}, optionally tags
 * perplexity buckets ({@link PerplexityBuckets}) and keeps the records below a perplexity, and
 * writes Spark's usual output folder (part files and {@code _SUCCESS}) in JSON Lines or Parquet.
 *
 * <p>Each output record holds {@code file}, {@code line} (1-based), {@code text}, the score
 * columns and {@code bucket} when asked for. A line of a text file is scored with its line end,
 * so its figures equal {@code longshort score} of a file holding that line alone; a JSON record's
 * text field is scored as it is.
 */
public final class CorpusJob {

    /** The input file of a record. */
    public static final String FILE = "file";
    /** The 1-based line of a record in its file. */
    public static final String LINE = "line";
    /** The text of a record (a text file's line without its line end). */
    public static final String TEXT = "text";

    private static final String DOCUMENT = "document";

    private final Builder b;

    private CorpusJob(Builder b) {
        this.b = b;
    }

    /**
     * Starts a job.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the job on a session.
     *
     * @param spark the session
     * @return what was written
     * @throws LongshortException if the model or an input is missing, or the output exists and
     *     {@link Builder#optOverwrite} is off
     */
    public JobSummary run(SparkSession spark) {
        long start = System.nanoTime();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        CorpusScorer scorer = CorpusScorer.builder()
                .setModel(b.model)
                .optEngine(b.engine)
                .optBatchSize(b.batchSize)
                .optMaxWords(b.maxWords)
                .optTextColumn(DOCUMENT)
                .build();
        List<String> files = expandInputs(conf);
        checkOutput(conf);
        Dataset<Row> documents = read(spark, files);
        if (b.partitions > 0) {
            documents = documents.repartition(b.partitions);
        }
        Dataset<Row> scored = scorer.score(documents).drop(DOCUMENT).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            PerplexityBuckets buckets = null;
            Dataset<Row> out = scored;
            if (b.buckets != null) {
                buckets = PerplexityBuckets.at(scored, b.buckets[0], b.buckets[1], b.relativeError);
                out = buckets != null
                        ? buckets.tag(out)
                        : out.withColumn(PerplexityBuckets.BUCKET, lit(null).cast("string"));
            }
            if (b.maxPerplexity != null) {
                out = out.filter(col(CorpusScorer.PERPLEXITY).lt(b.maxPerplexity));
            }
            out.write()
                    .mode(b.overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
                    .format(b.format)
                    .save(b.output);
            return summarize(scored, out, buckets, (System.nanoTime() - start) / 1e9);
        } finally {
            scored.unpersist();
        }
    }

    private JobSummary summarize(Dataset<Row> scored, Dataset<Row> out, PerplexityBuckets buckets, double seconds) {
        Row all = scored.agg(count(lit(1)), sum(col(CorpusScorer.WORDS)), count(col(CorpusScorer.ERROR)))
                .first();
        long written = b.maxPerplexity == null ? all.getLong(0) : out.count();
        Map<String, Long> counts = new LinkedHashMap<>();
        if (b.buckets != null) {
            for (String name : List.of(PerplexityBuckets.HEAD, PerplexityBuckets.MIDDLE, PerplexityBuckets.TAIL)) {
                counts.put(name, 0L);
            }
            for (Row r : out.groupBy(PerplexityBuckets.BUCKET).count().collectAsList()) {
                if (!r.isNullAt(0)) {
                    counts.put(r.getString(0), r.getLong(1));
                }
            }
        }
        return new JobSummary(
                all.getLong(0),
                all.isNullAt(1) ? 0 : all.getLong(1),
                all.getLong(2),
                written,
                seconds,
                counts,
                buckets == null ? null : new double[] {buckets.lower(), buckets.upper()},
                b.output);
    }

    /** Every input file: files as given, the visible files of a folder, the matches of a glob. */
    private List<String> expandInputs(Configuration conf) {
        List<String> files = new ArrayList<>();
        for (String input : b.inputs) {
            try {
                Path p = new Path(input);
                FileSystem fs = p.getFileSystem(conf);
                FileStatus[] matches = fs.globStatus(p);
                if (matches == null || matches.length == 0) {
                    throw new LongshortException("Input not found: " + input
                            + "; give text files (one document a line) or folders of them.");
                }
                for (FileStatus m : matches) {
                    FileStatus[] inside = m.isDirectory() ? fs.listStatus(m.getPath()) : new FileStatus[] {m};
                    Arrays.sort(inside);
                    for (FileStatus f : inside) {
                        String name = f.getPath().getName();
                        if (f.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
                            files.add(f.getPath().toString());
                        }
                    }
                }
            } catch (IOException e) {
                throw new LongshortException("Cannot read the input " + input + ": " + e.getMessage(), e);
            }
        }
        if (files.isEmpty()) {
            throw new LongshortException("No input files in " + String.join(", ", b.inputs)
                    + "; give text files (one document a line) or folders of them.");
        }
        return files;
    }

    private void checkOutput(Configuration conf) {
        try {
            Path p = new Path(b.output);
            if (!b.overwrite && p.getFileSystem(conf).exists(p)) {
                throw new LongshortException("Output folder exists: " + b.output
                        + "; give --overwrite to replace it (nothing was written), or another output folder.");
            }
        } catch (IOException e) {
            throw new LongshortException("Cannot check the output folder " + b.output + ": " + e.getMessage(), e);
        }
    }

    /** The non-blank lines of every file as (file, line, text, document). */
    private Dataset<Row> read(SparkSession spark, List<String> files) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Row> rows = null;
        for (String file : files) {
            String shown = file.startsWith("file:") ? new Path(file).toUri().getPath() : file;
            JavaRDD<Row> lines = jsc.textFile(file)
                    .zipWithIndex()
                    .filter(t -> !t._1().isBlank())
                    .map(t -> RowFactory.create(shown, t._2() + 1, t._1()));
            rows = rows == null ? lines : rows.union(lines);
        }
        StructType schema = new StructType()
                .add(FILE, DataTypes.StringType, false)
                .add(LINE, DataTypes.LongType, false)
                .add(TEXT, DataTypes.StringType, true);
        Dataset<Row> raw = spark.createDataFrame(rows, schema);
        if (b.textField == null) {
            return raw.withColumn(DOCUMENT, concat(col(TEXT), lit("\n")));
        }
        Dataset<Row> json = raw.withColumn(TEXT, get_json_object(col(TEXT), "$['" + b.textField + "']"));
        return json.withColumn(DOCUMENT, col(TEXT));
    }

    /** Builds a {@link CorpusJob}; model, inputs and output are required. */
    public static final class Builder {
        private String model;
        private List<String> inputs = List.of();
        private String output;
        private String engine;
        private int partitions;
        private int batchSize = CorpusScorer.DEFAULT_BATCH_SIZE;
        private int maxWords = CorpusScorer.DEFAULT_MAX_WORDS;
        private double[] buckets;
        private double relativeError;
        private Double maxPerplexity;
        private String format = "json";
        private String textField;
        private boolean overwrite;

        private Builder() {}

        /**
         * Sets the model folder (any Hadoop path).
         *
         * @param folder the folder
         * @return this builder
         */
        public Builder setModel(String folder) {
            this.model = folder;
            return this;
        }

        /**
         * Sets the inputs: files, folders of files or globs, on any Hadoop path.
         *
         * @param paths the inputs
         * @return this builder
         */
        public Builder setInputs(List<String> paths) {
            this.inputs = List.copyOf(paths);
            return this;
        }

        /**
         * Sets the output folder.
         *
         * @param folder the folder, which must not exist unless {@link #optOverwrite}
         * @return this builder
         */
        public Builder setOutput(String folder) {
            this.output = folder;
            return this;
        }

        /**
         * Names the engine (default: the executors' configured one).
         *
         * @param name the engine
         * @return this builder
         */
        public Builder optEngine(String name) {
            this.engine = name;
            return this;
        }

        /**
         * Spreads the records over this many partitions before scoring (default: as read).
         *
         * @param n the partitions, or 0 to keep the input's
         * @return this builder
         */
        public Builder optPartitions(int n) {
            this.partitions = n;
            return this;
        }

        /**
         * Sets how many documents are scored together (default 64: measured fastest, see BENCHMARKS.md).
         *
         * @param size the batch size
         * @return this builder
         */
        public Builder optBatchSize(int size) {
            this.batchSize = size;
            return this;
        }

        /**
         * Sets the most words a document may have (default 100,000).
         *
         * @param words the limit
         * @return this builder
         */
        public Builder optMaxWords(int words) {
            this.maxWords = words;
            return this;
        }

        /**
         * Tags perplexity buckets at two percentiles, such as 30 and 60.
         *
         * @param lowerPercent the head's share in percent
         * @param upperPercent the head's and middle's share in percent
         * @param relativeError {@code approxQuantile}'s relative error; 0 for exact percentiles
         * @return this builder
         */
        public Builder optBuckets(double lowerPercent, double upperPercent, double relativeError) {
            this.buckets = new double[] {lowerPercent, upperPercent};
            this.relativeError = relativeError;
            return this;
        }

        /**
         * Keeps only the records with a perplexity below this.
         *
         * @param perplexity the limit
         * @return this builder
         */
        public Builder optMaxPerplexity(double perplexity) {
            this.maxPerplexity = perplexity;
            return this;
        }

        /**
         * Sets the output format: {@code json} (JSON Lines, the default) or {@code parquet}.
         *
         * @param name the format
         * @return this builder
         */
        public Builder optFormat(String name) {
            this.format = name;
            return this;
        }

        /**
         * Reads the inputs as JSON Lines, scoring this field of each record.
         *
         * @param field the text field
         * @return this builder
         */
        public Builder optTextField(String field) {
            this.textField = field;
            return this;
        }

        /**
         * Replaces an existing output folder.
         *
         * @param on whether to
         * @return this builder
         */
        public Builder optOverwrite(boolean on) {
            this.overwrite = on;
            return this;
        }

        /**
         * Builds the job.
         *
         * @return the job
         * @throws LongshortException naming the setting to fix
         */
        public CorpusJob build() {
            if (model == null || inputs.isEmpty() || output == null) {
                throw new LongshortException("A corpus job needs a model, inputs and an output folder: call setModel,"
                        + " setInputs and setOutput.");
            }
            if (!format.equals("json") && !format.equals("parquet")) {
                throw new LongshortException("Unknown output format '" + format + "': give json or parquet.");
            }
            if (textField != null && (textField.isBlank() || textField.contains("'"))) {
                throw new LongshortException("The text field '" + textField + "' is not a usable JSON field name:"
                        + " give a name without quotes.");
            }
            if (partitions < 0) {
                throw new LongshortException("partitions is " + partitions + ": give 0 (as read) or more.");
            }
            return new CorpusJob(this);
        }
    }
}
