package io.longshort.core.inference;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Draws a word id from next-word log-probabilities as {@link GenerationOptions} describes. */
final class Sampler {

    /** Above this many ids, {@link #topIds} sorts them all rather than inserting each. */
    private static final int SELECT_AT_MOST = 64;

    private Sampler() {}

    /**
     * Draws one id.
     *
     * @param logProbs the natural-log probabilities of every word
     * @param options temperature, top-k and top-p
     * @param random the generator to draw with
     * @return the word id
     */
    static int sample(double[] logProbs, GenerationOptions options, SplittableRandom random) {
        int v = logProbs.length;
        if (options.temperature() == 0) {
            return argMax(logProbs);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double x : logProbs) {
            max = Math.max(max, x);
        }
        double[] weight = new double[v];
        for (int i = 0; i < v; i++) {
            weight[i] = Math.exp((logProbs[i] - max) / options.temperature());
        }
        boolean filter = (options.topK() > 0 && options.topK() < v) || options.topP() < 1;
        if (!filter) {
            return draw(weight, null, v, random);
        }
        int[] order = byDescendingWeight(weight);
        int keep = options.topK() > 0 ? Math.min(options.topK(), v) : v;
        if (options.topP() < 1) {
            double total = 0;
            for (int i = 0; i < keep; i++) {
                total += weight[order[i]];
            }
            double cumulative = 0;
            int n = 0;
            while (n < keep) {
                cumulative += weight[order[n]];
                n++;
                if (cumulative >= options.topP() * total) {
                    break;
                }
            }
            keep = n;
        }
        return draw(weight, order, keep, random);
    }

    private static int draw(double[] weight, int[] order, int keep, SplittableRandom random) {
        double total = 0;
        for (int i = 0; i < keep; i++) {
            total += weight[order == null ? i : order[i]];
        }
        double u = random.nextDouble() * total;
        double cumulative = 0;
        for (int i = 0; i < keep; i++) {
            int id = order == null ? i : order[i];
            cumulative += weight[id];
            if (u < cumulative) {
                return id;
            }
        }
        // rounding left u at the very top: take the last word with any weight
        for (int i = keep - 1; i >= 0; i--) {
            int id = order == null ? i : order[i];
            if (weight[id] > 0) {
                return id;
            }
        }
        return order == null ? 0 : order[0];
    }

    /**
     * Returns the ids sorted by descending value, ties by ascending id.
     *
     * @param values one value per id
     * @return the ids in that order
     */
    static int[] byDescendingWeight(double[] values) {
        Integer[] ids = new Integer[values.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        Arrays.sort(ids, (a, b) -> {
            int c = Double.compare(values[b], values[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] out = new int[ids.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids[i];
        }
        return out;
    }

    /**
     * Returns the first {@code k} ids of {@link #byDescendingWeight}'s order. A few ids are
     * picked in one pass over the values instead of sorting them all: the next-word answer of a
     * server asks for a handful of words out of tens of thousands.
     *
     * @param values one value per id
     * @param k how many ids, at least 1
     * @return the k best ids (all of them if there are fewer), best first
     */
    static int[] topIds(double[] values, int k) {
        int n = Math.min(k, values.length);
        if (n > SELECT_AT_MOST) {
            return Arrays.copyOf(byDescendingWeight(values), n);
        }
        int[] best = new int[n];
        int size = 0;
        for (int id = 0; id < values.length; id++) {
            // ids come in ascending order, so a later id ties below an earlier one
            if (size == n && Double.compare(values[id], values[best[n - 1]]) <= 0) {
                continue;
            }
            int at = size == n ? n - 1 : size++;
            while (at > 0 && Double.compare(values[id], values[best[at - 1]]) > 0) {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = id;
        }
        return best;
    }

    static int argMax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
