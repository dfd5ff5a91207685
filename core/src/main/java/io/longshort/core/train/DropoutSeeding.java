package io.longshort.core.train;

import ai.djl.engine.Engine;
import io.longshort.core.spec.ModelSpec;

/**
 * Seeds the engine's generator before every window from the run's seed and the step, so that a
 * run's dropout masks depend on its position only and a resumed run draws the same ones.
 */
final class DropoutSeeding implements LoopListener {

    private final Engine engine;
    private final long seed;

    DropoutSeeding(Engine engine, long seed) {
        this.engine = engine;
        this.seed = seed;
    }

    /** Returns whether a spec draws dropout masks at all (without them there is nothing to seed). */
    static boolean needed(ModelSpec spec) {
        return spec.inputDropout() > 0 || spec.hiddenDropout() > 0 || spec.outputDropout() > 0;
    }

    @Override
    public void onBatchBegin(TrainingRun run) {
        engine.setRandomSeed(windowSeed(seed, run.progress().totalSteps));
    }

    /** The seed of the engine's generator for a window: a function of the run's seed and the step. */
    static int windowSeed(long seed, long step) {
        long h = seed * 0x9E3779B97F4A7C15L + step;
        h ^= h >>> 31;
        return (int) (h ^ (h >>> 32));
    }
}
