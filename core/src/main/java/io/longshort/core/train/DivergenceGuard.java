package io.longshort.core.train;

import io.longshort.core.LongshortException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Stops a run whose cost or gradient has blown up, before the update that would spread it into
 * the parameters, with a message that says where it happened and which checkpoint is still good.
 */
final class DivergenceGuard {

    /**
     * The cost a word (in nats) above which training has diverged: a perplexity of {@code e^700}
     * is beyond a double, while uniform guessing over a vocabulary of {@code V} words costs {@code
     * ln V} (9.2 for 10,000). Past it the weights have blown up even where the float overflow that
     * would turn the cost into NaN has not yet happened, which depends on the kernel and the CPU.
     */
    static final float MAX_COST_PER_WORD = 700f;

    private final int windows;
    private final int steps;
    private final Supplier<Path> lastGoodCheckpoint;

    /**
     * Creates a guard.
     *
     * @param windows the windows in an epoch
     * @param steps the steps of a window
     * @param lastGoodCheckpoint the newest checkpoint of the run, or {@code null} for none
     */
    DivergenceGuard(int windows, int steps, Supplier<Path> lastGoodCheckpoint) {
        this.windows = windows;
        this.steps = steps;
        this.lastGoodCheckpoint = lastGoodCheckpoint;
    }

    /** Throws if a window's cost is not finite or passes {@link #MAX_COST_PER_WORD} a word. */
    void checkCost(Progress p, float cost) {
        if (!Float.isFinite(cost) || cost / steps > MAX_COST_PER_WORD) {
            throw diverged(p, "the cost is " + cost + " (" + steps + " steps)");
        }
    }

    /** Throws if a window's global gradient norm is not finite. */
    void checkGradientNorm(Progress p, double norm) {
        if (!Double.isFinite(norm)) {
            throw diverged(p, "the gradient norm is " + norm);
        }
    }

    private LongshortException diverged(Progress p, String what) {
        Path kept = lastGoodCheckpoint.get();
        return new LongshortException("Training diverged at epoch " + (p.epoch + 1) + ", window " + (p.window + 1)
                + " of " + windows + " (step " + (p.totalSteps + 1) + ") with learning rate " + p.learningRate
                + ": " + what + "; lower the learning rate or the clip norm and train again"
                + (kept != null ? " (the last good checkpoint, " + kept + ", is kept)." : "."));
    }
}
