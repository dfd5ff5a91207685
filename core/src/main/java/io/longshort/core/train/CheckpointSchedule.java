package io.longshort.core.train;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When a run writes a checkpoint within an epoch: every {@code every} windows, and whenever the
 * interval has passed since the last checkpoint (or the start), so that a kill loses at most that
 * much training. Never on an epoch's last window (or the step budget's): a checkpoint follows it
 * after validation anyway.
 */
final class CheckpointSchedule {

    private final int every;
    private final long maxSteps;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private long lastWrite;

    /**
     * Creates a schedule; its interval counts from now.
     *
     * @param every a checkpoint every this many windows, or 0 for none by count
     * @param maxSteps the plan's step budget (0: none)
     * @param interval the most time between checkpoints, or {@link Duration#ZERO} for no limit
     * @param nanoClock the clock, as {@link System#nanoTime}
     */
    CheckpointSchedule(int every, long maxSteps, Duration interval, LongSupplier nanoClock) {
        this.every = every;
        this.maxSteps = maxSteps;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.lastWrite = nanoClock.getAsLong();
    }

    /**
     * Returns whether a checkpoint is due after the window just trained.
     *
     * @param p the run, positioned after the window
     * @param windows the windows in an epoch
     * @return whether to write one
     */
    boolean dueAfterWindow(Progress p, int windows) {
        if (p.window == windows || p.budgetReached(maxSteps)) {
            return false;
        }
        boolean byCount = every > 0 && p.totalSteps % every == 0;
        boolean byTime = intervalNanos > 0 && nanoClock.getAsLong() - lastWrite >= intervalNanos;
        return byCount || byTime;
    }

    /** Notes that a checkpoint was written now: the interval counts from here. */
    void written() {
        lastWrite = nanoClock.getAsLong();
    }
}
