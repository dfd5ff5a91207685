package io.longshort.core.train;

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
        double learningRate) {}
