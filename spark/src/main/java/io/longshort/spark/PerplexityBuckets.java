package io.longshort.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.longshort.core.LongshortException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Cuts a scored corpus into {@value #HEAD}, {@value #MIDDLE} and {@value #TAIL} at two
 * corpus-wide perplexity percentiles, as CCNet does: the head holds the records the model finds
 * most like its training text (lowest perplexity). Records with an error get no bucket.
 */
public final class PerplexityBuckets {

    /** The column holding the bucket. */
    public static final String BUCKET = "bucket";
    /** Below the first cutoff. */
    public static final String HEAD = "head";
    /** From the first cutoff to below the second. */
    public static final String MIDDLE = "middle";
    /** From the second cutoff up. */
    public static final String TAIL = "tail";

    private final double lower;
    private final double upper;

    private PerplexityBuckets(double lower, double upper) {
        this.lower = lower;
        this.upper = upper;
    }

    /**
     * Finds the perplexities at two percentiles of a scored corpus's records without an error.
     *
     * @param scored records with the {@link CorpusScorer} columns
     * @param lowerPercent the head's share, in percent, above 0
     * @param upperPercent the head's and middle's share together, in percent, below 100
     * @param relativeError {@code approxQuantile}'s relative error (0 for exact percentiles)
     * @return the buckets, or {@code null} if no record was scored
     * @throws LongshortException if the percentiles are not increasing within (0, 100)
     */
    public static PerplexityBuckets at(
            Dataset<Row> scored, double lowerPercent, double upperPercent, double relativeError) {
        if (!(0 < lowerPercent && lowerPercent < upperPercent && upperPercent < 100)) {
            throw new LongshortException("The bucket percentiles are " + lowerPercent + " and " + upperPercent
                    + ": give two increasing percentiles between 0 and 100, such as 30,60.");
        }
        double[] cut = scored.filter(col(CorpusScorer.ERROR).isNull())
                .stat()
                .approxQuantile(
                        CorpusScorer.PERPLEXITY, new double[] {lowerPercent / 100, upperPercent / 100}, relativeError);
        return cut.length == 2 ? new PerplexityBuckets(cut[0], cut[1]) : null;
    }

    /**
     * Returns the head's upper perplexity (exclusive).
     *
     * @return the first cutoff
     */
    public double lower() {
        return lower;
    }

    /**
     * Returns the middle's upper perplexity (exclusive).
     *
     * @return the second cutoff
     */
    public double upper() {
        return upper;
    }

    /**
     * Adds the {@value #BUCKET} column.
     *
     * @param scored records with the {@link CorpusScorer} columns
     * @return the records with their bucket (null for a record with an error)
     */
    public Dataset<Row> tag(Dataset<Row> scored) {
        Column ppl = col(CorpusScorer.PERPLEXITY);
        Column bucket = when(col(CorpusScorer.ERROR).isNotNull(), lit(null).cast("string"))
                .when(ppl.lt(lower), HEAD)
                .when(ppl.lt(upper), MIDDLE)
                .otherwise(TAIL);
        return scored.withColumn(BUCKET, bucket);
    }

    @Override
    public String toString() {
        return "PerplexityBuckets{head < " + lower + " <= middle < " + upper + " <= tail}";
    }
}
