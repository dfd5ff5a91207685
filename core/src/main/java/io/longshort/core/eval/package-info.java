/** Evaluation of a trained network: perplexity, accuracy and a true/predicted sample window. */
package io.longshort.core.eval;
