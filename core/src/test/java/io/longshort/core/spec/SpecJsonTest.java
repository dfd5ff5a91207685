package io.longshort.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.longshort.core.LongshortException;
import io.longshort.core.checkpoint.ModelFiles;
import io.longshort.core.checkpoint.ModelRecord;
import io.longshort.core.data.DataSource;
import io.longshort.core.data.Tokenizer;
import io.longshort.core.data.UnknownWords;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Specs as files: round trips, the four top-level keys, old files, and messages for bad files. */
class SpecJsonTest {

    @TempDir
    Path tmp;

    private static void assertMessage(String expected, Executable build) {
        LongshortException e = assertThrows(LongshortException.class, build);
        assertEquals(expected, e.getMessage());
    }

    private static Experiment everything() {
        ModelSpec model = new ModelSpec(
                1234,
                96,
                List.of(128, 64, 96),
                17,
                9,
                0.15f,
                0.35f,
                0.45f,
                0.07f,
                0.5f,
                new SoftmaxHead(true, true, 0.8f));
        TrainingPlan plan = new TrainingPlan(
                7,
                900,
                Optimizer.adam(0.8f, 0.99f, 1e-6f),
                0.002f,
                LrSchedule.plateau(0.25f, 2),
                2.5f,
                99,
                13,
                Layout.TIME_MAJOR,
                Path.of("ck/run"));
        DataSource data = new DataSource.TextFiles(
                Path.of("a.txt"), Path.of("b.txt"), Path.of("c.txt"), Tokenizer.WHITESPACE, UnknownWords.MAP_TO_UNK);
        return new Experiment("mxnet", model, plan, data);
    }

    @Test
    void everyPresetRoundTripsThroughJsonToAnEqualSpecAndPlan() {
        for (String name : Presets.NAMES) {
            Preset p = Presets.get(name);
            Experiment e = Experiment.of(p);
            Experiment back = Experiment.fromJson(e.toJson());
            assertEquals(e, back, name);
            assertEquals(p.model(), back.model(), name);
            assertEquals(p.training(), back.training(), name);
        }
    }

    @Test
    void everySettingRoundTripsThroughJson() {
        Experiment e = everything();
        assertEquals(e, Experiment.fromJson(e.toJson()));
        Experiment ptb = e.withEngine(null)
                .withData(DataSource.ptb(Path.of("/data/ptb")))
                .withTraining(Presets.large().training().withCheckpointDir(null));
        assertEquals(ptb, Experiment.fromJson(ptb.toJson()));
    }

    @Test
    void theFileHasExactlyEngineModelTrainingAndData() {
        JsonObject json = JsonParser.parseString(everything().toJson()).getAsJsonObject();
        assertEquals(List.of("engine", "model", "training", "data"), List.copyOf(json.keySet()));
        assertEquals("mxnet", json.get("engine").getAsString());
        JsonObject noEngine =
                JsonParser.parseString(Experiment.of(Presets.tiny()).toJson()).getAsJsonObject();
        assertEquals(List.of("engine", "model", "training", "data"), List.copyOf(noEngine.keySet()));
        assertTrue(noEngine.get("engine").isJsonNull());
        assertNull(Experiment.fromJson(Experiment.of(Presets.tiny()).toJson()).engine());
    }

    @Test
    void filesWriteAndReadBack() throws Exception {
        Path file = tmp.resolve("exp.json");
        everything().write(file);
        assertEquals(everything(), Experiment.read(file));
    }

    @Test
    void aModelRecordWritesTheSpecInItsJsonForm() {
        Experiment e = everything();
        ModelRecord record = new ModelRecord(
                ModelFiles.FORMAT_VERSION,
                e.model(),
                e.training(),
                null,
                java.util.Map.of(),
                "mxnet",
                1,
                2,
                java.util.Map.of(),
                java.util.Map.of());
        String json = ModelFiles.gson().toJson(record);
        assertTrue(json.contains("\"hiddenSizes\""), json);
        ModelRecord back = ModelFiles.gson().fromJson(json, ModelRecord.class);
        assertEquals(e.model(), back.model());
        assertEquals(e.training(), back.training());
    }

    @Test
    void aModelJsonWrittenByLongshort01StillReads() throws Exception {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/legacy/v0.1-demo-model.json")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ModelRecord record = ModelFiles.gson().fromJson(text, ModelRecord.class);
        assertEquals(Presets.demo().model().withVocabularySize(232), record.model());
        assertEquals(Presets.demo().training(), record.training());
        assertEquals(SoftmaxHead.full(), record.model().softmax());
        assertEquals(Optimizer.sgd(), record.training().optimizer());
    }

    @Test
    void unknownKeysAreRefusedNamingTheKeyAndTheAllowedOnes() {
        JsonObject json =
                JsonParser.parseString(Experiment.of(Presets.tiny()).toJson()).getAsJsonObject();
        json.getAsJsonObject("model").addProperty("hiddenSize2", 5);
        assertMessage(
                "model.hiddenSize2 is not a setting here: the settings of model are [vocabularySize,"
                        + " embeddingSize, hiddenSizes, numSteps, batchSize, inputDropout, hiddenDropout,"
                        + " outputDropout, initScale, forgetBias, softmax].",
                () -> Experiment.fromJson(json.toString()));
        JsonObject top =
                JsonParser.parseString(Experiment.of(Presets.tiny()).toJson()).getAsJsonObject();
        top.addProperty("preset", "tiny");
        assertMessage(
                "preset is not a setting here: the settings of the file are [engine, model, training, data].",
                () -> Experiment.fromJson(top.toString()));
    }

    @Test
    void wrongTypesAndMissingKeysAreNamed() {
        JsonObject json =
                JsonParser.parseString(Experiment.of(Presets.tiny()).toJson()).getAsJsonObject();
        json.getAsJsonObject("model").addProperty("numSteps", 2.5);
        assertMessage("model.numSteps is 2.5: it must be a whole number.", () -> Experiment.fromJson(json.toString()));
        json.getAsJsonObject("model").addProperty("numSteps", "five");
        assertMessage(
                "model.numSteps is \"five\": it must be a whole number.", () -> Experiment.fromJson(json.toString()));
        json.getAsJsonObject("model").remove("numSteps");
        assertMessage("model.numSteps is missing: it must be given.", () -> Experiment.fromJson(json.toString()));
        JsonObject t =
                JsonParser.parseString(Experiment.of(Presets.tiny()).toJson()).getAsJsonObject();
        t.getAsJsonObject("training").getAsJsonObject("optimizer").addProperty("type", "rmsprop");
        assertMessage(
                "training.optimizer.type is \"rmsprop\": it must be one of [sgd, adam].",
                () -> Experiment.fromJson(t.toString()));
        JsonObject d =
                JsonParser.parseString(Experiment.of(Presets.tiny()).toJson()).getAsJsonObject();
        d.getAsJsonObject("data").addProperty("kind", "wiki");
        assertMessage(
                "data.kind is \"wiki\": it must be one of [builtin, ptb, text].",
                () -> Experiment.fromJson(d.toString()));
    }

    @Test
    void valuesOutOfRangeInAFileGiveTheSpecsOwnMessage() throws Exception {
        JsonObject json =
                JsonParser.parseString(Experiment.of(Presets.tiny()).toJson()).getAsJsonObject();
        json.getAsJsonObject("model").addProperty("inputDropout", 1.0);
        Path file = tmp.resolve("bad.json");
        Files.writeString(file, json.toString());
        assertMessage(
                file + ": inputDropout is 1.0: it must be in [0, 1) (1 - keep probability).",
                () -> Experiment.read(file));
        Files.writeString(file, "{ not json");
        LongshortException e = assertThrows(LongshortException.class, () -> Experiment.read(file));
        assertTrue(e.getMessage().startsWith(file + " is not valid JSON"), e.getMessage());
        assertMessage(
                "Config file not found: " + tmp.resolve("none.json")
                        + "; check the path, or write one with Experiment.toJson().",
                () -> Experiment.read(tmp.resolve("none.json")));
    }
}
