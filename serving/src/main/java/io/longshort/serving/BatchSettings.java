package io.longshort.serving;

import io.longshort.core.LongshortException;
import io.longshort.core.serving.ServingProperties;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * How a model's requests are batched, with DJL Serving's keys and defaults: {@code batch_size}
 * (the most texts in one forward pass, default 1: no batching), {@code max_batch_delay} (how long,
 * in milliseconds, the first request of a batch may wait for more, default 100) and {@code
 * maxWorkers} (how many batches of the model run side by side, default one per core when the
 * engine runs inferences side by side, else 1; longshort starts them all at once). Read from the
 * model folder's {@code serving.properties}; the server's options override each.
 *
 * @param batchSize the most texts in one forward pass
 * @param maxBatchDelayMillis how long the first request may wait for more
 * @param workers how many batches run side by side
 */
public record BatchSettings(int batchSize, long maxBatchDelayMillis, int workers) {

    /** DJL Serving's key for the batch size. */
    public static final String BATCH_SIZE = "batch_size";

    /** DJL Serving's key for the batching delay in milliseconds. */
    public static final String MAX_BATCH_DELAY = "max_batch_delay";

    /** DJL Serving's key for the number of workers. */
    public static final String MAX_WORKERS = "maxWorkers";

    /** DJL Serving's default batch size: 1, no batching. */
    public static final int DEFAULT_BATCH_SIZE = 1;

    /** DJL Serving's default batching delay: 100 ms. */
    public static final long DEFAULT_MAX_BATCH_DELAY = 100;

    /** Validates. */
    public BatchSettings {
        if (batchSize < 1) {
            throw new LongshortException("The batch size is " + batchSize + ": it must be at least 1.");
        }
        if (maxBatchDelayMillis < 0) {
            throw new LongshortException("The batching delay is " + maxBatchDelayMillis + " ms: it must be 0 or more.");
        }
        if (workers < 1) {
            throw new LongshortException("The number of workers is " + workers + ": it must be at least 1.");
        }
    }

    /**
     * Reads a model folder's settings: its {@code serving.properties} over the defaults, then the
     * given overrides.
     *
     * @param modelDir the model folder
     * @param defaultWorkers the number of workers when neither the file nor the caller gives one
     * @param batchSize the batch size to use whatever the file says, or {@code null}
     * @param maxBatchDelayMillis the delay to use whatever the file says, or {@code null}
     * @param workers the number of workers to use whatever the file says, or {@code null}
     * @return the settings
     * @throws LongshortException naming the file and key of a value that is not a number
     */
    public static BatchSettings read(
            Path modelDir, int defaultWorkers, Integer batchSize, Long maxBatchDelayMillis, Integer workers) {
        Properties p = new Properties();
        Path file = modelDir.resolve(ServingProperties.FILE);
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                throw new LongshortException("Cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        int size = batchSize != null ? batchSize : (int) number(p, file, BATCH_SIZE, DEFAULT_BATCH_SIZE);
        long delay = maxBatchDelayMillis != null
                ? maxBatchDelayMillis
                : number(p, file, MAX_BATCH_DELAY, DEFAULT_MAX_BATCH_DELAY);
        int count = workers != null ? workers : (int) number(p, file, MAX_WORKERS, defaultWorkers);
        return new BatchSettings(size, delay, count);
    }

    private static long number(Properties p, Path file, String key, long fallback) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new LongshortException(
                    file + ": " + key + " is '" + value + "': give a whole number, or remove the line.", e);
        }
    }
}
