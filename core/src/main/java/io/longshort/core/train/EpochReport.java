package io.longshort.core.train;

/**
 * The end of an epoch.
 *
 * @param epoch the epoch, from 0
 * @param learningRate its learning rate
 * @param trainPerplexity the training perplexity
 * @param validPerplexity the validation perplexity
 * @param wordsPerSecond the training speed of the epoch
 */
public record EpochReport(
        int epoch, double learningRate, double trainPerplexity, double validPerplexity, double wordsPerSecond) {}
