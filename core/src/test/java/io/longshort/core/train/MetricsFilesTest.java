package io.longshort.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics CSV files that training writes into the model folder. */
class MetricsFilesTest {

    @TempDir
    Path tmp;

    @Test
    void theWriterLeavesOneCsvLinePerIntervalAndPerEpoch() throws Exception {
        try (MetricsWriter w = new MetricsWriter(tmp)) {
            w.onLog(new StepReport(0, 9, 100, 10, 300.5, 0.1, 5000, 1.0));
            w.onLog(new StepReport(0, 19, 100, 20, 250.25, 0.12, 5100, 1.0));
            w.onEpoch(new EpochReport(0, 1.0, 240, 200, 5050));
            w.onLog(new StepReport(1, 9, 100, 110, 180, 0.2, 5000, 0.5));
            w.onEpoch(new EpochReport(1, 0.5, 170, 160, 5000));
        }
        List<String> log = Files.readAllLines(tmp.resolve(MetricsWriter.LOG_CSV), StandardCharsets.UTF_8);
        assertEquals(
                List.of(
                        MetricsWriter.LOG_HEADER,
                        "1,10,100,10,1.0,300.5,0.1,5000.0",
                        "1,20,100,20,1.0,250.25,0.12,5100.0",
                        "2,10,100,110,0.5,180.0,0.2,5000.0"),
                log);
        List<String> epochs = Files.readAllLines(tmp.resolve(MetricsWriter.EPOCH_CSV), StandardCharsets.UTF_8);
        assertEquals(
                List.of(MetricsWriter.EPOCH_HEADER, "1,1.0,240.0,200.0,5050.0", "2,0.5,170.0,160.0,5000.0"), epochs);
        assertEquals(
                List.of(new EpochReport(0, 1.0, 240, 200, 5050), new EpochReport(1, 0.5, 170, 160, 5000)),
                MetricsWriter.readEpochs(tmp));
    }
}
