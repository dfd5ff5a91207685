/**
 * The HTTP server over {@link io.longshort.core.inference.LanguageModel}: {@link
 * io.longshort.serving.ModelServer} serves next words, scores and generation as JSON, batches
 * concurrent requests dynamically ({@link io.longshort.serving.BatchSettings}), answers DJL
 * Serving's {@code /predictions}, exports Prometheus metrics and serves the playground page.
 */
package io.longshort.serving;
