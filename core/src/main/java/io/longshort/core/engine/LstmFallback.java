package io.longshort.core.engine;

import java.util.Objects;

/**
 * A slower but safer way for an engine to compute its LSTM layers, switched on when the engine's
 * default kernel fails the {@link LstmSelfCheck} on this machine.
 *
 * @param description what is switched, for the warning and for {@link Backend#describe()}, such as
 *     {@code "ATen's own LSTM (oneDNN off)"}
 * @param switchOn switches the engine to this path for the rest of the process
 */
public record LstmFallback(String description, Runnable switchOn) {

    /**
     * Creates a fallback.
     *
     * @param description what is switched
     * @param switchOn switches the engine to this path
     */
    public LstmFallback {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(switchOn, "switchOn");
    }
}
