package io.longshort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longshort.core.train.EpochReport;
import io.longshort.core.train.MetricsWriter;
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

/** The PNG chart of the training curves that the command line draws into the model folder. */
class MetricsChartTest {

    @TempDir
    Path tmp;

    @Test
    void eachEpochEndDrawsTheEpochsOnFileAndTheNewOne() throws Exception {
        EpochReport first = new EpochReport(0, 1.0, 240, 200, 5050);
        EpochReport second = new EpochReport(1, 0.5, 170, 160, 5000);
        MetricsChart chart = new MetricsChart(tmp, "run");
        try (MetricsWriter w = new MetricsWriter(tmp)) {
            w.onEpoch(first); // a resumed run: the first epoch is on file, from its checkpoint
            assertEquals(List.of(first, second), chart.epochsUpTo(second));
            w.onEpoch(second); // the writer may see the epoch first: it is not drawn twice
            assertEquals(List.of(first, second), chart.epochsUpTo(second));
            chart.onEpoch(second);
        }
        assertChart(tmp.resolve(MetricsChart.FILE));
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
