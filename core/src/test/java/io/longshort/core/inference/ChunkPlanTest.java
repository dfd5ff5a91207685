package io.longshort.core.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkPlanTest {

    @Test
    void shortTextsDropOutWhenPaddingThemCostsMoreThanAPass() {
        int[] lengths = {2, 2, 2, 2, 2, 2, 2, 2, 40};
        assertArrayEquals(new int[] {2, 40}, ChunkPlan.ends(lengths, 256, 4));
        assertArrayEquals(new int[] {40}, ChunkPlan.ends(lengths, 256, 1000));
    }

    @Test
    void passesAreNoLongerThanTheMost() {
        assertArrayEquals(new int[] {20, 40}, ChunkPlan.ends(new int[] {40, 40}, 20, 64));
        assertArrayEquals(new int[] {1, 2, 3}, ChunkPlan.ends(new int[] {3}, 1, 0));
    }

    @Test
    void thePlanCostsNoMoreThanAnyOtherWay() {
        Random random = new Random(42);
        for (int trial = 0; trial < 300; trial++) {
            int[] lengths = new int[1 + random.nextInt(5)];
            for (int j = 0; j < lengths.length; j++) {
                lengths[j] = 1 + random.nextInt(11);
            }
            Arrays.sort(lengths);
            int most = 1 + random.nextInt(12);
            int callCost = random.nextInt(20);
            int[] ends = ChunkPlan.ends(lengths, most, callCost);
            String at = Arrays.toString(lengths) + " most " + most + " cost " + callCost;
            assertEquals(cheapest(lengths, most, callCost), cost(ends, lengths, most, callCost), at);
            assertEquals(lengths[lengths.length - 1], ends[ends.length - 1], at);
        }
    }

    /** The cheapest cost over every way of cutting the steps into passes, one by one. */
    private static long cheapest(int[] lengths, int most, int callCost) {
        int steps = lengths[lengths.length - 1];
        long best = Long.MAX_VALUE;
        for (int cuts = 0; cuts < 1 << (steps - 1); cuts++) {
            int[] ends = new int[Integer.bitCount(cuts) + 1];
            int i = 0;
            for (int s = 1; s < steps; s++) {
                if ((cuts & 1 << (s - 1)) != 0) {
                    ends[i++] = s;
                }
            }
            ends[i] = steps;
            best = Math.min(best, cost(ends, lengths, most, callCost));
        }
        return best;
    }

    /** What passes ending at {@code ends} cost; too long a pass, or ends out of order, cost without bound. */
    private static long cost(int[] ends, int[] lengths, int most, int callCost) {
        long total = 0;
        int start = 0;
        for (int end : ends) {
            if (end <= start || end - start > most) {
                return Long.MAX_VALUE;
            }
            final int from = start;
            long running = Arrays.stream(lengths).filter(l -> l > from).count();
            total += callCost + running * (end - start);
            start = end;
        }
        return total;
    }
}
