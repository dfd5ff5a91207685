package io.longshort.core.spec;

import ai.djl.ndarray.types.Shape;

/** The layout of a window of word ids. */
public enum Layout {
    /** {@code [B, T]}: the tutorial's layout. */
    BATCH_MAJOR,
    /** {@code [T, B]}: the same data transposed. */
    TIME_MAJOR;

    /**
     * Returns the shape of a window of word ids in this layout.
     *
     * @param batch the batch size
     * @param steps the steps
     * @return {@code [batch, steps]} or {@code [steps, batch]}
     */
    public Shape shape(long batch, long steps) {
        return this == BATCH_MAJOR ? new Shape(batch, steps) : new Shape(steps, batch);
    }

    /**
     * Returns the batch size of a window, or of anything shaped like one with more axes after.
     *
     * @param window a shape whose first two axes are in this layout
     * @return its batch axis
     */
    public long batch(Shape window) {
        return window.get(this == BATCH_MAJOR ? 0 : 1);
    }
}
