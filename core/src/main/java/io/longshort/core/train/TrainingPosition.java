package io.longshort.core.train;

import java.util.Locale;

/**
 * Where a run stands: the position a checkpoint holds, or a stopped run reached.
 *
 * @param epoch the epoch in progress, from 0 (after an epoch's end, the next one)
 * @param window the windows of that epoch already trained
 * @param windowsPerEpoch the windows in an epoch
 * @param step the windows trained in all
 */
public record TrainingPosition(int epoch, int window, int windowsPerEpoch, long step) {

    /**
     * Describes the position for people: {@code epoch 2, window 120 of 274 (step 394)}, or {@code
     * the end of epoch 1 (step 274)} between epochs, with the epochs counted from 1.
     *
     * @return the description
     */
    public String describe() {
        if (window == 0 && epoch > 0) {
            return String.format(Locale.ROOT, "the end of epoch %d (step %,d)", epoch, step);
        }
        return String.format(
                Locale.ROOT, "epoch %d, window %,d of %,d (step %,d)", epoch + 1, window, windowsPerEpoch, step);
    }
}
