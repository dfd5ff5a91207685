package io.longshort.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.longshort.core.engine.Backends;
import io.longshort.core.train.GradientClipping;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link GradientClipping#globalNorm} against a hand computation, on each engine (so through each
 * backend's own {@code sumOfSquares}): gradients
 * {@code [3, 4]} and {@code [12]} have global norm {@code sqrt(9 + 16 + 144) = 13}; clipped to 5
 * they scale by {@code 5/13} to {@code [15/13, 20/13]} and {@code [60/13]}, whose norm is 5.
 */
class GradientClippingEngineTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pytorch", "mxnet"})
    void globalNormIsTheNormOfAllGradientsTogether(String engine) {
        try (NDManager manager = Backends.get(engine).engine().newBaseManager()) {
            List<NDArray> gradients = List.of(manager.create(new float[] {3f, 4f}), manager.create(new float[] {12f}));
            assertEquals(13.0, GradientClipping.globalNorm(Backends.get(engine), gradients), 1e-6);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pytorch", "mxnet"})
    void clippingToFiveScalesEveryGradientByFiveOverThirteen(String engine) {
        try (NDManager manager = Backends.get(engine).engine().newBaseManager()) {
            NDArray a = manager.create(new float[] {3f, 4f});
            NDArray b = manager.create(new float[] {12f});
            double norm = GradientClipping.globalNorm(Backends.get(engine), List.of(a, b));
            double scale = GradientClipping.scale(norm, 5);
            assertEquals(5.0 / 13.0, scale, 1e-7);
            NDArray clippedA = a.mul(scale);
            NDArray clippedB = b.mul(scale);
            assertArrayEquals(new float[] {15f / 13f, 20f / 13f}, clippedA.toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {60f / 13f}, clippedB.toFloatArray(), 1e-6f);
            assertEquals(5.0, GradientClipping.globalNorm(Backends.get(engine), List.of(clippedA, clippedB)), 1e-5);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pytorch", "mxnet"})
    void globalNormSumsOverMatricesAndNoGradientsHaveNormZero(String engine) {
        try (NDManager manager = Backends.get(engine).engine().newBaseManager()) {
            // [[1, 2], [2, 4]] and [[0, 0, 4]]: 1 + 4 + 4 + 16 + 16 = 41
            NDArray m = manager.create(new float[] {1f, 2f, 2f, 4f}).reshape(2, 2);
            NDArray v = manager.create(new float[] {0f, 0f, 4f}).reshape(1, 3);
            assertEquals(Math.sqrt(41), GradientClipping.globalNorm(Backends.get(engine), List.of(m, v)), 1e-6);
            assertEquals(0.0, GradientClipping.globalNorm(Backends.get(engine), List.of()));
            assertEquals(1.0, GradientClipping.scale(Math.sqrt(41), 10));
        }
    }
}
