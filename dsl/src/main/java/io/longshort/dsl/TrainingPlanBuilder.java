package io.longshort.dsl;

import io.longshort.core.LongshortException;
import io.longshort.core.spec.Layout;
import io.longshort.core.spec.Presets;
import io.longshort.core.spec.TrainingPlan;
import java.util.Objects;

/**
 * Builds a {@link TrainingPlan}: plain SGD with the gradient clipped by its global norm and the
 * learning rate {@code learningRate * lrDecay ^ max(epoch + 1 - maxLrEpoch, 0)}. Obtain one from
 * {@link LanguageModels#training()} or {@link LanguageModels#trainingFromPreset(String)}.
 *
 * <p>Every setting is optional; the defaults are the medium preset's plan: 39 epochs, no step
 * limit, learning rate 1, decay 0.8 after 6 epochs, clip 5, seed 42, log ten times an epoch,
 * batch-major windows. Setters only record values; {@link #build()} validates them all (through
 * {@link TrainingPlan}'s constructor). A builder is mutable and not thread-safe.
 */
public final class TrainingPlanBuilder {

    private int epochs;
    private long maxSteps;
    private float learningRate;
    private float lrDecay;
    private int maxLrEpoch;
    private float maxGradNorm;
    private long seed;
    private int logEvery;
    private Layout layout;

    TrainingPlanBuilder() {
        from(Presets.medium().training());
    }

    /**
     * Copies every setting of an existing plan.
     *
     * @param plan the plan to start from
     * @return this builder
     */
    public TrainingPlanBuilder from(TrainingPlan plan) {
        Objects.requireNonNull(plan, "plan");
        epochs = plan.epochs();
        maxSteps = plan.maxSteps();
        learningRate = plan.learningRate();
        lrDecay = plan.lrDecay();
        maxLrEpoch = plan.maxLrEpoch();
        maxGradNorm = plan.maxGradNorm();
        seed = plan.seed();
        logEvery = plan.logEvery();
        layout = plan.layout();
        return this;
    }

    /**
     * Sets the number of epochs (default 39).
     *
     * @param n the epochs, at least 1
     * @return this builder
     */
    public TrainingPlanBuilder optEpochs(int n) {
        epochs = n;
        return this;
    }

    /**
     * Stops after this many windows in all, then evaluates as at the end (default 0: no limit).
     *
     * @param n the step budget
     * @return this builder
     */
    public TrainingPlanBuilder optMaxSteps(long n) {
        maxSteps = n;
        return this;
    }

    /**
     * Sets the initial learning rate {@code lr0} (default 1).
     *
     * @param rate the learning rate, above 0
     * @return this builder
     */
    public TrainingPlanBuilder optLearningRate(float rate) {
        learningRate = rate;
        return this;
    }

    /**
     * Sets the factor the learning rate is multiplied by each epoch once decay has started
     * (default 0.8).
     *
     * @param decay the decay, in {@code (0, 1]}
     * @return this builder
     */
    public TrainingPlanBuilder optLrDecay(float decay) {
        lrDecay = decay;
        return this;
    }

    /**
     * Sets the number of epochs trained at the initial rate (default 6).
     *
     * @param n the epochs before decay, 0 or more
     * @return this builder
     */
    public TrainingPlanBuilder optMaxLrEpoch(int n) {
        maxLrEpoch = n;
        return this;
    }

    /**
     * Sets the limit of the gradient's global norm (default 5; the large model uses 10).
     *
     * @param norm the clip, above 0
     * @return this builder
     */
    public TrainingPlanBuilder optMaxGradNorm(float norm) {
        maxGradNorm = norm;
        return this;
    }

    /**
     * Sets the random seed for initialisation and dropout (default 42).
     *
     * @param s the seed
     * @return this builder
     */
    public TrainingPlanBuilder optSeed(long s) {
        seed = s;
        return this;
    }

    /**
     * Reports cost and accuracy every this many windows (default 0: ten times an epoch).
     *
     * @param n the reporting interval
     * @return this builder
     */
    public TrainingPlanBuilder optLogEvery(int n) {
        logEvery = n;
        return this;
    }

    /**
     * Sets the layout of the windows (default {@link Layout#BATCH_MAJOR}, the tutorial's).
     *
     * @param l the layout
     * @return this builder
     */
    public TrainingPlanBuilder optLayout(Layout l) {
        layout = l;
        return this;
    }

    /**
     * Validates the settings and returns the plan.
     *
     * @return the training plan
     * @throws LongshortException with core's message if a value is out of range
     */
    public TrainingPlan build() {
        return new TrainingPlan(
                epochs, maxSteps, learningRate, lrDecay, maxLrEpoch, maxGradNorm, seed, logEvery, layout);
    }

    @Override
    public String toString() {
        return "TrainingPlanBuilder{epochs="
                + epochs
                + ", maxSteps="
                + maxSteps
                + ", learningRate="
                + learningRate
                + ", lrDecay="
                + lrDecay
                + ", maxLrEpoch="
                + maxLrEpoch
                + ", maxGradNorm="
                + maxGradNorm
                + ", seed="
                + seed
                + ", logEvery="
                + logEvery
                + ", layout="
                + layout
                + '}';
    }
}
