package io.longshort.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics CSV files and the PNG chart that training writes into the model folder. */
class MetricsFilesTest {

    @TempDir Path tmp;

    @Test
    void theWriterLeavesOneCsvLinePerIntervalAndPerEpochAndAChart() throws Exception {
        try (MetricsWriter w = new MetricsWriter(tmp)) {
            w.onLog(new StepReport(0, 9, 100, 10, 300.5, 0.1, 5000, 1.0));
            w.onLog(new StepReport(0, 19, 100, 20, 250.25, 0.12, 5100, 1.0));
            w.onEpoch(new EpochReport(0, 1.0, 240, 200, 5050));
            w.onLog(new StepReport(1, 9, 100, 110, 180, 0.2, 5000, 0.5));
            w.onEpoch(new EpochReport(1, 0.5, 170, 160, 5000));
        }
        List<String> log = Files.readAllLines(tmp.resolve(MetricsWriter.LOG_CSV), StandardCharsets.UTF_8);
        assertEquals(List.of(MetricsWriter.LOG_HEADER, "1,10,100,10,1.0,300.5,0.1,5000.0",
                "1,20,100,20,1.0,250.25,0.12,5100.0", "2,10,100,110,0.5,180.0,0.2,5000.0"), log);
        List<String> epochs = Files.readAllLines(tmp.resolve(MetricsWriter.EPOCH_CSV), StandardCharsets.UTF_8);
        assertEquals(List.of(MetricsWriter.EPOCH_HEADER, "1,1.0,240.0,200.0,5050.0", "2,0.5,170.0,160.0,5000.0"),
                epochs);
        assertChart(tmp.resolve(MetricsWriter.CHART));
    }

    @Test
    void aChartOfOneEpochIsNotBlankEither() throws Exception {
        Path png = tmp.resolve("one.png");
        MetricsChart.write(List.of(new EpochReport(0, 1.0, 500, 400, 1000)), "one epoch", png);
        assertChart(png);
    }

    /** Checks that a file is a PNG of the chart's size showing the three curves. */
    static void assertChart(Path png) throws Exception {
        assertTrue(Files.isRegularFile(png), png + " exists");
        byte[] bytes = Files.readAllBytes(png);
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals("PNG", new String(bytes, 1, 3, StandardCharsets.US_ASCII));
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "a readable image");
        assertEquals(MetricsChart.WIDTH, image.getWidth());
        assertEquals(MetricsChart.HEIGHT, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        int notWhite = 0;
        int[] series = new int[3];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff) {
                    notWhite++;
                }
                if (rgb == (MetricsChart.TRAIN.getRGB() & 0xffffff)) {
                    series[0]++;
                } else if (rgb == (MetricsChart.VALID.getRGB() & 0xffffff)) {
                    series[1]++;
                } else if (rgb == (MetricsChart.LEARNING_RATE.getRGB() & 0xffffff)) {
                    series[2]++;
                }
            }
        }
        assertTrue(colours.size() > 10, "more than a few colours: " + colours.size());
        assertTrue(notWhite > image.getWidth() * image.getHeight() / 100, "not blank: " + notWhite + " pixels drawn");
        for (int i = 0; i < 3; i++) {
            assertTrue(series[i] > 20, "curve " + i + " drawn: " + series[i] + " pixels");
        }
    }
}
