package io.longshort.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.longshort.core.LongshortException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A window's cost or gradient that has blown up stops the run with a message saying where and what is kept. */
class DivergenceGuardTest {

    private static Progress at(int epoch, int window, long step, float lr) {
        Progress p = new Progress();
        p.epoch = epoch;
        p.window = window;
        p.totalSteps = step;
        p.learningRate = lr;
        return p;
    }

    @Test
    void aFiniteCostUpToTheLimitAWordPasses() {
        DivergenceGuard guard = new DivergenceGuard(10, 20, () -> null);
        guard.checkCost(at(0, 0, 0, 1f), 20 * 700f);
        guard.checkCost(at(0, 0, 0, 1f), 0f);
        guard.checkGradientNorm(at(0, 0, 0, 1f), 1e30);
    }

    @Test
    void aCostBeyondTheLimitAWordDivergesThoughFinite() {
        DivergenceGuard guard = new DivergenceGuard(10, 20, () -> null);
        LongshortException e =
                assertThrows(LongshortException.class, () -> guard.checkCost(at(1, 4, 14, 0.5f), 20 * 701f));
        assertEquals(
                "Training diverged at epoch 2, window 5 of 10 (step 15) with learning rate 0.5: the cost is "
                        + 20 * 701f + " (20 steps); lower the learning rate or the clip norm and train again.",
                e.getMessage());
    }

    @Test
    void aNanCostNamesTheLastGoodCheckpoint() {
        Path kept = Path.of("out", "checkpoints", "step-000000000010");
        DivergenceGuard guard = new DivergenceGuard(10, 20, () -> kept);
        LongshortException e =
                assertThrows(LongshortException.class, () -> guard.checkCost(at(0, 9, 9, 1f), Float.NaN));
        assertEquals(
                "Training diverged at epoch 1, window 10 of 10 (step 10) with learning rate 1.0: the cost is NaN"
                        + " (20 steps); lower the learning rate or the clip norm and train again (the last good checkpoint, "
                        + kept + ", is kept).",
                e.getMessage());
    }

    @Test
    void anInfiniteGradientNormDiverges() {
        DivergenceGuard guard = new DivergenceGuard(3, 5, () -> null);
        LongshortException e = assertThrows(
                LongshortException.class, () -> guard.checkGradientNorm(at(0, 0, 0, 1f), Double.POSITIVE_INFINITY));
        assertEquals(
                "Training diverged at epoch 1, window 1 of 3 (step 1) with learning rate 1.0: the gradient norm"
                        + " is Infinity; lower the learning rate or the clip norm and train again.",
                e.getMessage());
    }
}
