package io.longshort.cli;

import io.longshort.core.LongshortException;
import io.longshort.serving.ModelServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code longshort serve}: serve models over HTTP until SIGTERM or Ctrl-C. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Serve models over HTTP: next words, scores, generation (JSON), DJL Serving's"
                + " /predictions, Prometheus /metrics and a playground page at /.")
final class ServeCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--model",
            paramLabel = "[NAME=]DIR",
            required = true,
            description = "A model folder to serve, named by its folder's name unless NAME= is given;"
                    + " repeat for several models.")
    List<String> models = new ArrayList<>();

    @Option(
            names = "--host",
            paramLabel = "HOST",
            defaultValue = "127.0.0.1",
            description = "The address to bind (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "8080",
            description = "The port (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int port;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            description = "The most texts in one forward pass (default: batch_size in the model's"
                    + " serving.properties, else 1).")
    Integer batchSize;

    @Option(
            names = "--max-batch-delay",
            paramLabel = "MS",
            description = "How long the first request of a batch waits for more, in milliseconds"
                    + " (default: max_batch_delay in serving.properties, else 100).")
    Long maxBatchDelay;

    @Option(
            names = "--workers",
            paramLabel = "N",
            description = "How many batches of each model run side by side (default: maxWorkers in"
                    + " serving.properties, else one a core on PyTorch, 1 on MXNet).")
    Integer workers;

    @Option(
            names = "--max-body",
            paramLabel = "BYTES",
            defaultValue = "1048576",
            description = "The largest request body (default: ${DEFAULT-VALUE}).")
    long maxBody;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "30",
            description = "How long a request may run before it is answered 503 (default: ${DEFAULT-VALUE}).")
    double timeout;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (!(timeout > 0) || Double.isInfinite(timeout)) {
            throw new LongshortException("--timeout is " + timeout + ": give a positive number of seconds.");
        }
        if (batchSize != null && batchSize < 1) {
            throw new LongshortException("--batch-size is " + batchSize + ": it must be at least 1.");
        }
        if (maxBatchDelay != null && maxBatchDelay < 0) {
            throw new LongshortException("--max-batch-delay is " + maxBatchDelay + ": it must be 0 or more.");
        }
        if (workers != null && workers < 1) {
            throw new LongshortException("--workers is " + workers + ": it must be at least 1.");
        }
        if (maxBody < 1) {
            throw new LongshortException("--max-body is " + maxBody + ": it must be at least 1.");
        }
        ModelServer.Builder builder = ModelServer.builder()
                .optHost(host)
                .optPort(port)
                .optEngine(common.engine())
                .optMaxBody(maxBody)
                .optTimeout(Duration.ofMillis(Math.max(1, Math.round(timeout * 1000))));
        if (batchSize != null) {
            builder.optBatchSize(batchSize);
        }
        if (maxBatchDelay != null) {
            builder.optMaxBatchDelay(maxBatchDelay);
        }
        if (workers != null) {
            builder.optWorkers(workers);
        }
        for (String m : models) {
            addModel(builder, m);
        }
        ModelServer server = builder.build();
        server.start();
        Thread onExit = new Thread(server::close, "longshort-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(onExit);
        // SIGTERM is the normal way to stop a service: drain and exit 0 rather than die with 143
        Signal.handle(new Signal("TERM"), signal -> new Thread(server::close, "longshort-sigterm").start());
        out.println("longshort: listening on " + server.url());
        if (common.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("url", server.url());
            json.put("port", server.port());
            json.put("models", server.modelNames());
            out.println(Json.line(json));
        }
        out.flush();
        server.awaitShutdown();
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException e) {
            // already shutting down (Ctrl-C): the hook has closed the server
        }
        return 0;
    }

    private static void addModel(ModelServer.Builder builder, String value) {
        int eq = value.indexOf('=');
        if (eq > 0 && value.substring(0, eq).matches("[A-Za-z0-9_.-]+")) {
            builder.addModel(value.substring(0, eq), Path.of(value.substring(eq + 1)));
            return;
        }
        Path dir = Path.of(value).toAbsolutePath().normalize();
        Path name = dir.getFileName();
        builder.addModel(name == null ? "model" : name.toString(), Path.of(value));
    }
}
