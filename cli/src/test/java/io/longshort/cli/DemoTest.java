package io.longshort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.longshort.cli.CliTestSupport.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job, {@code longshort demo}, as the README runs it: its test perplexity lands between
 * the built-in corpus's oracle floor (within 1.3x of it) and the smoothed trigram baseline.
 */
class DemoTest {

    @TempDir Path tmp;

    @Test
    void demoLandsWithinOnePointThreeOfTheOracleAndBelowTheTrigram() {
        Run run = CliTestSupport.run("demo", "--out", tmp.resolve("demo").toString(), "--json");
        assertEquals(0, run.code(), run.err());
        JsonObject json = run.json();
        double test = json.get("test_perplexity").getAsDouble();
        double oracle = json.get("oracle_perplexity").getAsDouble();
        double trigram = json.get("trigram_perplexity").getAsDouble();
        String summary = "test " + test + ", oracle " + oracle + ", trigram " + trigram;
        assertTrue(test >= oracle * 0.98, "cannot beat the oracle by more than noise: " + summary);
        assertTrue(test <= 1.3 * oracle, "within 1.3x of the oracle: " + summary);
        assertTrue(test < trigram, "below the trigram: " + summary);
        assertTrue(run.out().contains("the oracle floor"), run.out());
    }
}
