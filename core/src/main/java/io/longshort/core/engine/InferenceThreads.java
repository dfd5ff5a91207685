package io.longshort.core.engine;

/**
 * The engine's intra-op threads for programs that run many inferences side by side themselves: a
 * server's request threads, Spark's tasks (one per core). Each inference is many small operations
 * (a few per word and layer), and splitting each over threads costs more in waking and waiting
 * than it gains once the caller's own threads already fill the cores; measured with the load and
 * corpus benchmarks (BENCHMARKS.md).
 */
public final class InferenceThreads {

    /** The system property PyTorch reads for its intra-op thread count when its engine loads. */
    public static final String PYTORCH_THREADS = "ai.djl.pytorch.num_threads";

    private InferenceThreads() {}

    /**
     * Gives PyTorch one intra-op thread, unless the user chose a count with {@code
     * -Dai.djl.pytorch.num_threads=N}. Call it before the first model loads: later it has no
     * effect. MXNet takes its count from {@code OMP_NUM_THREADS} in the environment it starts
     * with.
     */
    public static void oneIntraOpThread() {
        if (System.getProperty(PYTORCH_THREADS) == null) {
            System.setProperty(PYTORCH_THREADS, "1");
        }
    }

    /**
     * How many inferences fill the cores when each runs on the intra-op threads set here: one a
     * core, or one for every {@code N} cores when the user gave PyTorch {@code N} threads; 1 on an
     * engine whose inferences take turns ({@link Backend#concurrentInference()}).
     *
     * @param backend the engine
     * @return how many inferences to run side by side, at least 1
     */
    public static int sideBySide(Backend backend) {
        if (!backend.concurrentInference()) {
            return 1;
        }
        int threads = 1;
        try {
            threads = Math.max(
                    1, Integer.parseInt(System.getProperty(PYTORCH_THREADS, "1").strip()));
        } catch (NumberFormatException e) {
            // PyTorch reports a bad count when it loads; one inference a core is still a sound guess
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors() / threads);
    }
}
