package io.longshort.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longshort.examples.CliTestSupport.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code longshort train --data DIR --preset small --epochs 1 --json} on a folder made from the
 * real PTB files (valid as train, test as valid and test), on both engines: their test
 * perplexities differ by at most 5%.
 */
class PtbBothEnginesTest {

    @TempDir Path tmp;

    @Test
    void smallPresetOneEpochOnBothEnginesAgreesWithinFivePercent() throws Exception {
        Path ptb = CliTestSupport.ptbDir();
        Assumptions.assumeTrue(ptb != null,
                "skipped: no PTB files; set LONGSHORT_PTB_DIR or put ptb.valid.txt and ptb.test.txt"
                        + " in ../shared/data/ptb");
        Path data = CliTestSupport.ptbFolder(ptb, tmp);
        double[] ppl = new double[2];
        String[] engines = {"pytorch", "mxnet"};
        for (int i = 0; i < 2; i++) {
            Run run = CliTestSupport.run("train", "--data", data.toString(), "--preset", "small",
                    "--epochs", "1", "--engine", engines[i], "--out", tmp.resolve(engines[i]).toString(),
                    "--json");
            assertEquals(0, run.code(), run.err());
            assertEquals(engines[i], run.json().get("engine").getAsString());
            ppl[i] = run.json().get("test_perplexity").getAsDouble();
            assertTrue(ppl[i] > 1 && ppl[i] < 2000, engines[i] + " test perplexity " + ppl[i]);
        }
        double ratio = Math.max(ppl[0], ppl[1]) / Math.min(ppl[0], ppl[1]);
        System.out.printf(java.util.Locale.ROOT,
                "PTB small, 1 epoch (train on valid, test on test): pytorch %.2f, mxnet %.2f, ratio %.4f%n",
                ppl[0], ppl[1], ratio);
        assertTrue(ratio <= 1.05, "pytorch " + ppl[0] + " vs mxnet " + ppl[1]);
    }
}
