package io.longshort.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar redrawn in place with a carriage return, for interactive terminals:
 * {@code label [=======>      ]  45% 123/274 ETA 1:02 perplexity 234.50}. Redraws at most ten
 * times a second, and always at the end.
 */
final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private long start;
    private long startDone;
    private long lastDraw;
    private int lastLength;

    ProgressBar(PrintWriter out) {
        this.out = out;
    }

    /**
     * Starts timing a new task.
     *
     * @param done the work already done when timing starts (for the rate)
     */
    void start(long done) {
        start = System.nanoTime();
        startDone = done;
        lastDraw = 0;
    }

    void show(String label, long done, long total, String extra) {
        long now = System.nanoTime();
        if (done < total && lastDraw != 0 && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double fraction = total > 0 ? Math.min(1, (double) done / total) : 1;
        int filled = (int) (fraction * WIDTH);
        StringBuilder bar = new StringBuilder(WIDTH);
        for (int i = 0; i < WIDTH; i++) {
            bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        double seconds = (now - start) / 1e9;
        long rateDone = done - startDone;
        double eta = rateDone > 0 ? seconds / rateDone * (total - done) : Double.NaN;
        String line = String.format(Locale.ROOT, "%s [%s] %3.0f%% %d/%d ETA %s %s",
                label, bar, 100 * fraction, done, total, duration(eta), extra);
        StringBuilder text = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < lastLength; i++) {
            text.append(' ');
        }
        out.print(text);
        out.flush();
        lastLength = line.length();
    }

    /** Erases the bar, leaving the cursor at the start of an empty line. */
    void clear() {
        if (lastLength > 0) {
            out.print("\r" + " ".repeat(lastLength) + "\r");
            out.flush();
            lastLength = 0;
        }
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "--:--";
        }
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
