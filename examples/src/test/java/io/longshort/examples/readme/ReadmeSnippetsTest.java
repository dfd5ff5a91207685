package io.longshort.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.longshort.core.checkpoint.ModelFiles;
import io.longshort.core.checkpoint.ModelRecord;
import io.longshort.core.data.builtin.BuiltinCorpus;
import io.longshort.core.spec.Experiment;
import io.longshort.core.spec.ModelSpec;
import io.longshort.core.spec.Presets;
import io.longshort.it.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java and Kotlin snippets are the tagged regions of the programs in this package,
 * verbatim, and those programs run: the README cannot show code that does not compile or fails.
 */
class ReadmeSnippetsTest {

    private static final List<String> LANGUAGES = List.of("java", "kotlin");

    private static Map<String, String> regions() {
        return TaggedRegions.in(Path.of("src/main/java"), Path.of("src/main/kotlin"));
    }

    @Test
    void everyJavaAndKotlinBlockOfTheReadmeIsATaggedRegion() {
        Map<String, String> regions = regions();
        List<String> problems = new ArrayList<>();
        for (Readme.Block block : Readme.blocks()) {
            if (LANGUAGES.contains(block.language()) && !regions.containsValue(block.text())) {
                problems.add("README line " + block.line() + ": the " + block.language() + " block is no tagged"
                        + " region of examples/src/main (copy the region, or tag the code):\n" + block.text());
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems) + "\nthe regions:\n" + regions);
    }

    @Test
    void everyTaggedRegionIsInTheReadme() {
        Set<String> blocks = new HashSet<>();
        Readme.blocks().forEach(b -> blocks.add(b.text()));
        regions()
                .forEach((name, text) -> assertTrue(
                        blocks.contains(text), "region " + name + " is not in the README as written:\n" + text));
        assertEquals(
                Set.of("train", "language-model", "djl-model", "kotlin", "spark"),
                regions().keySet());
    }

    @Test
    void kotlinSnippetDescribesTheMediumRunOnMxnet() {
        ModelSpec lm = ReadmeKotlin.model();
        assertEquals(10_000, lm.vocabularySize());
        assertEquals(650, lm.embeddingSize());
        assertEquals(List.of(650, 650), lm.hiddenSizes());
        assertEquals(35, lm.numSteps());
        assertEquals(0.5f, lm.dropout());
        Experiment run = ReadmeKotlin.run();
        assertEquals("mxnet", run.engine());
        assertEquals(Presets.medium().model(), run.model());
        assertEquals(Presets.medium().training().withEpochs(39), run.training());
    }

    @Test
    void modelSnippetsRunOnTheDemoModelFolder(@TempDir Path dir) throws Exception {
        // a small trained model stands in for the demo's, under the name the snippets use
        Files.createDirectories(dir.resolve("runs"));
        Files.createSymbolicLink(dir.resolve("runs/demo"), TestModels.sharedTiny("pytorch", false));
        ChildProcess.Result r =
                ChildProcess.run(dir, "ReadmeModelUse", ChildProcess.java(ReadmeModelUse.class.getName()));
        assertEquals(0, r.code(), r.describe());
        // the DJL snippet prints the five most likely next words with their probabilities
        assertEquals(5, r.out().split("\"className\"", -1).length - 1, r.describe());
    }

    /**
     * The snippet as written: the medium network for 39 epochs. On data of one window an epoch it
     * still takes about 2.5 minutes on 2 busy cores (each 650-unit window about 3 s), the price of
     * running the README's own code rather than a smaller copy of it.
     */
    @Test
    void trainingSnippetTrainsOnAPtbFolder(@TempDir Path dir) throws Exception {
        // PTB-format files small enough for the snippet's 39 medium epochs: 1 window of 20 x 35 an epoch
        BuiltinCorpus.generate(7, 800, 800, 800).writePtbFiles(dir.resolve("simple-examples/data"));
        ChildProcess.Result r =
                ChildProcess.run(dir, "ReadmeTraining", ChildProcess.java(ReadmeTraining.class.getName()));
        assertEquals(0, r.code(), r.describe());
        assertTrue(r.out().contains("test perplexity "), r.describe());
        ModelRecord record = ModelFiles.readRecord(dir.resolve("runs/medium"));
        assertEquals(39, record.epochsCompleted(), r.describe());
        assertEquals(List.of(650, 650), record.model().hiddenSizes());
        assertEquals("pytorch", record.engine());
    }

    @Test
    void readmeHasJavaAndKotlinBlocks() {
        long java = Readme.blocks("java").size();
        long kotlin = Readme.blocks("kotlin").size();
        if (java < 3 || kotlin < 1) {
            fail("expected the README's 3 Java and 1 Kotlin snippets, found " + java + " and " + kotlin);
        }
    }
}
