package io.longshort.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.longshort.core.inference.LanguageModel;
import io.longshort.core.inference.WordProbability;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model folder saved by an earlier longshort (format version 1: the tiny preset, 60 windows on
 * the built-in corpus, trained on PyTorch) still loads on every engine and predicts what it
 * predicted when it was saved.
 */
class SavedModelCompatibilityTest {

    private static Path folder() throws URISyntaxException {
        return Path.of(SavedModelCompatibilityTest.class
                        .getResource("/models/tiny-v1/model.json")
                        .toURI())
                .getParent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pytorch", "mxnet"})
    void aVersionOneFolderStillLoadsAndPredictsTheSame(String engine) throws Exception {
        try (LanguageModel lm = LanguageModel.load(folder(), engine)) {
            assertEquals(1, lm.record().formatVersion());
            List<WordProbability> next = lm.nextWords("the old", 5);
            String[] words = {"the", "<eos>", "and", "that", "under"};
            double[] probabilities = {
                0.42190272400158857,
                0.060644119559883185,
                0.016869776022011687,
                0.015111962528061372,
                0.006802719115044211
            };
            for (int i = 0; i < 5; i++) {
                assertEquals(words[i], next.get(i).word());
                assertEquals(probabilities[i], next.get(i).probability(), 1e-6, words[i]);
            }
            double[] logp = lm.score("the doctor helps the nurse\n").logProbabilities();
            assertArrayEquals(
                    new double[] {
                        -0.8863739429414004,
                        -6.552892966390605,
                        -6.25217679265973,
                        -0.8564161852243951,
                        -5.9644330678526565,
                        -2.8166951513317144
                    },
                    logp,
                    1e-5);
        }
    }
}
