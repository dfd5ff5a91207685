package io.longshort.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import io.longshort.core.engine.Backend;
import io.longshort.core.engine.Backends;
import io.longshort.core.model.Losses;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The training kernels a backend may replace with faster ones ({@link Backend#sumOfSquares},
 * {@link Backend#sgdStep}, {@link Backend#zeroGradients}, {@link Backend#backwardFromLogits})
 * against hand computations or the engine-neutral default, on each engine, so that an engine's fast
 * path computes what the default does.
 */
class BackendKernelsEngineTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pytorch", "mxnet"})
    void sumOfSquaresAddsOverEveryArray(String engine) {
        Backend backend = Backends.get(engine);
        try (NDManager m = backend.engine().newBaseManager()) {
            NDArray a = m.create(new float[] {1f, -2f, 2f, 4f}).reshape(2, 2);
            NDArray b = m.create(new float[] {3f});
            assertEquals(34f, backend.sumOfSquares(List.of(a, b)).toFloatArray()[0], 1e-5f);
            assertEquals(
                    25f,
                    backend.sumOfSquares(List.of(m.create(new float[] {3f, 4f})))
                            .toFloatArray()[0],
                    1e-5f);
            assertNull(backend.sumOfSquares(List.of()));
            assertArrayEquals(new float[] {1f, -2f, 2f, 4f}, a.toFloatArray(), "inputs unchanged");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pytorch", "mxnet"})
    void sgdStepChangesTheParametersInPlace(String engine) {
        Backend backend = Backends.get(engine);
        try (NDManager m = backend.engine().newBaseManager()) {
            NDArray p1 = m.create(new float[] {1f, 2f, 3f, 4f}).reshape(2, 2);
            NDArray p2 = m.create(new float[] {10f});
            NDArray g1 = m.create(new float[] {1f, -1f, 0.5f, 0f}).reshape(2, 2);
            NDArray g2 = m.create(new float[] {4f});
            backend.sgdStep(List.of(p1, p2), List.of(g1, g2), 0.25f);
            assertArrayEquals(new float[] {0.75f, 2.25f, 2.875f, 4f}, p1.toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {9f}, p2.toFloatArray(), 1e-6f);
            backend.sgdStep(List.of(), List.of(), 1f);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pytorch", "mxnet"})
    void zeroGradientsClearsEveryGradientAndKeepsTheParameters(String engine) {
        Backend backend = Backends.get(engine);
        try (NDManager m = backend.engine().newBaseManager()) {
            NDArray a = m.create(new float[] {1f, 2f, 3f});
            NDArray b = m.create(new float[] {-1f, 4f}).reshape(1, 2);
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
            try (GradientCollector collector = backend.engine().newGradientCollector()) {
                collector.backward(a.square().sum().add(b.mul(3f).sum()));
            }
            assertArrayEquals(new float[] {2f, 4f, 6f}, a.getGradient().toFloatArray(), 1e-6f);
            backend.zeroGradients(List.of(a, b));
            assertArrayEquals(new float[] {0f, 0f, 0f}, a.getGradient().toFloatArray());
            assertArrayEquals(new float[] {0f, 0f}, b.getGradient().toFloatArray());
            assertArrayEquals(new float[] {1f, 2f, 3f}, a.toFloatArray());
        }
    }

    /**
     * The backward pass from the logits must fill the same gradients, and report the same cost, as
     * the autograd of {@link Losses#cost}, through a product so that the head gradient has to flow
     * on. Both engines have such a path ({@link io.longshort.core.model.LogitGradient}).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pytorch", "mxnet"})
    void backwardFromLogitsMatchesTheAutogradOfTheCost(String engine) {
        Backend backend = Backends.get(engine);
        Random random = new Random(7);
        float[] weights = new float[50 * 8];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) random.nextGaussian();
        }
        float[] inputs = new float[2 * 3 * 8];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = (float) random.nextGaussian();
        }
        // the last position's target (word 1) has a logit about 300 below its row's best (word 0):
        // its probability underflows to zero in float, and the cost must still be the finite
        // log-softmax one
        inputs[inputs.length - 8] = 30f;
        weights[0] = 5f;
        weights[8] = -5f;
        int[] targets = {3, 17, 49, 0, 22, 1};
        try (NDManager m = backend.engine().newBaseManager()) {
            NDArray w = m.create(weights, new Shape(50, 8));
            NDArray x = m.create(inputs, new Shape(2, 3, 8));
            NDArray y = m.create(targets, new Shape(2, 3));
            w.setRequiresGradient(true);
            float expectedCost;
            try (GradientCollector collector = backend.engine().newGradientCollector()) {
                NDArray cost = Losses.cost(x.matMul(w.transpose()), y, 2);
                collector.backward(cost);
                expectedCost = cost.getFloat();
            }
            float[] expectedGradient = w.getGradient().toFloatArray();
            backend.zeroGradients(List.of(w));
            Optional<NDArray> direct;
            float cost = Float.NaN;
            try (GradientCollector collector = backend.engine().newGradientCollector()) {
                direct = backend.backwardFromLogits(x.matMul(w.transpose()), y, 2);
                if (direct.isPresent()) {
                    cost = direct.get().getFloat();
                }
            }
            assertTrue(direct.isPresent(), engine + " computes the logits' gradient itself");
            assertTrue(Float.isFinite(expectedCost) && expectedCost > 150f / 2, "cost " + expectedCost);
            assertEquals(expectedCost, cost, 1e-5f * expectedCost);
            // gradients up to about 15 here: float rounding differs between the two ways, by 1e-6
            // relative
            assertArrayEquals(expectedGradient, w.getGradient().toFloatArray(), 1e-4f);
        }
    }

    /**
     * MXNet's path to the backward pass binds one MXNet function itself; it must open MXNet's
     * library as DJL does, without publishing its symbols to the whole process. Otherwise MXNet's
     * bundled OpenBLAS 0.3.7 becomes the process's {@code sgemm_}, libtorch in the same JVM calls
     * it, and eight threads scoring at once on PyTorch crawl (seen: {@code LanguageModelTest} ran
     * for over 20 minutes in OpenBLAS's {@code exec_blas}).
     */
    @Test
    void theMxnetBackwardPathKeepsMxnetsBlasOutOfTheProcessScope() {
        Assumptions.assumeTrue(Platform.isLinux(), "RTLD_GLOBAL and symbol interposition are checked on Linux only");
        Backend mxnet = Backends.get("mxnet");
        try (NDManager m = mxnet.engine().newBaseManager()) {
            NDArray w = m.create(new float[] {1f, -1f, 0.5f, 2f}, new Shape(2, 2));
            w.setRequiresGradient(true);
            try (GradientCollector collector = mxnet.engine().newGradientCollector()) {
                NDArray logits =
                        m.create(new float[] {1f, 2f}, new Shape(1, 1, 2)).matMul(w.transpose());
                assertTrue(
                        mxnet.backwardFromLogits(logits, m.create(new int[] {1}, new Shape(1, 1)), 1)
                                .isPresent(),
                        "MXNet's own path ran");
            }
        }
        assertThrows(
                UnsatisfiedLinkError.class,
                () -> NativeLibrary.getProcess().getFunction("sgemm_"),
                "sgemm_ is visible process-wide: MXNet's library was opened with RTLD_GLOBAL");
    }

    /**
     * MXNet must run its operators on every processor: by default MXNet 1.9.1 halves the count on
     * x86 (for hyper-threading), which is one thread on a 2-core machine.
     */
    @Test
    void mxnetUsesOneOpenMpThreadPerProcessor() {
        Assumptions.assumeTrue(
                System.getenv("MXNET_OMP_MAX_THREADS") == null && System.getenv("OMP_NUM_THREADS") == null,
                "the environment chooses MXNet's thread count here");
        Assumptions.assumeTrue(
                Platform.isLinux() || Platform.isMac(), "the native environment is read with POSIX getenv");
        Backends.get("mxnet").engine();
        String set = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME)
                .getFunction("getenv")
                .invokeString(new Object[] {"MXNET_OMP_MAX_THREADS"}, false);
        assertEquals(Integer.toString(Runtime.getRuntime().availableProcessors()), set);
    }
}
