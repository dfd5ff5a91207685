package io.longshort.core.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mutable position and sums of a training run; {@link TrainerState} is its saved form. The
 * loop moves the position, its listeners add the time and read the rest.
 */
final class Progress {
    int epoch;
    int window;
    long totalSteps;
    int epochsDone;
    double epochCost;
    long epochCorrect;
    int epochWindows;
    long epochNanos;
    long trainNanos;
    long trainWords;
    double lastTrainPpl = Double.NaN;
    double lastValidPpl = Double.NaN;
    Map<String, Double> metrics = new LinkedHashMap<>();
    /** The learning rate of the epoch in progress: derived from the schedule, so never saved. */
    float learningRate;

    static Progress of(TrainerState s) {
        Progress p = new Progress();
        p.epoch = s.epoch();
        p.window = s.window();
        p.totalSteps = s.totalSteps();
        p.epochsDone = s.epochsDone();
        p.epochCost = s.epochCost();
        p.epochCorrect = s.epochCorrect();
        p.epochWindows = s.epochWindows();
        p.epochNanos = s.epochNanos();
        p.trainNanos = s.trainNanos();
        p.trainWords = s.trainWords();
        p.lastTrainPpl = s.lastTrainPerplexity();
        p.lastValidPpl = s.lastValidPerplexity();
        p.metrics = new LinkedHashMap<>(s.metrics());
        return p;
    }

    /**
     * Returns whether the plan's step budget is spent.
     *
     * @param maxSteps the budget, 0 for none
     */
    boolean budgetReached(long maxSteps) {
        return maxSteps > 0 && totalSteps >= maxSteps;
    }

    /** Counts a trained window of {@code words} words and its cost, and moves to the next. */
    void windowDone(float cost, long words) {
        epochCost += cost;
        trainWords += words;
        epochWindows++;
        totalSteps++;
        window++;
    }

    /** Adds the training time of a window. */
    void addTime(long nanos) {
        epochNanos += nanos;
        trainNanos += nanos;
    }

    /**
     * Closes the epoch after its validation and moves to the start of the next.
     *
     * @param validPerplexity the validation perplexity
     * @param batch the batch size
     * @param steps the steps
     * @return the epoch's report
     */
    EpochReport finishEpoch(double validPerplexity, int batch, int steps) {
        epochsDone++;
        lastTrainPpl = Math.exp(epochCost / ((double) epochWindows * steps));
        lastValidPpl = validPerplexity;
        double epochWps = (double) epochWindows * batch * steps / (epochNanos / 1e9);
        EpochReport report = new EpochReport(epoch, learningRate, lastTrainPpl, lastValidPpl, epochWps);
        startEpoch(epoch + 1);
        return report;
    }

    private void startEpoch(int next) {
        epoch = next;
        window = 0;
        epochCost = 0;
        epochCorrect = 0;
        epochWindows = 0;
        epochNanos = 0;
    }

    TrainerState toState(String runId, LearningRates.Position rates, long optimizerSteps) {
        return new TrainerState(
                runId,
                epoch,
                window,
                totalSteps,
                epochsDone,
                epochCost,
                epochCorrect,
                epochWindows,
                epochNanos,
                trainNanos,
                trainWords,
                lastTrainPpl,
                lastValidPpl,
                rates,
                optimizerSteps,
                new LinkedHashMap<>(metrics));
    }
}
