package io.longshort.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The run's position and sums: windows counted, epochs closed into reports, the step budget. */
class ProgressTest {

    @Test
    void finishingAnEpochReportsItAndStartsTheNextWithFreshSums() {
        Progress p = new Progress();
        p.learningRate = 0.5f;
        p.windowDone(20f, 40);
        p.addTime(1_000_000_000L);
        p.windowDone(20f, 40);
        p.addTime(1_000_000_000L);
        p.epochCorrect = 7;
        EpochReport r = p.finishEpoch(12.5, 2, 20);
        assertEquals(new EpochReport(0, 0.5f, Math.exp(40.0 / 40), 12.5, 40.0), r);
        assertEquals(1, p.epoch);
        assertEquals(0, p.window);
        assertEquals(0, p.epochWindows);
        assertEquals(0.0, p.epochCost);
        assertEquals(0, p.epochCorrect);
        assertEquals(0, p.epochNanos);
        assertEquals(1, p.epochsDone);
        assertEquals(2, p.totalSteps, "the run's sums carry on");
        assertEquals(80, p.trainWords);
        assertEquals(2_000_000_000L, p.trainNanos);
        assertEquals(Math.exp(1.0), p.lastTrainPpl);
        assertEquals(12.5, p.lastValidPpl);
    }

    @Test
    void theBudgetCountsOnlyWhenSet() {
        Progress p = new Progress();
        p.totalSteps = 5;
        assertFalse(p.budgetReached(0));
        assertFalse(p.budgetReached(6));
        assertTrue(p.budgetReached(5));
    }

    @Test
    void aSavedStateRoundTrips() {
        Progress p = new Progress();
        p.windowDone(3f, 10);
        p.addTime(7);
        p.metrics.put("valid_perplexity", 9.0);
        LearningRates.Position rates = new LearningRates.Position(0.25f, 9.0, 1);
        TrainerState s = p.toState("run", rates, 4);
        assertEquals(s, Progress.of(s).toState("run", rates, 4));
    }
}
