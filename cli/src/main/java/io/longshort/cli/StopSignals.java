package io.longshort.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM while a command trains: the first asks for a graceful stop (the
 * trainer finishes its window and writes a checkpoint), a second one exits at once with code
 * {@value #EXIT_CODE}. The JVM's own handlers, which would exit without a checkpoint, are replaced
 * while this is open and put back by {@link #close()}. {@code sun.misc.Signal} is the JVM's way to
 * handle a signal instead of running shutdown hooks; a signal it cannot take over (the JVM runs
 * with {@code -Xrs}, or the signal was ignored when the JVM started) keeps its old behaviour.
 */
final class StopSignals implements AutoCloseable {

    /** The exit code of a run stopped by a signal, as shells report Ctrl-C (128 + SIGINT). */
    static final int EXIT_CODE = 130;

    private static final List<String> NAMES = List.of("INT", "TERM");

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private StopSignals() {}

    /**
     * Starts handling SIGINT and SIGTERM.
     *
     * @param stop asks the training to stop gracefully; called on the first signal
     * @param err where to say that a second signal exits at once
     * @return the handlers; close to put the JVM's back
     */
    static StopSignals install(Runnable stop, PrintWriter err) {
        StopSignals s = new StopSignals();
        AtomicBoolean asked = new AtomicBoolean();
        SignalHandler handler = signal -> {
            if (asked.compareAndSet(false, true)) {
                stop.run();
                return;
            }
            err.println();
            err.println("longshort: interrupted again: exiting at once; the newest checkpoint is kept");
            err.flush();
            Runtime.getRuntime().halt(EXIT_CODE);
        };
        for (String name : NAMES) {
            try {
                Signal signal = new Signal(name);
                SignalHandler old = Signal.handle(signal, handler);
                s.signals.add(signal);
                s.previous.add(old);
            } catch (IllegalArgumentException e) {
                // reserved by the JVM (-Xrs) or unknown on this platform: the default stays
            }
        }
        return s;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
        signals.clear();
        previous.clear();
    }
}
