package io.longshort.core.train;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Clipping by global norm, as the recipe does: the norm is taken over all gradients together, and
 * if it exceeds the limit every gradient is scaled by {@code limit / norm}.
 */
public final class GradientClipping {

    private GradientClipping() {}

    /**
     * Returns the global norm {@code sqrt(sum_i ||g_i||^2)} of some gradients.
     *
     * @param gradients the gradients
     * @return the global norm
     */
    public static double globalNorm(List<NDArray> gradients) {
        // one BLAS dot product per gradient (g . g): no gradient-sized temporary such as
        // g.square() allocates and writes, and on MXNet 2.5 times faster than its norm operator,
        // which also sums less accurately (0.16% off for 2 million values)
        NDArray total = null;
        for (NDArray g : gradients) {
            NDArray flat = g.reshape(-1);
            NDArray sq = flat.dot(flat);
            total = total == null ? sq : total.add(sq);
        }
        return total == null ? 0 : Math.sqrt(total.getFloat());
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
