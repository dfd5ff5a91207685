package io.longshort.core.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Temperature, top-k and top-p sampling over log-probabilities. */
class SamplerTest {

    private static final double[] LOGP = {Math.log(0.05), Math.log(0.5), Math.log(0.3), Math.log(0.1), Math.log(0.05)};

    private static int[] counts(GenerationOptions options, int draws) {
        SplittableRandom random = new SplittableRandom(42);
        int[] counts = new int[LOGP.length];
        for (int i = 0; i < draws; i++) {
            counts[Sampler.sample(LOGP, options, random)]++;
        }
        return counts;
    }

    @Test
    void topIdsAreTheFirstOfTheFullOrderTiesByIdFirst() {
        SplittableRandom random = new SplittableRandom(7);
        double[] values = new double[3_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(200) / 10.0; // many ties
        }
        int[] all = Sampler.byDescendingWeight(values);
        for (int k : new int[] {1, 5, 64, 65, 500, 3_000, 5_000}) {
            int n = Math.min(k, values.length);
            assertArrayEquals(java.util.Arrays.copyOf(all, n), Sampler.topIds(values, k), "k " + k);
        }
        assertArrayEquals(new int[] {1, 0, 2}, Sampler.topIds(new double[] {-1, 0, -1}, 5));
    }

    @Test
    void plainSamplingFollowsTheProbabilities() {
        int[] counts = counts(GenerationOptions.builder().build(), 100_000);
        double[] expected = {0.05, 0.5, 0.3, 0.1, 0.05};
        for (int i = 0; i < counts.length; i++) {
            assertEquals(expected[i], counts[i] / 100_000.0, 0.01, "word " + i);
        }
    }

    @Test
    void topKKeepsOnlyTheKMostLikelyWords() {
        int[] counts = counts(GenerationOptions.builder().optTopK(2).build(), 20_000);
        assertEquals(0, counts[0] + counts[3] + counts[4]);
        assertEquals(0.5 / 0.8, counts[1] / 20_000.0, 0.02);
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        // 0.5 + 0.3 = 0.8 >= 0.75: words 1 and 2
        int[] counts = counts(GenerationOptions.builder().optTopP(0.75).build(), 20_000);
        assertEquals(0, counts[0] + counts[3] + counts[4]);
        assertTrue(counts[2] > 0);
        // 0.5 >= 0.4: word 1 alone
        assertArrayEquals(
                new int[] {0, 1000, 0, 0, 0},
                counts(GenerationOptions.builder().optTopP(0.4).build(), 1000));
    }

    @Test
    void lowTemperatureSharpensAndZeroIsGreedy() {
        int[] cold = counts(GenerationOptions.builder().optTemperature(0.2).build(), 20_000);
        assertTrue(cold[1] > 0.9 * 20_000, "most draws go to the most likely word: " + cold[1]);
        assertArrayEquals(
                new int[] {0, 500, 0, 0, 0},
                counts(GenerationOptions.builder().optTemperature(0).build(), 500));
        int[] hot = counts(GenerationOptions.builder().optTemperature(5).build(), 20_000);
        assertTrue(hot[0] > 0.1 * 20_000, "a high temperature flattens: " + hot[0]);
    }

    @Test
    void theSameSeedDrawsTheSameWords() {
        GenerationOptions options = GenerationOptions.builder()
                .optTopK(4)
                .optTopP(0.9)
                .optTemperature(1.3)
                .build();
        assertArrayEquals(counts(options, 1000), counts(options, 1000));
    }
}
