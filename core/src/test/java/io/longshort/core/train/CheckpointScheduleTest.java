package io.longshort.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * When checkpoints fall within an epoch: by window count, by time since the last one (on a clock
 * the test moves, never by waiting), and never on the epoch's or the budget's last window.
 */
class CheckpointScheduleTest {

    private static final long SECOND = 1_000_000_000L;

    /**
     * Trains {@code total} windows of {@code windows}-window epochs, {@code secondsPerWindow}
     * apart, and returns the steps after which a checkpoint fell within an epoch.
     */
    private static List<Long> checkpoints(
            CheckpointSchedule schedule, AtomicLong clock, int windows, long total, long secondsPerWindow) {
        Progress p = new Progress();
        List<Long> at = new ArrayList<>();
        while (p.totalSteps < total) {
            clock.addAndGet(secondsPerWindow * SECOND);
            p.windowDone(1f, 1);
            if (schedule.dueAfterWindow(p, windows)) {
                at.add(p.totalSteps);
                schedule.written();
            }
            if (p.window == windows) {
                p.finishEpoch(1, 1, 1);
                schedule.written(); // the epoch end's checkpoint
            }
        }
        return at;
    }

    @Test
    void aCheckpointFallsAfterTheFirstWindowThatEndsPastTheInterval() {
        AtomicLong clock = new AtomicLong(1_000 * SECOND);
        CheckpointSchedule s = new CheckpointSchedule(0, 0, Duration.ofSeconds(10), clock::get);
        // 3 s a window: past 10 s after the 4th window (12 s) since each checkpoint
        assertEquals(List.of(4L, 8L, 12L, 16L), checkpoints(s, clock, 20, 19, 3));
    }

    @Test
    void anEpochEndRestartsTheInterval() {
        AtomicLong clock = new AtomicLong();
        CheckpointSchedule s = new CheckpointSchedule(0, 0, Duration.ofSeconds(10), clock::get);
        // epochs of 6 windows at 3 s: window 4 of each epoch, then the epoch end at 6
        assertEquals(List.of(4L, 10L, 16L), checkpoints(s, clock, 6, 18, 3));
    }

    @Test
    void countAndTimeBothApply() {
        AtomicLong clock = new AtomicLong();
        CheckpointSchedule s = new CheckpointSchedule(5, 0, Duration.ofSeconds(10), clock::get);
        // every 5 windows by count; at 1 s a window the time never runs out first...
        assertEquals(List.of(5L, 10L, 15L), checkpoints(s, clock, 100, 19, 1));
        // ...at 4 s a window it does, after window 3 and again 3 windows after each checkpoint
        AtomicLong slow = new AtomicLong();
        CheckpointSchedule t = new CheckpointSchedule(5, 0, Duration.ofSeconds(10), slow::get);
        assertEquals(List.of(3L, 5L, 8L, 10L, 13L, 15L, 18L), checkpoints(t, slow, 100, 19, 4));
    }

    @Test
    void zeroMeansNoTimeBasedCheckpoints() {
        AtomicLong clock = new AtomicLong();
        CheckpointSchedule s = new CheckpointSchedule(0, 0, Duration.ZERO, clock::get);
        assertEquals(List.of(), checkpoints(s, clock, 10, 30, 3_600));
    }

    @Test
    void neitherTheEpochsNorTheBudgetsLastWindowGetsOne() {
        AtomicLong clock = new AtomicLong();
        // a checkpoint is due after every window by time; the epoch end (window 4) and the budget's
        // last window (10) are left to the checkpoint after validation
        CheckpointSchedule s = new CheckpointSchedule(0, 10, Duration.ofNanos(1), clock::get);
        assertEquals(List.of(1L, 2L, 3L, 5L, 6L, 7L, 9L), checkpoints(s, clock, 4, 10, 1));
    }
}
