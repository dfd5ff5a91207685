package io.longshort.core.train;

import io.longshort.core.LongshortException;
import java.time.Duration;

/**
 * The checks of {@link LanguageModelTrainer}'s options, shared with callers that take the same
 * settings under their own names (a command line's flags): each message names the setting as the
 * caller calls it.
 */
public final class TrainerOptions {

    private TrainerOptions() {}

    /**
     * Checks a checkpoint interval.
     *
     * @param windows a checkpoint every this many training windows, or 0 for epoch ends only
     * @param setting the setting's name in messages, such as {@code optCheckpointEvery}
     * @return {@code windows}
     * @throws LongshortException if it is negative
     */
    public static int checkCheckpointEvery(int windows, String setting) {
        if (windows < 0) {
            throw new LongshortException(setting + " is " + windows + ": it must be 0 (epoch ends only) or more.");
        }
        return windows;
    }

    /**
     * Checks how many checkpoints to keep.
     *
     * @param count the newest checkpoints to keep
     * @param setting the setting's name in messages, such as {@code optKeepCheckpoints}
     * @return {@code count}
     * @throws LongshortException if it is below 1
     */
    public static int checkKeepCheckpoints(int count, String setting) {
        if (count < 1) {
            throw new LongshortException(setting + " is " + count + ": it must be at least 1.");
        }
        return count;
    }

    /**
     * Checks the most time between two checkpoints.
     *
     * @param interval the interval, or {@link Duration#ZERO} for no time-based checkpoints
     * @param setting the setting's name in messages, such as {@code optCheckpointInterval}
     * @return {@code interval}
     * @throws LongshortException if it is missing or negative
     */
    public static Duration checkCheckpointInterval(Duration interval, String setting) {
        if (interval == null || interval.isNegative()) {
            throw new LongshortException(
                    setting + " is " + interval + ": it must be 0 (no time-based checkpoints) or more.");
        }
        return interval;
    }
}
