package io.longshort.examples.readme;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.longshort.core.inference.GenerationOptions;
import io.longshort.core.inference.LanguageModel;
import io.longshort.core.inference.Score;
import io.longshort.core.inference.Session;
import io.longshort.core.inference.WordProbability;
import io.longshort.core.serving.LanguageModelTranslatorFactory;
import java.nio.file.Path;
import java.util.List;

/**
 * The README's snippets that use a trained model, the newest demo model at {@code runs/demo}
 * (relative to the working folder): through {@link LanguageModel}, then as a DJL model.
 */
public final class ReadmeModelUse {

    private ReadmeModelUse() {}

    /**
     * Runs both snippets.
     *
     * @param args none
     * @throws Exception if DJL cannot load or run the model
     */
    public static void main(String[] args) throws Exception {
        languageModel();
        djlModel();
    }

    private static void languageModel() {
        // tag::language-model[]
        try (LanguageModel lm = LanguageModel.load(Path.of("runs/demo"), "mxnet")) {
            List<WordProbability> next = lm.nextWords("the doctor that the nurses", 5);
            Score score = lm.score("the doctor helps the nurse\n"); // per-word log-probabilities, perplexity
            GenerationOptions sampling = GenerationOptions.builder()
                    .optTemperature(0.8)
                    .optTopK(20)
                    .optSeed(7)
                    .optStopWord("<eos>")
                    .build();
            List<String> words = lm.generate("the", sampling).toList();
            try (Session session = lm.newSession()) { // constant cost per word
                double logp = session.append("the");
            }
            // many texts in shared forward passes, each with the answer it gets alone
            List<Score> scores = lm.scoreBatch(List.of("the doctor", "the nurses like the patients"));
        }
        // end::language-model[]
    }

    private static void djlModel() throws Exception {
        // tag::djl-model[]
        Criteria<String, Classifications> criteria = Criteria.builder()
                .setTypes(String.class, Classifications.class)
                .optModelPath(Path.of("runs/demo"))
                .optTranslatorFactory(new LanguageModelTranslatorFactory())
                .build();
        try (ZooModel<String, Classifications> model = criteria.loadModel();
                Predictor<String, Classifications> predictor = model.newPredictor()) {
            System.out.println(predictor.predict("the doctor").topK(5)); // the next word
        }
        // end::djl-model[]
    }
}
