package io.longshort.core.train;

import ai.djl.ndarray.NDArray;
import io.longshort.core.engine.Backend;
import java.util.List;

/**
 * Clipping by global norm, as the recipe does: the norm is taken over all gradients together, and
 * if it exceeds the limit every gradient is scaled by {@code limit / norm}.
 */
public final class GradientClipping {

    private GradientClipping() {}

    /**
     * Returns the global norm {@code sqrt(sum_i ||g_i||^2)} of some gradients, computed by the
     * backend's {@link Backend#sumOfSquares} (one fused kernel where the engine has one).
     *
     * @param backend the backend the gradients live on
     * @param gradients the gradients
     * @return the global norm; 0 for no gradients
     */
    public static double globalNorm(Backend backend, List<NDArray> gradients) {
        if (gradients.isEmpty()) {
            return 0;
        }
        try (NDArray total = backend.sumOfSquares(gradients)) {
            return Math.sqrt(total.getFloat());
        }
    }

    /**
     * Returns the factor that brings a norm down to the limit: {@code min(1, limit / norm)}.
     *
     * @param norm the global norm
     * @param limit the largest allowed norm
     * @return the scale factor
     */
    public static double scale(double norm, double limit) {
        return norm > limit ? limit / norm : 1.0;
    }
}
