package io.longshort.serving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The server's metrics, in Prometheus's text format at {@code GET /metrics}: requests counted by
 * endpoint and status with a latency histogram, and for each batching queue the batch sizes run
 * and the requests waiting.
 */
final class ServerMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    void request(String endpoint, int status, long nanos) {
        String code = Integer.toString(status);
        Counter.builder("longshort_requests")
                .description("HTTP requests answered, by endpoint and status")
                .tags("endpoint", endpoint, "status", code)
                .register(registry)
                .increment();
        Timer.builder("longshort_request_latency")
                .description("Time to answer an HTTP request, by endpoint and status")
                .tags("endpoint", endpoint, "status", code)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }

    void batch(String model, String kind, int size) {
        DistributionSummary.builder("longshort_batch_size")
                .description("Texts in one forward pass of the dynamic batcher")
                .tags("model", model, "kind", kind)
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128)
                .register(registry)
                .record(size);
    }

    void queue(String model, String kind, Supplier<Number> depth) {
        Gauge.builder("longshort_queue_depth", depth)
                .description("Requests waiting for the dynamic batcher")
                .tags("model", model, "kind", kind)
                .register(registry);
    }

    String scrape() {
        return registry.scrape();
    }
}
