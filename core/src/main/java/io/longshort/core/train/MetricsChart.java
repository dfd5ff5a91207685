package io.longshort.core.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws the training curves as a PNG: train and valid perplexity per epoch (top panel) and the
 * learning rate per epoch (bottom panel). Works without a display ({@code java.awt.headless} is
 * set to {@code true} unless already set).
 */
public final class MetricsChart {

    /** The width of the image in pixels. */
    public static final int WIDTH = 800;
    /** The height of the image in pixels. */
    public static final int HEIGHT = 600;
    /** The colour of the train perplexity. */
    public static final Color TRAIN = new Color(31, 119, 180);
    /** The colour of the valid perplexity. */
    public static final Color VALID = new Color(255, 127, 14);
    /** The colour of the learning rate. */
    public static final Color LEARNING_RATE = new Color(44, 160, 44);

    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final Color GRID = new Color(225, 225, 225);
    private static final Color AXIS = new Color(60, 60, 60);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private MetricsChart() {}

    /**
     * Renders the chart.
     *
     * @param epochs the epoch reports, in order
     * @param title the title, such as the model folder's name
     * @return the image
     */
    public static BufferedImage render(List<EpochReport> epochs, String title) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            int n = epochs.size();
            double[] x = new double[n];
            double[] train = new double[n];
            double[] valid = new double[n];
            double[] lr = new double[n];
            for (int i = 0; i < n; i++) {
                EpochReport e = epochs.get(i);
                x[i] = e.epoch() + 1;
                train[i] = e.trainPerplexity();
                valid[i] = e.validPerplexity();
                lr[i] = e.learningRate();
            }
            text(g, title, LEFT, 24, AXIS, Font.BOLD, 14);
            Panel top = new Panel(LEFT, 60, WIDTH - LEFT - RIGHT, 290, x, "perplexity", false, train, valid);
            top.draw(g);
            top.series(g, train, TRAIN);
            top.series(g, valid, VALID);
            legend(g, WIDTH - RIGHT - 300, 42, new String[] {"train perplexity", "valid perplexity"},
                    new Color[] {TRAIN, VALID});
            Panel bottom = new Panel(LEFT, 410, WIDTH - LEFT - RIGHT, 140, x, "learning rate", true, lr);
            bottom.draw(g);
            bottom.series(g, lr, LEARNING_RATE);
            legend(g, WIDTH - RIGHT - 150, 392, new String[] {"learning rate"}, new Color[] {LEARNING_RATE});
            text(g, "epoch", LEFT + (WIDTH - LEFT - RIGHT) / 2 - 15, HEIGHT - 12, AXIS, Font.PLAIN, 12);
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * Renders the chart and writes it as a PNG, through a temporary file and a rename.
     *
     * @param epochs the epoch reports, in order
     * @param title the title
     * @param file the PNG file
     * @throws IOException if writing fails
     */
    public static void write(List<EpochReport> epochs, String title, Path file) throws IOException {
        BufferedImage image = render(epochs, title);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            if (!ImageIO.write(image, "png", tmp.toFile())) {
                throw new IOException("no PNG writer in this Java runtime");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void legend(Graphics2D g, int x, int y, String[] labels, Color[] colors) {
        for (int i = 0; i < labels.length; i++) {
            int xx = x + 150 * i;
            g.setColor(colors[i]);
            g.setStroke(new BasicStroke(2.5f));
            g.drawLine(xx, y + 6, xx + 24, y + 6);
            text(g, labels[i], xx + 30, y + 11, AXIS, Font.PLAIN, 12);
        }
    }

    /** Draws text; a runtime without usable fonts gets a chart without labels rather than none. */
    private static void text(Graphics2D g, String s, int x, int y, Color color, int style, int size) {
        try {
            g.setColor(color);
            g.setFont(new Font(Font.SANS_SERIF, style, size));
            g.drawString(s, x, y);
        } catch (RuntimeException | Error e) {
            // no fonts (a minimal JRE): leave the label out
        }
    }

    private static String format(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e5)) {
            return String.format(Locale.ROOT, "%.1e", v);
        }
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** One plot area with its axes. */
    private static final class Panel {
        private final int left;
        private final int top;
        private final int width;
        private final int height;
        private final double[] x;
        private final String label;
        private final double xMin;
        private final double xMax;
        private double yMin;
        private double yMax;
        private double yStep;

        Panel(int left, int top, int width, int height, double[] x, String label, boolean fromZero,
                double[]... ys) {
            this.left = left;
            this.top = top;
            this.width = width;
            this.height = height;
            this.x = x;
            this.label = label;
            this.xMin = x.length == 0 ? 1 : x[0];
            this.xMax = x.length <= 1 ? xMin + 1 : x[x.length - 1];
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] y : ys) {
                for (double v : y) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            if (lo > hi) {
                lo = 0;
                hi = 1;
            }
            if (fromZero && lo > 0) {
                lo = 0;
            }
            if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
                double pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
                lo -= pad;
                hi += pad;
            }
            yStep = niceStep((hi - lo) / 5);
            yMin = Math.floor(lo / yStep) * yStep;
            yMax = Math.ceil(hi / yStep) * yStep;
            if (lo >= 0 && yMin < 0) {
                yMin = 0;
            }
        }

        private static double niceStep(double raw) {
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double f = raw / magnitude;
            double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
            return nice * magnitude;
        }

        double px(double v) {
            return left + (v - xMin) / (xMax - xMin) * width;
        }

        double py(double v) {
            return top + height - (v - yMin) / (yMax - yMin) * height;
        }

        void draw(Graphics2D g) {
            g.setStroke(new BasicStroke(1f));
            for (double v = yMin; v <= yMax + yStep / 2; v += yStep) {
                int y = (int) Math.round(py(v));
                g.setColor(GRID);
                g.drawLine(left, y, left + width, y);
                String s = format(v);
                int w = width(g, s);
                text(g, s, left - 8 - w, y + 4, AXIS, Font.PLAIN, 11);
            }
            int xStep = (int) Math.max(1, Math.ceil((xMax - xMin) / 12));
            for (int e = (int) xMin; e <= xMax; e += xStep) {
                int xx = (int) Math.round(px(e));
                g.setColor(GRID);
                g.drawLine(xx, top, xx, top + height);
                text(g, Integer.toString(e), xx - 4, top + height + 16, AXIS, Font.PLAIN, 11);
            }
            g.setColor(AXIS);
            g.drawRect(left, top, width, height);
            text(g, label, left, top - 6, AXIS, Font.BOLD, 12);
        }

        void series(Graphics2D g, double[] y, Color color) {
            g.setColor(color);
            g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            Path2D.Double line = new Path2D.Double();
            boolean started = false;
            for (int i = 0; i < y.length; i++) {
                if (!Double.isFinite(y[i])) {
                    started = false;
                    continue;
                }
                if (started) {
                    line.lineTo(px(x[i]), py(y[i]));
                } else {
                    line.moveTo(px(x[i]), py(y[i]));
                    started = true;
                }
            }
            g.draw(line);
            for (int i = 0; i < y.length; i++) {
                if (Double.isFinite(y[i])) {
                    g.fill(new Ellipse2D.Double(px(x[i]) - 4, py(y[i]) - 4, 8, 8));
                }
            }
        }

        private static int width(Graphics2D g, String s) {
            try {
                FontMetrics m = g.getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                return m.stringWidth(s);
            } catch (RuntimeException | Error e) {
                return 6 * s.length();
            }
        }
    }
}
