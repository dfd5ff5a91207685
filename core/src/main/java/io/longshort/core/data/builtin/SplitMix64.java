package io.longshort.core.data.builtin;

import java.util.random.RandomGenerator;

/**
 * A tiny SplitMix64 generator (Steele, Lea and Flood 2014), written out here so that the built-in
 * corpus is the same on every JVM and every JDK version for a given seed.
 */
final class SplitMix64 implements RandomGenerator {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    /** Mixes a seed with a stream number into an independent seed. */
    static long derive(long seed, long stream) {
        return mix(mix(seed) + stream * GOLDEN_GAMMA);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** Uniform in {@code [0, 1)} with 53 random bits. */
    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }
}
