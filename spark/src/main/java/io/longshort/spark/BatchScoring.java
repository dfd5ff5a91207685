package io.longshort.spark;

import io.longshort.core.inference.LanguageModel;
import io.longshort.core.inference.Score;
import java.util.List;

/** The one place the Spark module asks the model for scores. */
final class BatchScoring {

    private BatchScoring() {}

    /**
     * Scores documents together in shared forward passes; each gets the score {@link
     * LanguageModel#score(String)} gives it alone (starting after {@code <eos>}).
     *
     * @param lm the model
     * @param documents the documents' texts
     * @return one score per document, in order
     */
    static List<Score> score(LanguageModel lm, List<String> documents) {
        return lm.scoreBatch(documents);
    }
}
