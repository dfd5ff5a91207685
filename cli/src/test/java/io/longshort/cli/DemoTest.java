package io.longshort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.longshort.cli.CliTestSupport.Run;
import org.junit.jupiter.api.Test;

/**
 * The main job, {@code longshort demo}, on its real code path (the built-in corpus, the demo
 * preset, the oracle floor and the smoothed trigram baseline), with a budget of {@value
 * CliModels#DEMO_STEPS} windows: its test perplexity lands between the built-in corpus's oracle
 * floor and 2.0 times it, and below the trigram baseline.
 *
 * <p>Issue 15, item 10 (a faster suite): this test trained the full demo (6 epochs, about two
 * minutes on 2 cores) and bounded the test perplexity by 1.3 times the oracle. It now shares one
 * run of {@code demo --max-steps 300} with {@code CliUseTest} ({@link CliModels#demo()}), and the
 * upper bound is 2.0 times the oracle, which the budget meets; the other bounds are unchanged.
 * Measured on PyTorch (oracle 10.36, trigram 23.47): test perplexity 19.03 (1.84x the oracle)
 * after 300 windows, 17.74 (1.71x) after one epoch of 624; an untrained model is near the
 * vocabulary's 232 and fails both the 2.0x bound and the trigram bound.
 */
class DemoTest {

    @Test
    void demoLandsWithinTwiceTheOracleAndBelowTheTrigram() {
        Run run = CliModels.demo();
        assertEquals(0, run.code(), run.err());
        JsonObject json = run.json();
        double test = json.get("test_perplexity").getAsDouble();
        double oracle = json.get("oracle_perplexity").getAsDouble();
        double trigram = json.get("trigram_perplexity").getAsDouble();
        String summary = "test " + test + ", oracle " + oracle + ", trigram " + trigram;
        assertEquals(CliModels.DEMO_STEPS, json.get("steps").getAsLong(), "the budget: " + summary);
        assertTrue(test >= oracle * 0.98, "cannot beat the oracle by more than noise: " + summary);
        assertTrue(
                test <= 2.0 * oracle,
                "within 2.0x of the oracle after " + CliModels.DEMO_STEPS + " windows: " + summary);
        assertTrue(test < trigram, "below the trigram: " + summary);
        assertTrue(run.out().contains("the oracle floor"), run.out());
    }
}
