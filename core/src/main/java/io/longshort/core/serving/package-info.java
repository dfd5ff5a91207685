/**
 * DJL integration: a model folder loads through DJL's {@code Criteria} and answers through a
 * {@code Predictor}, like any DJL model, and DJL Serving can host it.
 *
 * <p>Training writes {@value io.longshort.core.serving.ServingProperties#FILE} into every model
 * folder. It names {@link io.longshort.core.serving.LanguageModelBlockFactory}, which loads the
 * folder's parameters onto the engine DJL chose and wraps the network in a {@link
 * io.longshort.core.serving.LanguageModelBlock}, and {@link
 * io.longshort.core.serving.LanguageModelTranslatorFactory}, whose translators turn a context
 * into the next-word distribution: {@code String -> Classifications} (every vocabulary word with
 * its probability, the top {@code topK} shown first) and {@code Input -> Output} (JSON, for DJL
 * Serving).
 *
 * <p>DJL Serving loads a model with the types {@code Input -> Output}, for which DJL takes the
 * translator factory from {@code serving.properties}. For other types DJL 0.36 chooses the
 * translator factory before it reads that file, so name it in the criteria:
 *
 * <pre>{@code
 * Criteria<String, Classifications> criteria = Criteria.builder()
 *         .setTypes(String.class, Classifications.class)
 *         .optModelPath(Path.of("runs/demo"))
 *         .optEngine("MXNet")
 *         .optTranslatorFactory(new LanguageModelTranslatorFactory())
 *         .build();
 * try (ZooModel<String, Classifications> model = criteria.loadModel();
 *         Predictor<String, Classifications> predictor = model.newPredictor()) {
 *     Classifications next = predictor.predict("the stock market");
 * }
 * }</pre>
 */
package io.longshort.core.serving;
