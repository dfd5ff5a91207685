package io.longshort.core.train;

import io.longshort.core.LongshortException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a training run's metrics into the model folder as it goes: {@value #LOG_CSV} (one line
 * per logging interval) and {@value #EPOCH_CSV} (one line per epoch, read back with {@link
 * #readEpochs}, for example to draw the curves). Epochs are counted from 1 in the files. {@link
 * LanguageModelTrainer} attaches one to every run.
 */
public final class MetricsWriter implements TrainingListener, AutoCloseable {

    /** The per-interval CSV file. */
    public static final String LOG_CSV = "metrics-log.csv";
    /** The per-epoch CSV file. */
    public static final String EPOCH_CSV = "metrics-epoch.csv";

    /** The header of {@value #LOG_CSV}. */
    public static final String LOG_HEADER =
            "epoch,window,windows_per_epoch,step,learning_rate,perplexity,accuracy,words_per_second";
    /** The header of {@value #EPOCH_CSV}. */
    public static final String EPOCH_HEADER = "epoch,learning_rate,train_perplexity,valid_perplexity,words_per_second";

    private final Path dir;
    private final BufferedWriter log;
    private final BufferedWriter epochs;

    /**
     * Creates the files (replacing earlier ones) in a folder, creating it if needed.
     *
     * @param dir the model folder
     */
    public MetricsWriter(Path dir) {
        this(dir, false);
    }

    /**
     * Creates the files in a folder, or continues them.
     *
     * @param dir the model folder
     * @param append whether to continue the files already there (a resumed run: they were
     *     restored from its checkpoint), rather than replace them
     */
    public MetricsWriter(Path dir, boolean append) {
        this.dir = dir;
        BufferedWriter l = null;
        try {
            Files.createDirectories(dir);
            boolean cont =
                    append && Files.isRegularFile(dir.resolve(LOG_CSV)) && Files.isRegularFile(dir.resolve(EPOCH_CSV));
            OpenOption[] mode =
                    cont ? new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.APPEND} : new OpenOption[0];
            l = Files.newBufferedWriter(dir.resolve(LOG_CSV), StandardCharsets.UTF_8, mode);
            this.log = l;
            this.epochs = Files.newBufferedWriter(dir.resolve(EPOCH_CSV), StandardCharsets.UTF_8, mode);
            if (!cont) {
                line(log, LOG_HEADER);
                line(epochs, EPOCH_HEADER);
            }
        } catch (IOException e) {
            closeQuietly(l);
            throw new LongshortException(
                    "Cannot write the metrics files in " + dir + ": " + e.getMessage()
                            + "; check that the folder is writable.",
                    e);
        }
    }

    /**
     * Reads the epochs recorded in a folder's {@value #EPOCH_CSV}, as the reports that wrote them
     * (a value left empty, not finite when written, reads as NaN).
     *
     * @param dir the model folder
     * @return the epochs in file order; empty when the file is not there
     */
    public static List<EpochReport> readEpochs(Path dir) {
        Path file = dir.resolve(EPOCH_CSV);
        List<EpochReport> reports = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return reports;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LongshortException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        for (String row : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = row.split(",", -1);
            if (f.length == 5) {
                reports.add(new EpochReport(
                        Integer.parseInt(f[0]) - 1, parse(f[1]), parse(f[2]), parse(f[3]), parse(f[4])));
            }
        }
        return reports;
    }

    private static double parse(String field) {
        return field.isEmpty() ? Double.NaN : Double.parseDouble(field);
    }

    @Override
    public void onLog(StepReport r) {
        write(
                log,
                String.format(
                        Locale.ROOT,
                        "%d,%d,%d,%d,%s,%s,%s,%s",
                        r.epoch() + 1,
                        r.window() + 1,
                        r.windowsPerEpoch(),
                        r.step(),
                        num(r.learningRate()),
                        num(r.perplexity()),
                        num(r.accuracy()),
                        num(r.wordsPerSecond())));
    }

    @Override
    public void onEpoch(EpochReport r) {
        write(
                epochs,
                String.format(
                        Locale.ROOT,
                        "%d,%s,%s,%s,%s",
                        r.epoch() + 1,
                        num(r.learningRate()),
                        num(r.trainPerplexity()),
                        num(r.validPerplexity()),
                        num(r.wordsPerSecond())));
    }

    private void write(BufferedWriter w, String text) {
        try {
            line(w, text);
        } catch (IOException e) {
            throw new LongshortException("Cannot write the metrics files in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void line(BufferedWriter w, String text) throws IOException {
        w.write(text);
        w.write('\n');
        w.flush();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    private static void closeQuietly(BufferedWriter w) {
        if (w != null) {
            try {
                w.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(log);
        closeQuietly(epochs);
    }
}
