package io.longshort.core.train;

import io.longshort.core.LongshortException;

/**
 * The checks of {@link LanguageModelTrainer}'s options, for a command line to make before it
 * builds a trainer (the messages name the command line's flags).
 */
public final class TrainerOptions {

    private TrainerOptions() {}

    /**
     * Checks a checkpoint interval.
     *
     * @param windows a checkpoint every this many training windows, or 0 for epoch ends only
     * @return {@code windows}
     * @throws LongshortException if it is negative
     */
    public static int checkCheckpointEvery(int windows) {
        if (windows < 0) {
            throw new LongshortException(
                    "--checkpoint-every is " + windows + ": it must be 0 (epoch ends only) or more.");
        }
        return windows;
    }

    /**
     * Checks how many checkpoints to keep.
     *
     * @param count the newest checkpoints to keep
     * @return {@code count}
     * @throws LongshortException if it is below 1
     */
    public static int checkKeepCheckpoints(int count) {
        if (count < 1) {
            throw new LongshortException("--keep-checkpoints is " + count + ": it must be at least 1.");
        }
        return count;
    }
}
