package io.longshort.core.spec;

import io.longshort.core.LongshortException;

/**
 * How to train: plain SGD with the gradient clipped by its global norm and the learning rate
 * {@code learningRate * lrDecay ^ max(epoch + 1 - maxLrEpoch, 0)} (epoch counted from 0).
 * Immutable; the constructor validates every field.
 *
 * @param epochs the number of epochs
 * @param maxSteps stop after this many windows in all (0: no limit), then evaluate as at the end
 * @param learningRate the initial learning rate {@code lr0}
 * @param lrDecay the decay factor per epoch once decay has started
 * @param maxLrEpoch the number of epochs trained at the initial rate
 * @param maxGradNorm the global-norm clip (5 for small and medium, 10 for large)
 * @param seed the random seed for initialisation and dropout
 * @param logEvery report cost and accuracy every this many windows (0: ten times an epoch)
 * @param layout batch-major or time-major windows
 */
public record TrainingPlan(
        int epochs,
        long maxSteps,
        float learningRate,
        float lrDecay,
        int maxLrEpoch,
        float maxGradNorm,
        long seed,
        int logEvery,
        Layout layout) {

    /** Validates every field. */
    public TrainingPlan {
        ModelSpec.positive("epochs", epochs);
        if (maxSteps < 0) {
            throw new LongshortException(
                    "maxSteps is " + maxSteps + ": it must be 0 (no limit) or more.");
        }
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new LongshortException(
                    "learningRate is " + learningRate + ": it must be a finite number above 0.");
        }
        if (!(lrDecay > 0 && lrDecay <= 1)) {
            throw new LongshortException("lrDecay is " + lrDecay + ": it must be in (0, 1].");
        }
        if (maxLrEpoch < 0) {
            throw new LongshortException("maxLrEpoch is " + maxLrEpoch + ": it must be 0 or more.");
        }
        if (!(maxGradNorm > 0)) {
            throw new LongshortException(
                    "maxGradNorm is " + maxGradNorm + ": it must be a number above 0.");
        }
        if (logEvery < 0) {
            throw new LongshortException("logEvery is " + logEvery + ": it must be 0 (auto) or more.");
        }
        if (layout == null) {
            throw new LongshortException("layout is missing: use BATCH_MAJOR or TIME_MAJOR.");
        }
    }

    /**
     * Returns the learning rate of an epoch: {@code lr0 * decay ^ max(epoch + 1 - maxLrEpoch, 0)}.
     *
     * @param epoch the epoch, counted from 0
     * @return the learning rate
     */
    public float learningRate(int epoch) {
        return (float) (learningRate * Math.pow(lrDecay, Math.max(epoch + 1 - maxLrEpoch, 0)));
    }

    /**
     * Returns a copy with another number of epochs.
     *
     * @param n the epochs
     * @return the copy
     */
    public TrainingPlan withEpochs(int n) {
        return new TrainingPlan(
                n, maxSteps, learningRate, lrDecay, maxLrEpoch, maxGradNorm, seed, logEvery, layout);
    }

    /**
     * Returns a copy with another step budget.
     *
     * @param n the maximum number of windows (0: no limit)
     * @return the copy
     */
    public TrainingPlan withMaxSteps(long n) {
        return new TrainingPlan(
                epochs, n, learningRate, lrDecay, maxLrEpoch, maxGradNorm, seed, logEvery, layout);
    }

    /**
     * Returns a copy with another seed.
     *
     * @param s the seed
     * @return the copy
     */
    public TrainingPlan withSeed(long s) {
        return new TrainingPlan(
                epochs, maxSteps, learningRate, lrDecay, maxLrEpoch, maxGradNorm, s, logEvery, layout);
    }

    /**
     * Returns a copy with another layout.
     *
     * @param l the layout
     * @return the copy
     */
    public TrainingPlan withLayout(Layout l) {
        return new TrainingPlan(
                epochs, maxSteps, learningRate, lrDecay, maxLrEpoch, maxGradNorm, seed, logEvery, l);
    }
}
