package io.longshort.core.train;

import java.util.Locale;

/**
 * A periodic training report, as the tutorial prints every tenth of an epoch.
 *
 * @param epoch the epoch, from 0
 * @param window the window within the epoch, from 0
 * @param windowsPerEpoch the windows in an epoch
 * @param step the windows trained in all
 * @param perplexity the training perplexity of the epoch so far
 * @param accuracy the training accuracy of the epoch so far, measured on the first window of each
 *     logging period (one window in {@code logEvery}; the others skip the arg-max over the vocabulary)
 * @param wordsPerSecond the training speed of the epoch so far
 * @param learningRate the learning rate
 */
public record StepReport(
        int epoch,
        int window,
        int windowsPerEpoch,
        long step,
        double perplexity,
        double accuracy,
        double wordsPerSecond,
        double learningRate) {

    /**
     * Returns the report as one line, the same in the trainer's log and on the command line.
     *
     * @return such as {@code epoch 1   10.0%  step 62  perplexity 80.12  accuracy 0.210  speed 5000 wps  lr 1.000}
     */
    public String line() {
        return String.format(
                Locale.ROOT,
                "epoch %d  %5.1f%%  step %d  perplexity %.2f  accuracy %.3f  speed %.0f wps  lr %.4g",
                epoch + 1,
                100.0 * (window + 1) / windowsPerEpoch,
                step,
                perplexity,
                accuracy,
                wordsPerSecond,
                learningRate);
    }
}
