package io.longshort.bench;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;

/**
 * The bench's one HTTP client: the JDK's blocking {@link HttpURLConnection}, whose kept-alive
 * connections cost a client far less CPU per request than {@code java.net.http}'s asynchronous
 * client; the load's clients share the machine's cores with the server.
 */
final class Http {

    static {
        // The JDK keeps 5 idle connections a host unless told, and reads this once, when it first
        // keeps one: setting it here, before any connection of this JVM, lets every client keep its own.
        System.setProperty("http.maxConnections", "256");
    }

    private Http() {}

    /**
     * Opens a connection.
     *
     * @param url the address
     * @param connectMillis how long connecting may take
     * @param readMillis how long the answer may take
     * @return the connection, not yet connected
     */
    static HttpURLConnection open(URL url, int connectMillis, int readMillis) throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setConnectTimeout(connectMillis);
        c.setReadTimeout(readMillis);
        return c;
    }
}
