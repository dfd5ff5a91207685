package io.longshort.core.spec;

import io.longshort.core.LongshortException;

/**
 * How the learning rate changes from epoch to epoch: the recipe's rule, or reduce-on-plateau as
 * the PyTorch word-language-model example does.
 */
public sealed interface LrSchedule permits LrSchedule.Recipe, LrSchedule.Plateau {

    /**
     * Returns the recipe's rule: {@code lr0 * decay ^ max(epoch + 1 - maxLrEpoch, 0)}.
     *
     * @param decay the factor per epoch once decay has started, in {@code (0, 1]}
     * @param maxLrEpoch the number of epochs trained at the initial rate, 0 or more
     * @return the schedule
     */
    static LrSchedule recipe(float decay, int maxLrEpoch) {
        return new Recipe(decay, maxLrEpoch);
    }

    /**
     * Returns reduce-on-plateau: after an epoch whose validation perplexity is not below the best
     * so far, once more than {@code patience} such epochs have passed in a row, the rate is
     * multiplied by {@code factor}. The PyTorch example divides by 4 after every epoch without
     * improvement: {@code plateau(0.25f, 0)}.
     *
     * @param factor the factor, in {@code (0, 1)}
     * @param patience the epochs without improvement tolerated before lowering, 0 or more
     * @return the schedule
     */
    static LrSchedule plateau(float factor, int patience) {
        return new Plateau(factor, patience);
    }

    /**
     * Returns the name used in JSON: {@code recipe} or {@code plateau}.
     *
     * @return the name
     */
    String type();

    /**
     * The recipe's rule: {@code lr0 * decay ^ max(epoch + 1 - maxLrEpoch, 0)} (epoch from 0).
     *
     * @param decay the factor per epoch once decay has started, in {@code (0, 1]}
     * @param maxLrEpoch the number of epochs trained at the initial rate, 0 or more
     */
    record Recipe(float decay, int maxLrEpoch) implements LrSchedule {

        /** Validates the fields. */
        public Recipe {
            if (!(decay > 0 && decay <= 1)) {
                throw new LongshortException("lrDecay is " + decay + ": it must be in (0, 1].");
            }
            if (maxLrEpoch < 0) {
                throw new LongshortException("maxLrEpoch is " + maxLrEpoch + ": it must be 0 or more.");
            }
        }

        @Override
        public String type() {
            return "recipe";
        }

        /**
         * Returns the rate of an epoch.
         *
         * @param lr0 the initial rate
         * @param epoch the epoch, from 0
         * @return the rate
         */
        public float rate(float lr0, int epoch) {
            return (float) (lr0 * Math.pow(decay, Math.max(epoch + 1 - maxLrEpoch, 0)));
        }
    }

    /**
     * Reduce-on-plateau: multiply the rate by {@code factor} once more than {@code patience}
     * epochs in a row have not lowered the best validation perplexity.
     *
     * @param factor the factor, in {@code (0, 1)}
     * @param patience the epochs without improvement tolerated before lowering, 0 or more
     */
    record Plateau(float factor, int patience) implements LrSchedule {

        /** Validates the fields. */
        public Plateau {
            if (!(factor > 0 && factor < 1)) {
                throw new LongshortException("plateau factor is " + factor + ": it must be in (0, 1).");
            }
            if (patience < 0) {
                throw new LongshortException("plateau patience is " + patience + ": it must be 0 or more.");
            }
        }

        @Override
        public String type() {
            return "plateau";
        }
    }
}
