package io.longshort.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The training accuracy is measured on the first window of each logging period (windows 0,
 * logEvery, 2 logEvery, ...); {@code sampledWindows} counts those among an epoch's first windows,
 * the denominator of the running accuracy.
 */
class SampledAccuracyTest {

    @Test
    void countsTheFirstWindowOfEachLoggingPeriod() {
        assertEquals(0, ProgressReports.sampledWindows(0, 10));
        assertEquals(1, ProgressReports.sampledWindows(1, 10), "window 0 is sampled");
        assertEquals(1, ProgressReports.sampledWindows(10, 10), "windows 0..9: only 0");
        assertEquals(2, ProgressReports.sampledWindows(11, 10), "window 10 starts the next period");
        assertEquals(3, ProgressReports.sampledWindows(21, 10));
    }

    @Test
    void loggingEveryWindowSamplesEveryWindow() {
        for (int n = 0; n < 5; n++) {
            assertEquals(n, ProgressReports.sampledWindows(n, 1));
        }
    }

    @Test
    void theCountAgreesWithTheWindowsThatAreSampled() {
        for (int logEvery : new int[] {1, 3, 10}) {
            int sampled = 0;
            for (int n = 1; n <= 40; n++) {
                if (ProgressReports.accuracySampled(n - 1, logEvery)) {
                    sampled++;
                }
                assertEquals(sampled, ProgressReports.sampledWindows(n, logEvery), "n=" + n + " logEvery=" + logEvery);
            }
        }
    }
}
