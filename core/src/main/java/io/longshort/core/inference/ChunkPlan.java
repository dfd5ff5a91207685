package io.longshort.core.inference;

import java.util.stream.IntStream;

/**
 * Where the forward passes over a group of texts end. Texts sorted by length run together and
 * drop out once they have ended, so a pass that ends early saves the padding of the texts that end
 * there; but every pass also has a fixed cost, part of it libtorch laying out the LSTM's weights
 * for oneDNN anew on every call. The plan minimizes the sum over its passes of that fixed cost plus
 * one unit for every running text and step, padding included.
 */
final class ChunkPlan {

    /**
     * A forward pass's fixed cost, in steps of one text: of the costs tried from 16 to 256, 64 gave
     * the fastest batches of next words on the medium preset, and small ones were alike from 32
     * to 128 (BENCHMARKS.md, "Forward passes planned by their cost").
     */
    static final int CALL_COST = 64;

    private ChunkPlan() {}

    /**
     * The cheapest ends of the passes, by dynamic programming over the steps.
     *
     * @param lengths each text's length in steps, at least 1, in ascending order
     * @param most the most steps in one pass
     * @param callCost a pass's fixed cost, in steps of one text
     * @return the steps at which the passes end, ascending, the last the longest text's length
     */
    static int[] ends(int[] lengths, int most, int callCost) {
        int steps = lengths[lengths.length - 1];
        long[] cost = new long[steps + 1]; // cost[s]: the cheapest way from step s to the end
        int[] next = new int[steps + 1]; // where that way's first pass ends
        int running = 0; // texts longer than s
        for (int s = steps - 1; s >= 0; s--) {
            while (running < lengths.length && lengths[lengths.length - 1 - running] > s) {
                running++;
            }
            cost[s] = Long.MAX_VALUE;
            for (int e = s + 1; e <= Math.min(steps, s + most); e++) {
                long c = callCost + (long) running * (e - s) + cost[e];
                if (c < cost[s]) {
                    cost[s] = c;
                    next[s] = e;
                }
            }
        }
        return IntStream.iterate(0, s -> s < steps, s -> next[s])
                .map(s -> next[s])
                .toArray();
    }
}
