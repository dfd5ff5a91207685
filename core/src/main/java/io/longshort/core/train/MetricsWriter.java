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
 * per logging interval), {@value #EPOCH_CSV} (one line per epoch) and {@value #CHART} (train and
 * valid perplexity and the learning rate per epoch, redrawn after every epoch). Epochs are
 * counted from 1 in the files. {@link LanguageModelTrainer} attaches one to every run.
 */
public final class MetricsWriter implements TrainingListener, AutoCloseable {

    /** The per-interval CSV file. */
    public static final String LOG_CSV = "metrics-log.csv";
    /** The per-epoch CSV file. */
    public static final String EPOCH_CSV = "metrics-epoch.csv";
    /** The chart. */
    public static final String CHART = "metrics.png";

    /** The header of {@value #LOG_CSV}. */
    public static final String LOG_HEADER =
            "epoch,window,windows_per_epoch,step,learning_rate,perplexity,accuracy,words_per_second";
    /** The header of {@value #EPOCH_CSV}. */
    public static final String EPOCH_HEADER =
            "epoch,learning_rate,train_perplexity,valid_perplexity,words_per_second";

    private final Path dir;
    private final String title;
    private final BufferedWriter log;
    private final BufferedWriter epochs;
    private final List<EpochReport> reports = new ArrayList<>();

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
        Path name = dir.toAbsolutePath().normalize().getFileName();
        this.title = "longshort: " + (name == null ? dir.toString() : name.toString());
        BufferedWriter l = null;
        try {
            Files.createDirectories(dir);
            boolean cont = append && Files.isRegularFile(dir.resolve(LOG_CSV))
                    && Files.isRegularFile(dir.resolve(EPOCH_CSV));
            if (cont) {
                readEpochs(dir.resolve(EPOCH_CSV));
            }
            OpenOption[] mode = cont
                    ? new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.APPEND}
                    : new OpenOption[0];
            l = Files.newBufferedWriter(dir.resolve(LOG_CSV), StandardCharsets.UTF_8, mode);
            this.log = l;
            this.epochs = Files.newBufferedWriter(dir.resolve(EPOCH_CSV), StandardCharsets.UTF_8, mode);
            if (!cont) {
                line(log, LOG_HEADER);
                line(epochs, EPOCH_HEADER);
            }
        } catch (IOException e) {
            closeQuietly(l);
            throw new LongshortException("Cannot write the metrics files in " + dir + ": " + e.getMessage()
                    + "; check that the folder is writable.", e);
        }
    }

    private void readEpochs(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String row : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = row.split(",", -1);
            if (f.length == 5) {
                reports.add(new EpochReport(Integer.parseInt(f[0]) - 1, parse(f[1]), parse(f[2]),
                        parse(f[3]), parse(f[4])));
            }
        }
    }

    private static double parse(String field) {
        return field.isEmpty() ? Double.NaN : Double.parseDouble(field);
    }

    @Override
    public void onLog(StepReport r) {
        write(log, String.format(Locale.ROOT, "%d,%d,%d,%d,%s,%s,%s,%s", r.epoch() + 1, r.window() + 1,
                r.windowsPerEpoch(), r.step(), num(r.learningRate()), num(r.perplexity()), num(r.accuracy()),
                num(r.wordsPerSecond())));
    }

    @Override
    public void onEpoch(EpochReport r) {
        write(epochs, String.format(Locale.ROOT, "%d,%s,%s,%s,%s", r.epoch() + 1, num(r.learningRate()),
                num(r.trainPerplexity()), num(r.validPerplexity()), num(r.wordsPerSecond())));
        reports.add(r);
        try {
            MetricsChart.write(reports, title, dir.resolve(CHART));
        } catch (IOException e) {
            throw new LongshortException("Cannot write " + dir.resolve(CHART) + ": " + e.getMessage(), e);
        }
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
