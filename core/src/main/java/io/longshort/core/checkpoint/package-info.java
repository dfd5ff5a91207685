/** Model folders and checkpoints: record, vocabulary and parameters, written atomically. */
package io.longshort.core.checkpoint;
