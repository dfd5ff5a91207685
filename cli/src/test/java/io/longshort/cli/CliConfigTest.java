package io.longshort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.longshort.cli.CliTestSupport.Run;
import io.longshort.core.checkpoint.ModelFiles;
import io.longshort.core.checkpoint.ModelRecord;
import io.longshort.core.spec.Experiment;
import io.longshort.core.spec.Presets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Swapping engines by configuration: {@code longshort config --preset tiny} prints a file, the
 * file is edited to name the other engine, and {@code longshort train --config FILE --json} trains
 * on the engine the file names; the saved model carries the spec and plan of the file.
 */
class CliConfigTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "config names {0}, the file is edited to the other engine")
    @ValueSource(strings = {"pytorch", "mxnet"})
    void trainConfigTrainsOnTheEngineTheFileNames(String first) throws Exception {
        // without --engine, config writes the engine configuration selects (longshort.properties: pytorch)
        Run config = first.equals("pytorch")
                ? CliTestSupport.run("config", "--preset", "tiny")
                : CliTestSupport.run("config", "--preset", "tiny", "--engine", first);
        assertEquals(0, config.code(), config.err());
        JsonObject json = JsonParser.parseString(config.out()).getAsJsonObject();
        assertEquals(List.of("engine", "model", "training", "data"), List.copyOf(json.keySet()));
        assertEquals(first, json.get("engine").getAsString());
        Experiment printed = Experiment.fromJson(config.out());
        assertEquals(Presets.tiny().model(), printed.model());
        assertEquals(Presets.tiny().training(), printed.training());

        String other = first.equals("pytorch") ? "mxnet" : "pytorch";
        Path file = tmp.resolve("tiny.json");
        Files.writeString(file, config.out().replace("\"engine\": \"" + first + "\"", "\"engine\": \"" + other + "\""));

        Path out = tmp.resolve("model");
        Run train = CliTestSupport.run(
                "train", "--config", file.toString(), "--max-steps", "30", "--out", out.toString(), "--json");
        assertEquals(0, train.code(), train.err());
        JsonObject report = train.json();
        assertEquals(other, report.get("engine").getAsString(), "the engine the file names");
        assertEquals(30, report.get("steps").getAsLong());
        assertEquals(
                file.toAbsolutePath().normalize().toString(),
                report.get("config").getAsString());
        double ppl = report.get("test_perplexity").getAsDouble();
        assertTrue(ppl > report.get("oracle_perplexity").getAsDouble() && ppl < 500, "test perplexity " + ppl);

        // the saved model carries the spec it was built from: the file's, with the data's vocabulary
        ModelRecord record = ModelFiles.readRecord(out);
        assertEquals(other, record.engine());
        assertEquals(printed.model().withVocabularySize(232), record.model());
        assertEquals(printed.training().withMaxSteps(30), record.training());
        assertEquals("builtin", record.data().get("kind"));
    }

    @Test
    void configWritesAFileThatReadsBackAsThePreset() throws Exception {
        Path file = tmp.resolve("medium.json");
        Run config = CliTestSupport.run(
                "config",
                "--preset",
                "medium",
                "--engine",
                "mxnet",
                "--data",
                tmp.toString(),
                "--out",
                file.toString());
        assertEquals(0, config.code(), config.err());
        Experiment e = Experiment.read(file);
        assertEquals("mxnet", e.engine());
        assertEquals(Presets.medium().model(), e.model());
        assertEquals(Presets.medium().training(), e.training());
        assertEquals("ptb", e.data().kind());
    }

    @Test
    void configAndPresetCannotBeCombined() throws Exception {
        Path file = tmp.resolve("tiny.json");
        Files.writeString(file, CliTestSupport.run("config", "--preset", "tiny").out());
        Run run = CliTestSupport.run(
                "train",
                "--config",
                file.toString(),
                "--preset",
                "small",
                "--out",
                tmp.resolve("m").toString());
        assertEquals(2, run.code());
        assertEquals(
                "longshort: error: --preset cannot be combined with --config: the file describes the model and"
                        + " the data; edit it instead (keys model and data).",
                run.err().strip());
    }

    @Test
    void aMistakeInTheFileIsOneLineNamingTheFileAndTheKey() throws Exception {
        Path file = tmp.resolve("bad.json");
        String text =
                CliTestSupport.run("config", "--preset", "tiny").out().replace("\"numSteps\": 5", "\"numSteps\": 0");
        Files.writeString(file, text);
        Run run = CliTestSupport.run(
                "train", "--config", file.toString(), "--out", tmp.resolve("m").toString());
        assertEquals(2, run.code());
        String err = run.err().strip();
        assertFalse(err.contains("\n"), err);
        assertEquals("longshort: error: " + file + ": numSteps is 0: it must be at least 1.", err);
        Files.writeString(file, text.replace("\"engine\": \"pytorch\"", "\"engine\": \"tensorflow\""));
        Run unknown = CliTestSupport.run(
                "train", "--config", file.toString(), "--out", tmp.resolve("m").toString());
        assertEquals(2, unknown.code());
    }
}
