package io.longshort.core.checkpoint;

import java.util.Map;

/**
 * The last file written into a checkpoint, {@value CheckpointStore#MANIFEST}: which run and which
 * point of it the checkpoint holds, and the SHA-256 of every other file in it. A folder without a
 * manifest is not a checkpoint; a file whose digest differs from the manifest's marks the
 * checkpoint as damaged.
 *
 * @param formatVersion the checkpoint format version ({@link CheckpointStore#FORMAT_VERSION})
 * @param runId the training run the checkpoint belongs to
 * @param step the number of training windows done
 * @param epoch the epoch to continue in (counted from 0)
 * @param window the window of that epoch to continue with (counted from 0)
 * @param endOfEpoch whether the checkpoint was written after an epoch's validation
 * @param validPerplexity the validation perplexity of that epoch, or {@code null} within an epoch
 * @param files the SHA-256 (lower-case hex) of each file, by file name
 */
public record Manifest(
        int formatVersion,
        String runId,
        long step,
        int epoch,
        int window,
        boolean endOfEpoch,
        Double validPerplexity,
        Map<String, String> files) {

    /**
     * Returns a copy listing some files.
     *
     * @param digests the SHA-256 of each file, by file name
     * @return the copy
     */
    public Manifest withFiles(Map<String, String> digests) {
        return new Manifest(
                formatVersion, runId, step, epoch, window, endOfEpoch, validPerplexity, Map.copyOf(digests));
    }
}
