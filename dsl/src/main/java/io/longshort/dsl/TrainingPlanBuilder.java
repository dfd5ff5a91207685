package io.longshort.dsl;

import io.longshort.core.LongshortException;
import io.longshort.core.spec.Layout;
import io.longshort.core.spec.LrSchedule;
import io.longshort.core.spec.Optimizer;
import io.longshort.core.spec.Presets;
import io.longshort.core.spec.TrainingPlan;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Builds a {@link TrainingPlan}: the gradient clipped by its global norm, an optimizer step (plain
 * SGD as in the recipe, or Adam) and a learning-rate schedule (the recipe's {@code learningRate *
 * lrDecay ^ max(epoch + 1 - maxLrEpoch, 0)}, or reduce-on-plateau). Obtain one from {@link
 * LanguageModels#training()} or {@link LanguageModels#trainingFromPreset(String)}.
 *
 * <p>Every setting is optional; the defaults are the medium preset's plan: 39 epochs, no step
 * budget, SGD, learning rate 1, decay 0.8 after 6 epochs, clip 5, seed 42, log ten times an
 * epoch, batch-major windows, checkpoints in the model folder. Training stops after the epochs
 * or the step budget, whichever comes first. Setters only record values; {@link #build()}
 * validates them all. A builder is mutable and not thread-safe.
 */
public final class TrainingPlanBuilder {

    private int epochs;
    private long maxSteps;
    private Optimizer optimizer;
    private float learningRate;
    private float lrDecay;
    private int maxLrEpoch;
    private LrSchedule plateau;
    private String recipeSetter;
    private float maxGradNorm;
    private long seed;
    private int logEvery;
    private Layout layout;
    private Path checkpointDir;

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
        optimizer = plan.optimizer();
        learningRate = plan.learningRate();
        recipeSetter = null;
        if (plan.schedule() instanceof LrSchedule.Recipe recipe) {
            lrDecay = recipe.decay();
            maxLrEpoch = recipe.maxLrEpoch();
            plateau = null;
        } else {
            lrDecay = 1f;
            maxLrEpoch = 0;
            plateau = plan.schedule();
        }
        maxGradNorm = plan.maxGradNorm();
        seed = plan.seed();
        logEvery = plan.logEvery();
        layout = plan.layout();
        checkpointDir = plan.checkpointDir();
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
     * Sets a step budget: stop after this many windows in all, then evaluate as at the end
     * (default 0: no limit).
     *
     * @param n the step budget
     * @return this builder
     */
    public TrainingPlanBuilder optMaxSteps(long n) {
        maxSteps = n;
        return this;
    }

    /**
     * Sets the update rule (default {@link Optimizer#sgd()}, the recipe's; {@link
     * Optimizer#adam()} wants a much smaller learning rate, such as 0.002).
     *
     * @param rule the optimizer
     * @return this builder
     */
    public TrainingPlanBuilder optOptimizer(Optimizer rule) {
        optimizer = rule;
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
     * Sets the factor the learning rate is multiplied by each epoch once decay has started, in the
     * recipe's rule (default 0.8).
     *
     * @param decay the decay, in {@code (0, 1]}
     * @return this builder
     */
    public TrainingPlanBuilder optLrDecay(float decay) {
        lrDecay = decay;
        recipeSetter = "optLrDecay";
        return this;
    }

    /**
     * Sets the number of epochs trained at the initial rate, in the recipe's rule (default 6).
     *
     * @param n the epochs before decay, 0 or more
     * @return this builder
     */
    public TrainingPlanBuilder optMaxLrEpoch(int n) {
        maxLrEpoch = n;
        recipeSetter = "optMaxLrEpoch";
        return this;
    }

    /**
     * Replaces the recipe's rule with reduce-on-plateau: the rate is multiplied by {@code factor}
     * once more than {@code patience} epochs in a row have not lowered the best validation
     * perplexity. The PyTorch word-language-model example is {@code (0.25f, 0)}. Contradicts
     * {@link #optLrDecay} and {@link #optMaxLrEpoch} in the same builder.
     *
     * @param factor the factor, in {@code (0, 1)}
     * @param patience the epochs without improvement tolerated, 0 or more
     * @return this builder
     */
    public TrainingPlanBuilder optReduceOnPlateau(float factor, int patience) {
        plateau = LrSchedule.plateau(factor, patience);
        return this;
    }

    /**
     * Sets the schedule directly; a recipe schedule also sets {@link #optLrDecay} and {@link
     * #optMaxLrEpoch}.
     *
     * @param schedule the schedule
     * @return this builder
     */
    public TrainingPlanBuilder optSchedule(LrSchedule schedule) {
        Objects.requireNonNull(schedule, "schedule");
        recipeSetter = null;
        if (schedule instanceof LrSchedule.Recipe recipe) {
            lrDecay = recipe.decay();
            maxLrEpoch = recipe.maxLrEpoch();
            plateau = null;
        } else {
            plateau = schedule;
        }
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
     * Sets the folder of the run's checkpoints (default: {@code checkpoints}
     * inside the model folder).
     *
     * @param dir the folder, or {@code null} for the default
     * @return this builder
     */
    public TrainingPlanBuilder optCheckpointDir(Path dir) {
        checkpointDir = dir;
        return this;
    }

    /**
     * Validates the settings and returns the plan.
     *
     * @return the training plan
     * @throws LongshortException naming the setting, its value and what is allowed if a value is
     *     impossible or contradicts another
     */
    public TrainingPlan build() {
        LrSchedule schedule;
        if (plateau != null) {
            if (recipeSetter != null) {
                throw new LongshortException(
                        recipeSetter + " is " + (recipeSetter.equals("optLrDecay") ? lrDecay : maxLrEpoch)
                                + ", a setting of the recipe's schedule, but optReduceOnPlateau chose"
                                + " reduce-on-plateau: it must be one schedule; drop " + recipeSetter
                                + " or optReduceOnPlateau.");
            }
            schedule = plateau;
        } else {
            schedule = LrSchedule.recipe(lrDecay, maxLrEpoch);
        }
        return new TrainingPlan(
                epochs,
                maxSteps,
                optimizer,
                learningRate,
                schedule,
                maxGradNorm,
                seed,
                logEvery,
                layout,
                checkpointDir);
    }

    @Override
    public String toString() {
        return "TrainingPlanBuilder{epochs=" + epochs
                + ", maxSteps=" + maxSteps
                + ", optimizer=" + optimizer
                + ", learningRate=" + learningRate
                + (plateau != null ? ", schedule=" + plateau : ", lrDecay=" + lrDecay + ", maxLrEpoch=" + maxLrEpoch)
                + ", maxGradNorm=" + maxGradNorm
                + ", seed=" + seed
                + ", logEvery=" + logEvery
                + ", layout=" + layout
                + ", checkpointDir=" + checkpointDir
                + '}';
    }
}
