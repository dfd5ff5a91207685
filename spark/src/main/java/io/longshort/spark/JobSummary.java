package io.longshort.spark;

import java.util.Locale;
import java.util.Map;

/**
 * What a {@link CorpusJob} did.
 *
 * @param records the records scored (non-blank input lines), errors included
 * @param words the words scored
 * @param errors the records with an error
 * @param written the records written (fewer than {@code records} with a perplexity limit)
 * @param seconds the wall time from reading to the written output
 * @param buckets the written records of each bucket, empty without buckets
 * @param cutoffs the two bucket perplexities, or {@code null}
 * @param output the output folder
 */
public record JobSummary(
        long records,
        long words,
        long errors,
        long written,
        double seconds,
        Map<String, Long> buckets,
        double[] cutoffs,
        String output) {

    /**
     * Returns the words scored per second of wall time.
     *
     * @return the rate
     */
    public double wordsPerSecond() {
        return seconds > 0 ? words / seconds : 0;
    }

    /**
     * Returns the one-line summary a person reads.
     *
     * @return the line
     */
    public String line() {
        StringBuilder s = new StringBuilder(String.format(
                Locale.ROOT,
                "%d records (%d with an error), %d words in %.1f s (%.0f words/s, %.1f records/s); %d written to %s",
                records,
                errors,
                words,
                seconds,
                wordsPerSecond(),
                seconds > 0 ? records / seconds : 0,
                written,
                output));
        if (cutoffs != null) {
            s.append(String.format(
                    Locale.ROOT,
                    "; buckets: head %d (perplexity < %.2f), middle %d (< %.2f), tail %d",
                    buckets.get(PerplexityBuckets.HEAD),
                    cutoffs[0],
                    buckets.get(PerplexityBuckets.MIDDLE),
                    cutoffs[1],
                    buckets.get(PerplexityBuckets.TAIL)));
        }
        return s.toString();
    }
}
