/**
 * The engine SPI: {@link io.longshort.core.engine.Backend} is what core asks of an engine, {@link
 * io.longshort.core.engine.LstmKernel} holds what an engine keeps for one model's LSTM layers,
 * {@link io.longshort.core.engine.EnginePlugin} is how an engine module registers a backend
 * (ServiceLoader plus a Guice {@code MapBinder} keyed by engine name), and {@link
 * io.longshort.core.engine.Backends} selects one by configuration.
 */
package io.longshort.core.engine;
