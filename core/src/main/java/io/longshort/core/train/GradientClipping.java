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
        NDArray total = null;
        for (NDArray g : gradients) {
            NDArray sq = g.square().sum();
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
