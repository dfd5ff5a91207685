/** The recipe's training loop: carried state, global-norm clipping, SGD, the learning-rate rule. */
package io.longshort.core.train;
