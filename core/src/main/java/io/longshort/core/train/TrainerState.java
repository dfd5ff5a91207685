package io.longshort.core.train;

import java.util.Map;

/**
 * Where a training run stands, as a checkpoint holds it in {@value #FILE}: the position to
 * continue from, the running sums of the epoch in progress and of the run, the learning-rate
 * schedule's position and the optimizer's step count. The parameters, the optimizer's arrays and
 * the carried LSTM state are files of their own in the same checkpoint. The random state needs
 * no file: the engine's generator (dropout masks) is seeded from the run's seed and the step
 * before every window, so the position determines it.
 *
 * @param runId the run
 * @param epoch the epoch to continue in (from 0)
 * @param window the window of that epoch to continue with (from 0)
 * @param totalSteps the windows trained in all
 * @param epochsDone the epochs completed
 * @param epochCost the summed cost of the epoch in progress
 * @param epochCorrect the correct predictions of the epoch in progress, in its sampled windows
 *     (see {@link StepReport#accuracy()})
 * @param epochWindows the windows of the epoch in progress
 * @param epochNanos the training time of the epoch in progress
 * @param trainNanos the training time of the run
 * @param trainWords the words trained on in the run
 * @param lastTrainPerplexity the last completed epoch's training perplexity
 * @param lastValidPerplexity the last completed epoch's validation perplexity
 * @param learningRates the schedule's position
 * @param optimizerSteps the optimizer's step count
 * @param metrics the metrics recorded so far (as in the model record)
 */
record TrainerState(
        String runId,
        int epoch,
        int window,
        long totalSteps,
        int epochsDone,
        double epochCost,
        long epochCorrect,
        int epochWindows,
        long epochNanos,
        long trainNanos,
        long trainWords,
        double lastTrainPerplexity,
        double lastValidPerplexity,
        LearningRates.Position learningRates,
        long optimizerSteps,
        Map<String, Double> metrics) {

    /** The file name in a checkpoint. */
    static final String FILE = "trainer-state.json";
    /** The carried LSTM state (DJL's NDList encoding), absent at an epoch's start. */
    static final String CARRIED_STATE = "carried-state.ndlist";
    /** The optimizer's arrays (DJL's NDList encoding), absent when it has none. */
    static final String OPTIMIZER = "optimizer.ndlist";
}
