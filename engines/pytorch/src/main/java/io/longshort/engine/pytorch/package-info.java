/** The PyTorch engine plugin of longshort. */
package io.longshort.engine.pytorch;
