package io.longshort.serving;

import com.google.gson.JsonObject;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.longshort.core.LongshortException;
import io.longshort.core.engine.Backend;
import io.longshort.core.engine.Backends;
import io.longshort.core.engine.InferenceThreads;
import io.longshort.core.inference.LanguageModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves language models over HTTP, JSON in and out (Javalin on Jetty).
 *
 * <pre>{@code
 * try (ModelServer server = ModelServer.builder().addModel("demo", Path.of("runs/demo")).build()) {
 *     server.start();          // binds 127.0.0.1:8080, then loads the models
 *     server.awaitShutdown();  // until close() from another thread (e.g. on SIGTERM)
 * }
 * }</pre>
 *
 * <p>Endpoints: {@code GET /ping} (200 once every model is loaded, 503 before),
 * {@code GET /v1/models}, {@code POST /v1/models/{name}/next-words}, {@code .../score},
 * {@code .../generate} (Server-Sent Events with {@code "stream": true}),
 * {@code POST /predictions/{name}} (DJL Serving's), {@code GET /metrics} (Prometheus) and
 * {@code GET /} (the playground page). Next-word and score requests to one model are batched
 * dynamically ({@link BatchSettings}). A bad request gets a 4xx with {@code {"error": "..."}}.
 *
 * <p>{@link #close()} stops accepting connections, lets the requests in flight finish (up to
 * {@link #DRAIN_MILLIS}), stops the server and frees the models.
 */
public final class ModelServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);

    /** The resource folder of the playground page and its files. */
    public static final String PLAYGROUND = "io/longshort/serving/playground/";

    /** How long {@link #close()} waits for requests in flight. */
    public static final long DRAIN_MILLIS = 8_000;

    private static final Set<String> NEXT_WORDS = Set.of("text", "k");
    private static final Set<String> SCORE = Set.of("text");
    private static final Set<String> GENERATE =
            Set.of("prompt", "max_words", "temperature", "top_k", "top_p", "seed", "stop", "stream");

    private final Builder settings;
    private final Map<String, ServedModel> models = new LinkedHashMap<>();
    private final ServerMetrics metrics = new ServerMetrics();
    private final Endpoints endpoints;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean ready;
    private volatile boolean draining;

    private Javalin app;
    private final Object stopped = new Object();
    private boolean isStopped;

    private ModelServer(Builder settings) {
        this.settings = settings;
        this.endpoints = new Endpoints(models, settings.timeout.toMillis());
    }

    /**
     * Returns a builder.
     *
     * @return a builder with no models, 127.0.0.1:8080, and DJL Serving's batching defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the port, then loads every model; {@code /ping} answers 503 until they are loaded.
     *
     * @throws LongshortException if the port is taken or a model does not load (the server is
     *     then stopped)
     */
    public void start() {
        app = Javalin.create(this::configure);
        try {
            app.start(settings.host, settings.port);
        } catch (RuntimeException e) {
            throw new LongshortException(
                    "Cannot listen on " + settings.host + ":" + settings.port + " (" + rootMessage(e)
                            + "): stop what uses that port, or give another with --port.",
                    e);
        }
        try {
            InferenceThreads.oneIntraOpThread();
            Backend backend = Backends.select(settings.engine);
            for (Map.Entry<String, Path> e : settings.dirs.entrySet()) {
                BatchSettings batching = BatchSettings.read(
                        e.getValue(),
                        InferenceThreads.sideBySide(backend),
                        settings.batchSize,
                        settings.maxBatchDelayMillis,
                        settings.workers);
                LanguageModel lm = settings.loader.apply(e.getValue(), backend);
                models.put(e.getKey(), new ServedModel(e.getKey(), lm, batching, metrics));
            }
            ready = true;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /**
     * Returns the port the server listens on (the one chosen when asked for port 0).
     *
     * @return the port
     */
    public int port() {
        return app.port();
    }

    /**
     * Returns the address the server answers at.
     *
     * @return such as {@code http://127.0.0.1:8080}
     */
    public String url() {
        String host = settings.host.contains(":") ? "[" + settings.host + "]" : settings.host;
        return "http://" + host + ":" + port();
    }

    /**
     * Returns the names of the models served, in the order given.
     *
     * @return the names
     */
    public List<String> modelNames() {
        return List.copyOf(settings.dirs.keySet());
    }

    /**
     * Returns whether every model is loaded.
     *
     * @return whether {@code /ping} answers 200
     */
    public boolean isReady() {
        return ready && !draining;
    }

    /** Waits until {@link #close()} has stopped the server. */
    public void awaitShutdown() throws InterruptedException {
        synchronized (stopped) {
            while (!isStopped) {
                stopped.wait();
            }
        }
    }

    private void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.maxRequestSize = settings.maxBody;
        config.routes.get("/ping", ctx -> handle("ping", ctx, () -> ping(ctx)));
        config.routes.get("/v1/models", ctx -> handle("models", ctx, () -> json(ctx, endpoints.models())));
        config.routes.post(
                "/v1/models/{name}/next-words",
                ctx -> handle(
                        "next-words",
                        ctx,
                        () -> json(
                                ctx,
                                endpoints.nextWords(
                                        ctx.pathParam("name"), RequestBody.parse(jsonBody(ctx), NEXT_WORDS)))));
        config.routes.post(
                "/v1/models/{name}/score",
                ctx -> handle(
                        "score",
                        ctx,
                        () -> json(
                                ctx, endpoints.score(ctx.pathParam("name"), RequestBody.parse(jsonBody(ctx), SCORE)))));
        config.routes.post("/v1/models/{name}/generate", ctx -> handle("generate", ctx, () -> generate(ctx)));
        config.routes.post(
                "/predictions/{name}",
                ctx -> handle(
                        "predictions", ctx, () -> json(ctx, endpoints.predictions(ctx.pathParam("name"), body(ctx)))));
        config.routes.get(
                "/metrics",
                ctx -> handle("metrics", ctx, () -> {
                    ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
                    ctx.result(metrics.scrape());
                }));
        config.routes.get("/", ctx -> handle("playground", ctx, () -> resource(ctx, "index.html")));
        config.routes.get(
                "/playground/{file}", ctx -> handle("playground", ctx, () -> resource(ctx, ctx.pathParam("file"))));
        config.routes.error(404, "*", ctx -> {
            if (!"application/json".equals(ctx.res().getContentType())) { // not an answer of ours
                error(
                        ctx,
                        404,
                        "No endpoint " + ctx.method() + " " + ctx.path()
                                + ": see the README's 'Serving over HTTP' for the endpoints.");
            }
        });
    }

    /** Work of a request that may throw what becomes an error answer. */
    private interface Work {
        void run() throws Exception;
    }

    /** Runs every request: counts it in flight, turns failures into JSON errors, and records metrics. */
    private void handle(String endpoint, Context ctx, Work work) {
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        try {
            if (draining && !endpoint.equals("ping") && !endpoint.equals("metrics")) {
                throw new ApiException(503, "The server is shutting down: retry on another.");
            }
            if (!ready && !endpoint.equals("ping") && !endpoint.equals("metrics") && !endpoint.equals("playground")) {
                throw new ApiException(503, "The models are still loading: retry when GET /ping answers 200.");
            }
            work.run();
        } catch (ApiException e) {
            error(ctx, e.status(), e.getMessage());
        } catch (HttpResponseException e) {
            error(ctx, e.getStatus(), e.getMessage());
        } catch (LongshortException e) {
            error(ctx, 400, e.getMessage());
        } catch (Exception e) {
            LOG.warn("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "The server failed: " + e + ".");
        } finally {
            metrics.request(endpoint, ctx.statusCode(), System.nanoTime() - start);
            inFlight.decrementAndGet();
        }
    }

    private void ping(Context ctx) {
        JsonObject o = new JsonObject();
        o.addProperty("status", isReady() ? "healthy" : draining ? "shutting down" : "loading");
        ctx.status(isReady() ? 200 : 503);
        json(ctx, o);
    }

    private void generate(Context ctx) throws IOException {
        Endpoints.Generation g =
                endpoints.generation(ctx.pathParam("name"), RequestBody.parse(jsonBody(ctx), GENERATE));
        if (g.stream()) {
            try {
                endpoints.generateStream(g, ctx);
            } catch (IOException e) {
                LOG.debug("a streaming client went away", e); // nothing to answer: the client is gone
            }
        } else {
            json(ctx, endpoints.generate(g));
        }
    }

    private static void json(Context ctx, JsonObject body) {
        ctx.contentType("application/json");
        ctx.result(body.toString());
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status);
        json(ctx, Json.error(message));
    }

    /** The body of an endpoint that takes JSON: 415 for another content type. */
    private String jsonBody(Context ctx) throws IOException {
        String type = ctx.contentType();
        String media = type == null ? "" : type.split(";", 2)[0].strip();
        if (!media.equalsIgnoreCase("application/json")) {
            throw new ApiException(
                    415,
                    "The content type is '" + (type == null ? "none" : type)
                            + "': send the body as JSON with Content-Type: application/json.");
        }
        return body(ctx);
    }

    /** The body as text: 413 if it is over the limit. */
    private String body(Context ctx) throws IOException {
        long limit = settings.maxBody;
        if (ctx.contentLength() > limit) {
            throw tooLarge(ctx.contentLength());
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        }
        if (bytes.length > limit) {
            throw tooLarge(-1);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private ApiException tooLarge(long length) {
        return new ApiException(
                413,
                "The body" + (length >= 0 ? " of " + length + " bytes" : "")
                        + " is over the server's limit of " + settings.maxBody
                        + " bytes: send a shorter text, or start the server with a larger --max-body.");
    }

    private static void resource(Context ctx, String file) throws IOException {
        if (!file.matches("[A-Za-z0-9_.-]+") || file.startsWith(".")) {
            throw new ApiException(404, "No playground file '" + file + "'.");
        }
        try (InputStream in = ModelServer.class.getClassLoader().getResourceAsStream(PLAYGROUND + file)) {
            if (in == null) {
                throw new ApiException(404, "No playground file '" + file + "' in the server's jar.");
            }
            ctx.contentType(contentType(file));
            ctx.result(in.readAllBytes());
        }
    }

    private static String contentType(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (file.endsWith(".css")) {
            return "text/css; charset=utf-8";
        } else if (file.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        } else if (file.endsWith(".svg")) {
            return "image/svg+xml";
        } else if (file.endsWith(".png")) {
            return "image/png";
        }
        return "application/octet-stream";
    }

    /**
     * Stops accepting connections, waits up to {@link #DRAIN_MILLIS} for the requests in flight,
     * answers what the batchers hold, stops the server and frees the models. Safe to call twice.
     */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        draining = true;
        if (app != null) {
            try {
                for (Connector c : app.jettyServer().server().getConnectors()) {
                    if (c instanceof NetworkConnector n) {
                        n.close();
                    }
                }
            } catch (RuntimeException e) {
                LOG.debug("closing the connectors", e);
            }
            long deadline = System.nanoTime() + Duration.ofMillis(DRAIN_MILLIS).toNanos();
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        for (ServedModel m : models.values()) {
            m.close();
        }
        if (app != null) {
            app.stop();
        }
        synchronized (stopped) {
            isStopped = true;
            stopped.notifyAll();
        }
    }

    /** The settings of a {@link ModelServer}. */
    public static final class Builder {

        private final Map<String, Path> dirs = new LinkedHashMap<>();
        private String host = "127.0.0.1";
        private int port = 8080;
        private String engine;
        private Integer batchSize;
        private Long maxBatchDelayMillis;
        private Integer workers;
        private long maxBody = 1 << 20;
        private Duration timeout = Duration.ofSeconds(30);
        private BiFunction<Path, Backend, LanguageModel> loader = LanguageModel::load;

        private Builder() {}

        /**
         * Adds a model.
         *
         * @param name the name in the endpoints' paths
         * @param dir the model folder
         * @return this builder
         */
        public Builder addModel(String name, Path dir) {
            if (!name.matches("[A-Za-z0-9_.-]+")) {
                throw new LongshortException("The model name '" + name
                        + "' cannot go in a URL path: use letters, digits, '.', '_' and '-' (NAME=DIR).");
            }
            if (dirs.containsKey(name)) {
                throw new LongshortException("Two models are named '" + name + "': name one with NAME=DIR.");
            }
            if (!Files.isDirectory(dir)) {
                throw new LongshortException(
                        "Model folder not found: " + dir + "; give a folder written by 'longshort train'.");
            }
            dirs.put(name, dir);
            return this;
        }

        /**
         * Sets the address to bind.
         *
         * @param value a host name or address; {@code 0.0.0.0} for every interface
         * @return this builder
         */
        public Builder optHost(String value) {
            host = value;
            return this;
        }

        /**
         * Sets the port.
         *
         * @param value the port, 0 for any free one
         * @return this builder
         */
        public Builder optPort(int value) {
            port = value;
            return this;
        }

        /**
         * Sets the engine every model runs on.
         *
         * @param value an engine name, or {@code null} for the configured one
         * @return this builder
         */
        public Builder optEngine(String value) {
            engine = value;
            return this;
        }

        /**
         * Sets the batch size of every model, whatever its {@code serving.properties} says.
         *
         * @param value the most texts in one forward pass
         * @return this builder
         */
        public Builder optBatchSize(int value) {
            batchSize = value;
            return this;
        }

        /**
         * Sets the batching delay of every model, whatever its {@code serving.properties} says.
         *
         * @param millis how long the first request of a batch waits for more
         * @return this builder
         */
        public Builder optMaxBatchDelay(long millis) {
            maxBatchDelayMillis = millis;
            return this;
        }

        /**
         * Sets how many batches of every model run side by side, whatever its {@code
         * serving.properties} says (default: one a core on PyTorch, 1 on MXNet).
         *
         * @param value the number of workers a model
         * @return this builder
         */
        public Builder optWorkers(int value) {
            workers = value;
            return this;
        }

        /**
         * Sets the largest request body.
         *
         * @param bytes the limit (default 1 MiB)
         * @return this builder
         */
        public Builder optMaxBody(long bytes) {
            maxBody = bytes;
            return this;
        }

        /**
         * Sets how long a request may run before it is answered 503.
         *
         * @param value the timeout (default 30 s)
         * @return this builder
         */
        public Builder optTimeout(Duration value) {
            timeout = value;
            return this;
        }

        /**
         * Sets how a model folder is loaded: for tests that need to see the server while it loads.
         *
         * @param value the loader (default {@link LanguageModel#load(Path, Backend)})
         * @return this builder
         */
        Builder optLoader(BiFunction<Path, Backend, LanguageModel> value) {
            loader = value;
            return this;
        }

        /**
         * Checks the settings and makes the server (not started).
         *
         * @return the server
         */
        public ModelServer build() {
            if (dirs.isEmpty()) {
                throw new LongshortException("No model to serve: give at least one with --model DIR.");
            }
            if (port < 0 || port > 65535) {
                throw new LongshortException("The port is " + port + ": give one from 0 (any free port) to 65535.");
            }
            if (maxBody < 1) {
                throw new LongshortException("The body limit is " + maxBody + " bytes: give at least 1.");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new LongshortException("The timeout is " + timeout + ": give a positive duration.");
            }
            new BatchSettings(
                    batchSize != null ? batchSize : 1,
                    maxBatchDelayMillis != null ? maxBatchDelayMillis : 0,
                    workers != null ? workers : 1);
            return new ModelServer(this);
        }
    }
}
