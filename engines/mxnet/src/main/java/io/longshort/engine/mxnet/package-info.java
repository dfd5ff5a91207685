/** The MXNet engine plugin of longshort, including the parameter order of MXNet's fused LSTM. */
package io.longshort.engine.mxnet;
