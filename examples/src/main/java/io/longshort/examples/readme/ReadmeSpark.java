package io.longshort.examples.readme;

import io.longshort.spark.CorpusScorer;
import io.longshort.spark.PerplexityBuckets;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The README's snippet that scores a corpus on Spark and cuts it into CCNet's buckets. It reads
 * from HDFS, so it is compiled here and its calls run in the spark module's tests
 * ({@code CorpusScorerTest}) on local data.
 */
public final class ReadmeSpark {

    private ReadmeSpark() {}

    /**
     * Scores the corpus and tags each record head, middle or tail.
     *
     * @param spark the session
     * @return the tagged records
     */
    public static Dataset<Row> scoreAndTag(SparkSession spark) {
        // tag::spark[]
        Dataset<Row> scored = CorpusScorer.builder()
                .setModel("hdfs:///models/ptb") // any Hadoop path
                .optTextColumn("text")
                .optBatchSize(64)
                .build()
                .score(spark.read().json("hdfs:///corpus/"));
        PerplexityBuckets buckets = PerplexityBuckets.at(scored, 30, 60, 0.001);
        Dataset<Row> tagged = buckets.tag(scored);
        // end::spark[]
        return tagged;
    }
}
