package io.longshort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longshort.cli.CliTestSupport.Run;
import io.longshort.core.checkpoint.ModelFiles;
import io.longshort.core.checkpoint.ModelRecord;
import io.longshort.core.inference.LanguageModel;
import io.longshort.core.inference.Score;
import io.longshort.core.inference.WordProbability;
import io.longshort.it.TestModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A model folder written by one engine loads on the other and gives the same predictions: the
 * test perplexity recorded by training equals the one measured after loading on the other engine
 * (within 1e-3 relative), and so do scores and next-word probabilities.
 */
class ArchiveCrossEngineTest {

    @ParameterizedTest(name = "trained on {0}, loaded on {1}")
    @CsvSource({"pytorch, mxnet", "mxnet, pytorch"})
    void anArchiveWrittenByOneEngineGivesTheSamePredictionsOnTheOther(String trainedOn, String loadedOn) {
        // CliTrainTest's model, trained once per JVM by the command line; only read here
        Path dir = CliModels.tinyDir(trainedOn);
        ModelRecord record = ModelFiles.readRecord(dir);
        assertEquals(trainedOn, record.engine());
        double recorded = record.metrics().get("test_perplexity");

        Run test = CliTestSupport.run("test", "--model", dir.toString(), "--engine", loadedOn, "--json");
        assertEquals(0, test.code(), test.err());
        assertEquals(loadedOn, test.json().get("engine").getAsString());
        double restored = test.json().get("test_perplexity").getAsDouble();
        assertEquals(
                recorded,
                restored,
                recorded * 1e-3,
                "test perplexity recorded on " + trainedOn + ", measured on " + loadedOn);

        String text = String.join(" ", TestModels.testWords(2000)).replace("<eos>", "\n");
        try (LanguageModel a = LanguageModel.load(dir, trainedOn);
                LanguageModel b = LanguageModel.load(dir, loadedOn)) {
            Score sa = a.score(text);
            Score sb = b.score(text);
            assertEquals(sa.perplexity(), sb.perplexity(), sa.perplexity() * 1e-3);
            double[] la = sa.logProbabilities();
            double[] lb = sb.logProbabilities();
            for (int i = 0; i < la.length; i++) {
                assertEquals(la[i], lb[i], 1e-3, "word " + i);
            }
            for (String context : List.of(
                    "", "the", String.join(" ", TestModels.testWords(60)).replace("<eos>", "\n"))) {
                List<WordProbability> pa = a.nextWords(context, 5);
                List<WordProbability> pb = b.nextWords(context, 5);
                for (int i = 0; i < 5; i++) {
                    assertEquals(pa.get(i).probability(), pb.get(i).probability(), 1e-4, context + " #" + i);
                }
            }
            assertTrue(Double.isFinite(sa.perplexity()));
        }
    }
}
