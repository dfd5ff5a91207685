/**
 * Scoring and filtering text corpora on Apache Spark: {@link io.longshort.spark.CorpusScorer}
 * adds a language model's score to every record of a {@code Dataset<Row>}, loading the model once
 * per executor JVM and scoring each partition in batches; {@link io.longshort.spark.PerplexityBuckets}
 * cuts a scored corpus into head, middle and tail at corpus-wide perplexity percentiles, as CCNet
 * does; {@link io.longshort.spark.CorpusJob} is the whole job behind {@code longshort batch-score}
 * and the job jar's main class.
 */
package io.longshort.spark;
