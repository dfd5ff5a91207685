package io.longshort.cli;

import io.longshort.core.LongshortException;
import io.longshort.core.checkpoint.Durable;
import io.longshort.core.train.EpochReport;
import io.longshort.core.train.MetricsWriter;
import io.longshort.core.train.TrainingListener;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the training curves (XChart) into the model folder as {@value #FILE}: train and valid
 * perplexity on the left axis and the learning rate on the right, per epoch, redrawn at every
 * epoch end. The earlier epochs come from the folder's {@value MetricsWriter#EPOCH_CSV}, so the
 * chart of a resumed run shows the epochs from before the interruption too. Works without a
 * display ({@code java.awt.headless} is set to {@code true} unless already set).
 */
final class MetricsChart implements TrainingListener {

    /** The chart's file in the model folder. */
    static final String FILE = "metrics.png";
    /** The width of the image in pixels. */
    static final int WIDTH = 800;
    /** The height of the image in pixels. */
    static final int HEIGHT = 600;
    /** The colour of the train perplexity. */
    static final Color TRAIN = new Color(31, 119, 180);
    /** The colour of the valid perplexity. */
    static final Color VALID = new Color(255, 127, 14);
    /** The colour of the learning rate. */
    static final Color LEARNING_RATE = new Color(44, 160, 44);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private final Path dir;
    private final String title;

    /**
     * Creates the listener.
     *
     * @param dir the folder training writes into, where {@value MetricsWriter#EPOCH_CSV} is
     * @param name the model's name in the title, such as its folder's name
     */
    MetricsChart(Path dir, String name) {
        this.dir = dir;
        this.title = "longshort: " + name;
    }

    @Override
    public void onEpoch(EpochReport report) {
        Path file = dir.resolve(FILE);
        try {
            write(epochsUpTo(report), title, file);
        } catch (IOException e) {
            throw new LongshortException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns the epochs to draw: those before the given one from the file (whether or not the
     * given one has been written there yet), then the given one.
     */
    List<EpochReport> epochsUpTo(EpochReport report) {
        List<EpochReport> epochs = new ArrayList<>();
        for (EpochReport e : MetricsWriter.readEpochs(dir)) {
            if (e.epoch() < report.epoch()) {
                epochs.add(e);
            }
        }
        epochs.add(report);
        return epochs;
    }

    /**
     * Builds the chart.
     *
     * @param epochs the epoch reports, in order
     * @param title the title
     * @return the chart
     */
    static XYChart chart(List<EpochReport> epochs, String title) {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle("epoch")
                .yAxisTitle("perplexity")
                .build();
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        styler.setXAxisDecimalPattern("#");
        styler.setYAxisMin(1, 0.0);
        styler.putYAxisGroupDecimalPatternMap(1, "0.0##");
        chart.setYAxisGroupTitle(1, "learning rate");
        int n = epochs.size();
        double[] x = new double[n];
        double[] train = new double[n];
        double[] valid = new double[n];
        double[] lr = new double[n];
        for (int i = 0; i < n; i++) {
            EpochReport e = epochs.get(i);
            x[i] = e.epoch() + 1;
            train[i] = finiteOrNaN(e.trainPerplexity());
            valid[i] = finiteOrNaN(e.validPerplexity());
            lr[i] = finiteOrNaN(e.learningRate());
        }
        series(chart, "train perplexity", x, train, TRAIN, 0);
        series(chart, "valid perplexity", x, valid, VALID, 0);
        series(chart, "learning rate", x, lr, LEARNING_RATE, 1);
        return chart;
    }

    private static void series(XYChart chart, String name, double[] x, double[] y, Color color, int axis) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setYAxisGroup(axis);
    }

    private static double finiteOrNaN(double v) {
        return Double.isFinite(v) ? v : Double.NaN;
    }

    /**
     * Draws the chart and writes it as a PNG, through a temporary file and a rename.
     *
     * @param epochs the epoch reports, in order
     * @param title the title
     * @param file the PNG file
     * @throws IOException if writing fails
     */
    static void write(List<EpochReport> epochs, String title, Path file) throws IOException {
        // not Files.createTempFile: its owner-only permissions would stay on the chart
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                BitmapEncoder.saveBitmap(chart(epochs, title), out, BitmapEncoder.BitmapFormat.PNG);
            }
            Durable.move(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
