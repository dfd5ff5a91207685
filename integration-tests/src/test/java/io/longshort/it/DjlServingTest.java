package io.longshort.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.longshort.core.checkpoint.CheckpointStore;
import io.longshort.core.inference.LanguageModel;
import io.longshort.core.inference.WordProbability;
import io.longshort.core.serving.LanguageModelBlock;
import io.longshort.core.serving.LanguageModelTranslatorFactory;
import io.longshort.core.serving.ServingProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A model folder works like any DJL model: {@code Criteria} loads it on either engine (the block
 * factory named in its {@code serving.properties} builds the block), and a {@code Predictor}
 * gives the same next-word probabilities as {@link LanguageModel}. For {@code Input -> Output}
 * (DJL Serving's types) the translator factory comes from {@code serving.properties} too; DJL
 * 0.36 picks the factory of other types before it reads that file, so {@code String ->
 * Classifications} names it in the criteria.
 */
class DjlServingTest {

    static Path model;

    @BeforeAll
    static void train() {
        model = TestModels.sharedTiny("pytorch", false); // shared with LanguageModelTest; only read here
    }

    @Test
    void theModelFolderHoldsAServingPropertiesFileNamingTheFactories() throws Exception {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(model.resolve(ServingProperties.FILE))) {
            p.load(in);
        }
        assertEquals(ServingProperties.properties(), p);
        assertTrue(
                Files.isRegularFile(new CheckpointStore(model.resolve("checkpoints"), 1)
                        .latest(null)
                        .orElseThrow()
                        .dir()
                        .resolve(ServingProperties.FILE)),
                "every checkpoint is a model folder DJL can load");
    }

    @ParameterizedTest
    @CsvSource({"PyTorch, pytorch", "MXNet, mxnet"})
    void criteriaLoadsTheFolderAndAPredictorGivesTheNextWords(String djlEngine, String engine) throws Exception {
        Criteria<String, Classifications> criteria = Criteria.builder()
                .setTypes(String.class, Classifications.class)
                .optModelPath(model)
                .optEngine(djlEngine)
                .optTranslatorFactory(new LanguageModelTranslatorFactory())
                .optArgument("topK", 3)
                .build();
        String context = "the old";
        try (ZooModel<String, Classifications> zoo = criteria.loadModel();
                Predictor<String, Classifications> predictor = zoo.newPredictor();
                LanguageModel lm = LanguageModel.load(model, engine)) {
            assertInstanceOf(LanguageModelBlock.class, zoo.getBlock());
            assertEquals(
                    engine,
                    ((LanguageModelBlock) zoo.getBlock()).languageModel().engine());
            Classifications next = predictor.predict(context);
            List<WordProbability> expected = lm.nextWords(context, 3);
            List<Classifications.Classification> top = next.topK();
            assertEquals(3, top.size());
            for (int i = 0; i < 3; i++) {
                assertEquals(expected.get(i).word(), top.get(i).getClassName());
                assertEquals(expected.get(i).probability(), top.get(i).getProbability(), 1e-9);
            }
            assertEquals(lm.vocabulary().size(), next.getClassNames().size());
            assertEquals(
                    1.0,
                    next.getProbabilities().stream()
                            .mapToDouble(Double::doubleValue)
                            .sum(),
                    1e-9);
        }
    }

    @Test
    void theInputOutputTranslatorFromServingPropertiesAnswersJsonAsDjlServingWould() throws Exception {
        Criteria<Input, Output> criteria = Criteria.builder()
                .setTypes(Input.class, Output.class)
                .optModelPath(model)
                .optEngine("PyTorch")
                .build();
        try (ZooModel<Input, Output> zoo = criteria.loadModel();
                Predictor<Input, Output> predictor = zoo.newPredictor();
                LanguageModel lm = LanguageModel.load(model, "pytorch")) {
            Input json = new Input();
            json.add("{\"context\": \"the old\", \"k\": 4}");
            Output out = predictor.predict(json);
            JsonArray predictions = JsonParser.parseString(out.getData().getAsString())
                    .getAsJsonObject()
                    .getAsJsonArray("predictions");
            assertEquals(4, predictions.size());
            List<WordProbability> expected = lm.nextWords("the old", 4);
            for (int i = 0; i < 4; i++) {
                JsonObject p = predictions.get(i).getAsJsonObject();
                assertEquals(expected.get(i).word(), p.get("word").getAsString());
                assertEquals(expected.get(i).probability(), p.get("probability").getAsDouble(), 1e-9);
            }
            Input plain = new Input();
            plain.add("the old");
            Output out2 = predictor.predict(plain);
            JsonArray defaults = JsonParser.parseString(out2.getData().getAsString())
                    .getAsJsonObject()
                    .getAsJsonArray("predictions");
            assertEquals(5, defaults.size());
            assertEquals("application/json", out2.getProperty("Content-Type", null));
        }
    }
}
