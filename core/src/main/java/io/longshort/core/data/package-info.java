/**
 * Text data: the PTB-format reader, the vocabulary and the batch producer of the recipe. The
 * built-in corpus lives in {@code io.longshort.core.data.builtin}.
 */
package io.longshort.core.data;
