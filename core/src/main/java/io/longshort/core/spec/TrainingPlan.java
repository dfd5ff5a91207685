package io.longshort.core.spec;

import com.google.gson.annotations.JsonAdapter;
import io.longshort.core.LongshortException;
import java.nio.file.Path;

/**
 * How to train: the gradient clipped by its global norm, then an {@link Optimizer} step (plain SGD
 * in the recipe, Adam as an option) with a learning rate that follows an {@link LrSchedule} (the
 * recipe's {@code lr0 * decay ^ max(epoch + 1 - maxLrEpoch, 0)}, or reduce-on-plateau). Training
 * stops after {@code epochs} epochs or {@code maxSteps} windows, whichever comes first. Immutable;
 * the constructor validates every field; {@code toString()} prints every hyperparameter. Written to
 * and read from JSON by {@link SpecJson}.
 *
 * @param epochs the number of epochs
 * @param maxSteps stop after this many windows in all (0: no limit), then evaluate as at the end
 * @param optimizer the update rule
 * @param learningRate the initial learning rate {@code lr0}
 * @param schedule how the learning rate changes from epoch to epoch
 * @param maxGradNorm the global-norm clip (5 for small and medium, 10 for large)
 * @param seed the random seed for initialisation and dropout
 * @param logEvery report cost and accuracy every this many windows (0: ten times an epoch)
 * @param layout batch-major or time-major windows
 * @param checkpointDir the folder of the run's checkpoints ({@code step-N} folders), or {@code null} for the
 *     {@code checkpoints} folder inside the model folder
 */
@JsonAdapter(SpecJson.TrainingPlanAdapter.class)
public record TrainingPlan(
        int epochs,
        long maxSteps,
        Optimizer optimizer,
        float learningRate,
        LrSchedule schedule,
        float maxGradNorm,
        long seed,
        int logEvery,
        Layout layout,
        Path checkpointDir) {

    /** Validates every field. */
    public TrainingPlan {
        ModelSpec.positive("epochs", epochs);
        if (maxSteps < 0) {
            throw new LongshortException("maxSteps is " + maxSteps + ": it must be 0 (no limit) or more.");
        }
        if (optimizer == null) {
            throw new LongshortException("optimizer is missing: use Optimizer.sgd() (the recipe) or Optimizer.adam().");
        }
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new LongshortException("learningRate is " + learningRate + ": it must be a finite number above 0.");
        }
        if (schedule == null) {
            throw new LongshortException("schedule is missing: use LrSchedule.recipe(decay, maxLrEpoch) or"
                    + " LrSchedule.plateau(factor, patience).");
        }
        if (!(maxGradNorm > 0)) {
            throw new LongshortException("maxGradNorm is " + maxGradNorm + ": it must be a number above 0.");
        }
        if (logEvery < 0) {
            throw new LongshortException("logEvery is " + logEvery + ": it must be 0 (auto) or more.");
        }
        if (layout == null) {
            throw new LongshortException("layout is missing: use BATCH_MAJOR or TIME_MAJOR.");
        }
    }

    /**
     * Creates the recipe's plan: plain SGD, the recipe's learning-rate rule, the default
     * checkpoint folder.
     *
     * @param epochs the number of epochs
     * @param maxSteps the step budget (0: no limit)
     * @param learningRate the initial learning rate
     * @param lrDecay the decay factor per epoch once decay has started, in {@code (0, 1]}
     * @param maxLrEpoch the number of epochs trained at the initial rate
     * @param maxGradNorm the global-norm clip
     * @param seed the random seed
     * @param logEvery the reporting interval (0: ten times an epoch)
     * @param layout the window layout
     */
    public TrainingPlan(
            int epochs,
            long maxSteps,
            float learningRate,
            float lrDecay,
            int maxLrEpoch,
            float maxGradNorm,
            long seed,
            int logEvery,
            Layout layout) {
        this(
                epochs,
                maxSteps,
                Optimizer.sgd(),
                learningRate,
                LrSchedule.recipe(lrDecay, maxLrEpoch),
                maxGradNorm,
                seed,
                logEvery,
                layout,
                null);
    }

    /**
     * Returns the learning rate of an epoch under the recipe's rule, {@code lr0 * decay ^
     * max(epoch + 1 - maxLrEpoch, 0)}; under reduce-on-plateau, the initial rate (the trainer
     * lowers it as validation dictates).
     *
     * @param epoch the epoch, counted from 0
     * @return the learning rate
     */
    public float learningRate(int epoch) {
        if (schedule instanceof LrSchedule.Recipe recipe) {
            return recipe.rate(learningRate, epoch);
        }
        return learningRate;
    }

    /**
     * Returns the checkpoint folder for a model folder: {@link #checkpointDir} if set, else
     * {@code modelDir/checkpoints}.
     *
     * @param modelDir the model folder
     * @return the checkpoint folder
     */
    public Path checkpointDir(Path modelDir) {
        return checkpointDir != null ? checkpointDir : modelDir.resolve("checkpoints");
    }

    /**
     * Returns a copy with another number of epochs.
     *
     * @param n the epochs
     * @return the copy
     */
    public TrainingPlan withEpochs(int n) {
        return new TrainingPlan(
                n, maxSteps, optimizer, learningRate, schedule, maxGradNorm, seed, logEvery, layout, checkpointDir);
    }

    /**
     * Returns a copy with another step budget.
     *
     * @param n the maximum number of windows (0: no limit)
     * @return the copy
     */
    public TrainingPlan withMaxSteps(long n) {
        return new TrainingPlan(
                epochs, n, optimizer, learningRate, schedule, maxGradNorm, seed, logEvery, layout, checkpointDir);
    }

    /**
     * Returns a copy with another seed.
     *
     * @param s the seed
     * @return the copy
     */
    public TrainingPlan withSeed(long s) {
        return new TrainingPlan(
                epochs, maxSteps, optimizer, learningRate, schedule, maxGradNorm, s, logEvery, layout, checkpointDir);
    }

    /**
     * Returns a copy with another reporting interval.
     *
     * @param n report cost and accuracy every this many windows (0: ten times an epoch)
     * @return the copy
     */
    public TrainingPlan withLogEvery(int n) {
        return new TrainingPlan(
                epochs, maxSteps, optimizer, learningRate, schedule, maxGradNorm, seed, n, layout, checkpointDir);
    }

    /**
     * Returns a copy with another layout.
     *
     * @param l the layout
     * @return the copy
     */
    public TrainingPlan withLayout(Layout l) {
        return new TrainingPlan(
                epochs, maxSteps, optimizer, learningRate, schedule, maxGradNorm, seed, logEvery, l, checkpointDir);
    }

    /**
     * Returns a copy with another checkpoint folder.
     *
     * @param dir the folder, or {@code null} for {@code checkpoints} inside the model folder
     * @return the copy
     */
    public TrainingPlan withCheckpointDir(Path dir) {
        return new TrainingPlan(
                epochs, maxSteps, optimizer, learningRate, schedule, maxGradNorm, seed, logEvery, layout, dir);
    }
}
