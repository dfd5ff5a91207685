package io.longshort.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Spark sessions for a command-line job: embedded by default, quiet and without a web UI; on a
 * cluster master (from spark-submit) Spark's web UI stays on.
 */
public final class SparkSessions {

    private SparkSessions() {}

    /**
     * Starts (or joins) a session. Without a master, spark-submit's ({@code spark.master}) is
     * used, else {@code local[*]}: every core of this machine.
     *
     * @param master the master URL, or {@code null}
     * @param appName the application's name
     * @return the session; stop it when done
     */
    public static SparkSession start(String master, String appName) {
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        String effective = master != null ? master : System.getProperty("spark.master", "local[*]");
        b.master(effective);
        if (effective.startsWith("local")) {
            // an embedded run prints its own summary: no progress bars, no web UI
            b.config("spark.ui.showConsoleProgress", "false");
            b.config("spark.ui.enabled", "false");
        }
        return b.getOrCreate();
    }
}
