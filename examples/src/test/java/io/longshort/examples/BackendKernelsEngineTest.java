package io.longshort.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.longshort.core.engine.Backend;
import io.longshort.core.engine.Backends;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The training kernels a backend may replace with faster ones ({@link Backend#sumOfSquares},
 * {@link Backend#sgdStep}, {@link Backend#zeroGradients}) against hand computations, on each
 * engine, so that an engine's fast path computes what the engine-neutral default does.
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
            assertEquals(25f, backend.sumOfSquares(List.of(m.create(new float[] {3f, 4f}))).toFloatArray()[0], 1e-5f);
            assertNull(backend.sumOfSquares(List.of()));
            assertArrayEquals(new float[] {1f, -2f, 2f, 4f}, a.toFloatArray(), "inputs unchanged");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pytorch", "mxnet"})
    void sgdStepChangesTheParametersInPlaceAndNotTheGradients(String engine) {
        Backend backend = Backends.get(engine);
        try (NDManager m = backend.engine().newBaseManager()) {
            NDArray p1 = m.create(new float[] {1f, 2f, 3f, 4f}).reshape(2, 2);
            NDArray p2 = m.create(new float[] {10f});
            NDArray g1 = m.create(new float[] {1f, -1f, 0.5f, 0f}).reshape(2, 2);
            NDArray g2 = m.create(new float[] {4f});
            backend.sgdStep(List.of(p1, p2), List.of(g1, g2), 0.25f);
            assertArrayEquals(new float[] {0.75f, 2.25f, 2.875f, 4f}, p1.toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {9f}, p2.toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {1f, -1f, 0.5f, 0f}, g1.toFloatArray());
            assertArrayEquals(new float[] {4f}, g2.toFloatArray());
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
}
