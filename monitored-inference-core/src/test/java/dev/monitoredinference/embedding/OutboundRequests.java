package dev.monitoredinference.embedding;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.Proxy;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sees every {@code http} and {@code https} connection opened through {@link URL} in this JVM,
 * from any thread: records the URL, lets loopback ones through and refuses the others with an
 * {@link IOException} before anything is sent.
 *
 * <p>A recording {@link java.net.ProxySelector} would not do: DJL opens its connections with
 * {@link Proxy#NO_PROXY}, which bypasses the selector. A stream handler factory can be set only
 * once per JVM, so the first {@link #during} installs it and it stays for the rest of the test
 * run; tests in this module use no network, and loopback still works.
 */
final class OutboundRequests {
  private static final List<String> OPENED = new CopyOnWriteArrayList<>();
  private static boolean installed;

  private OutboundRequests() {}

  /** The URLs opened while {@code action} ran, in order. */
  static List<String> during(Runnable action) {
    install();
    int before = OPENED.size();
    action.run();
    return List.copyOf(OPENED.subList(before, OPENED.size()));
  }

  private static synchronized void install() {
    if (installed) {
      return;
    }
    try {
      // Made before the factory is set, so they keep the JDK's own handlers for loopback calls.
      Handler http = new Handler(new URL("http://127.0.0.1/"), 80);
      Handler https = new Handler(new URL("https://127.0.0.1/"), 443);
      URL.setURLStreamHandlerFactory(protocol ->
          protocol.equals("http") ? http : protocol.equals("https") ? https : null);
    } catch (MalformedURLException e) {
      throw new AssertionError(e);
    }
    installed = true;
  }

  private static final class Handler extends URLStreamHandler {
    private final URL builtIn;
    private final int defaultPort;

    Handler(URL builtIn, int defaultPort) {
      this.builtIn = builtIn;
      this.defaultPort = defaultPort;
    }

    @Override
    protected URLConnection openConnection(URL url) throws IOException {
      return open(url, null);
    }

    @Override
    protected URLConnection openConnection(URL url, Proxy proxy) throws IOException {
      return open(url, proxy);
    }

    private URLConnection open(URL url, Proxy proxy) throws IOException {
      OPENED.add(url.toExternalForm());
      String host = url.getHost();
      if (!host.equals("localhost") && !host.startsWith("127.") && !host.equals("[::1]")) {
        throw new IOException("OutboundRequests (a test) refuses to connect to " + url);
      }
      URL direct = new URL(builtIn, url.toExternalForm()); // same protocol: takes builtIn's handler
      return proxy == null ? direct.openConnection() : direct.openConnection(proxy);
    }

    @Override
    protected int getDefaultPort() {
      return defaultPort;
    }
  }
}
