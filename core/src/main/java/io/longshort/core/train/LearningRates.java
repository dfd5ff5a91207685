package io.longshort.core.train;

import io.longshort.core.spec.LrSchedule;
import io.longshort.core.spec.TrainingPlan;

/**
 * The learning rate during a run: the recipe's rule computed from the epoch, or reduce-on-plateau
 * driven by the validation perplexity after each epoch. Not thread-safe; one per run.
 */
public final class LearningRates {

    private final TrainingPlan plan;
    private float current;
    private double best = Double.POSITIVE_INFINITY;
    private int epochsWithoutImprovement;

    /**
     * Creates the rates of a plan.
     *
     * @param plan the plan
     */
    public LearningRates(TrainingPlan plan) {
        this.plan = plan;
        this.current = plan.learningRate();
    }

    /**
     * Returns the rate of an epoch.
     *
     * @param epoch the epoch, from 0
     * @return the learning rate
     */
    public float rate(int epoch) {
        if (plan.schedule() instanceof LrSchedule.Recipe recipe) {
            return recipe.rate(plan.learningRate(), epoch);
        }
        return current;
    }

    /**
     * Takes the validation perplexity after an epoch. Under reduce-on-plateau, a perplexity that
     * is not below the best so far counts as an epoch without improvement; once more than {@code
     * patience} have passed in a row, the rate is multiplied by the factor and the count starts
     * again. The recipe's rule ignores it.
     *
     * @param validPerplexity the validation perplexity
     * @return whether the rate was lowered
     */
    public boolean afterValidation(double validPerplexity) {
        if (!(plan.schedule() instanceof LrSchedule.Plateau plateau)) {
            return false;
        }
        if (validPerplexity < best) {
            best = validPerplexity;
            epochsWithoutImprovement = 0;
            return false;
        }
        epochsWithoutImprovement++;
        if (epochsWithoutImprovement > plateau.patience()) {
            current *= plateau.factor();
            epochsWithoutImprovement = 0;
            return true;
        }
        return false;
    }

    /**
     * The schedule's position, as a checkpoint holds it.
     *
     * @param current the reduce-on-plateau rate
     * @param best the best validation perplexity so far
     * @param epochsWithoutImprovement the epochs since it improved
     */
    public record Position(float current, double best, int epochsWithoutImprovement) {}

    /**
     * Returns the schedule's position.
     *
     * @return the position
     */
    public Position position() {
        return new Position(current, best, epochsWithoutImprovement);
    }

    /**
     * Continues from a position returned by {@link #position()}.
     *
     * @param p the position
     */
    public void restore(Position p) {
        current = p.current();
        best = p.best();
        epochsWithoutImprovement = p.epochsWithoutImprovement();
    }
}
