package io.longshort.spark;

import io.longshort.core.inference.LanguageModel;
import io.longshort.core.inference.Score;
import java.util.ArrayList;
import java.util.List;

/** The one place the Spark module asks the model for scores. */
final class BatchScoring {

    private BatchScoring() {}

    /**
     * Scores documents, each as its own text (starting after {@code <eos>}).
     *
     * @param lm the model
     * @param documents the documents' texts
     * @return one score per document, in order
     */
    static List<Score> score(LanguageModel lm, List<String> documents) {
        List<Score> out = new ArrayList<>(documents.size());
        for (String text : documents) {
            out.add(lm.score(text));
        }
        return out;
    }
}
