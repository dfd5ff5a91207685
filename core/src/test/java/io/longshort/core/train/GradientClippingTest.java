package io.longshort.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The scale factor of clipping by global norm. {@code globalNorm} needs NDArrays and so an engine:
 * it is tested in the examples module ({@code GradientClippingEngineTest}), on both engines.
 */
class GradientClippingTest {

    @Test
    void normAboveTheLimitScalesByLimitOverNorm() {
        assertEquals(5.0 / 13.0, GradientClipping.scale(13, 5), 1e-15);
        assertEquals(0.5, GradientClipping.scale(20, 10), 1e-15);
        assertEquals(1e-3, GradientClipping.scale(5000, 5), 1e-15);
    }

    @Test
    void normBelowTheLimitLeavesGradientsAlone() {
        assertEquals(1.0, GradientClipping.scale(4.99, 5));
        assertEquals(1.0, GradientClipping.scale(0, 5));
    }

    @Test
    void normEqualToTheLimitIsNotScaled() {
        assertEquals(1.0, GradientClipping.scale(5, 5));
    }

    @Test
    void scaledNormEqualsTheLimit() {
        for (double norm : new double[] {5.0001, 7.3, 13, 1e6}) {
            assertEquals(5.0, norm * GradientClipping.scale(norm, 5), 1e-9, "norm " + norm);
        }
    }
}
