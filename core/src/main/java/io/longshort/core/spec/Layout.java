package io.longshort.core.spec;

/** The layout of a window of word ids. */
public enum Layout {
    /** {@code [B, T]}: the tutorial's layout. */
    BATCH_MAJOR,
    /** {@code [T, B]}: the same data transposed. */
    TIME_MAJOR
}
