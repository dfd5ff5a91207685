package io.longshort.spark;

import io.longshort.core.LongshortException;
import io.longshort.core.inference.LanguageModel;
import io.longshort.core.inference.Score;
import io.longshort.core.inference.WordScore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Scores one partition: reads its rows in batches, checks each document ({@link Documents}),
 * scores the good ones together with the executor's shared model ({@link ExecutorModels}), and
 * hands back each row with the score columns appended, in the input order. A document that
 * cannot be scored gets an {@code error} and nulls for the figures.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final ModelSource model;
    private final int textIndex;
    private final String textColumn;
    private final int batchSize;
    private final int maxWords;
    private final int failFirstAttemptOf;

    /**
     * Creates the function.
     *
     * @param model the model folder
     * @param textIndex the position of the text column
     * @param textColumn the text column's name, for messages
     * @param batchSize how many documents to score together
     * @param maxWords the most words a document may have
     * @param failFirstAttemptOf a partition whose first task attempt fails on purpose (tests of
     *     Spark's retry), or -1
     */
    PartitionScorer(
            ModelSource model, int textIndex, String textColumn, int batchSize, int maxWords, int failFirstAttemptOf) {
        this.model = model;
        this.textIndex = textIndex;
        this.textColumn = textColumn;
        this.batchSize = batchSize;
        this.maxWords = maxWords;
        this.failFirstAttemptOf = failFirstAttemptOf;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        LanguageModel lm = ExecutorModels.get(model);
        return new Iterator<>() {
            private Iterator<Row> batch = List.<Row>of().iterator();
            private boolean scoredOne;

            @Override
            public boolean hasNext() {
                while (!batch.hasNext() && rows.hasNext()) {
                    if (scoredOne) {
                        failOnPurpose();
                    }
                    batch = scoreBatch(lm, rows).iterator();
                    scoredOne = true;
                }
                return batch.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return batch.next();
            }
        };
    }

    /** The test hook: fails the first attempt of one partition after it has scored a batch. */
    private void failOnPurpose() {
        TaskContext task = TaskContext.get();
        if (failFirstAttemptOf >= 0
                && task != null
                && task.partitionId() == failFirstAttemptOf
                && task.attemptNumber() == 0) {
            throw new IllegalStateException("Injected failure of the first attempt of partition " + failFirstAttemptOf
                    + " (" + CorpusScorer.FAIL_PARTITION_CONF + ")");
        }
    }

    /** Reads up to a batch of rows and returns them scored. */
    private List<Row> scoreBatch(LanguageModel lm, Iterator<Row> rows) {
        List<Row> input = new ArrayList<>(batchSize);
        List<String> errors = new ArrayList<>(batchSize);
        List<String> good = new ArrayList<>(batchSize);
        while (input.size() < batchSize && rows.hasNext()) {
            Row row = rows.next();
            String text = row.isNullAt(textIndex) ? null : row.getString(textIndex);
            String error = Documents.checkText(text, textColumn);
            if (error == null) {
                List<String> words = LanguageModel.words(text);
                error = Documents.checkWords(words, maxWords);
                if (error == null) {
                    good.add(text);
                }
            }
            input.add(row);
            errors.add(error);
        }
        List<Object> scores = scoreAll(lm, good);
        List<Row> out = new ArrayList<>(input.size());
        int next = 0;
        for (int i = 0; i < input.size(); i++) {
            Object result = errors.get(i) != null ? errors.get(i) : scores.get(next++);
            out.add(withScore(input.get(i), result));
        }
        return out;
    }

    /**
     * Scores documents together; a document the model refuses (a word outside a vocabulary
     * without {@code <unk>}) gets its message instead of a score.
     *
     * @return for each document its {@link Score} or its error message
     */
    private static List<Object> scoreAll(LanguageModel lm, List<String> documents) {
        List<Object> out = new ArrayList<>(documents.size());
        try {
            out.addAll(BatchScoring.score(lm, documents));
            return out;
        } catch (LongshortException batchFailed) {
            out.clear(); // one bad document spoils the batch: score each alone to find it
        }
        for (String text : documents) {
            try {
                out.add(BatchScoring.score(lm, List.of(text)).get(0));
            } catch (LongshortException e) {
                out.add(e.getMessage());
            }
        }
        return out;
    }

    private static Row withScore(Row row, Object result) {
        Object[] values = new Object[row.size() + CorpusScorer.SCORE_COLUMNS];
        for (int i = 0; i < row.size(); i++) {
            values[i] = row.get(i);
        }
        int at = row.size();
        if (result instanceof Score score) {
            int unknown = 0;
            for (WordScore w : score.words()) {
                if (!w.word().equals(w.scoredAs())) {
                    unknown++;
                }
            }
            values[at] = score.words().size();
            values[at + 1] = unknown;
            values[at + 2] = score.logProbability();
            values[at + 3] = score.perplexity();
        } else {
            values[at + 4] = result;
        }
        return RowFactory.create(values);
    }
}
