package dev.verifiedproxy.testing.run;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Serves a WAR at the root context of an embedded Tomcat 10.1 on 127.0.0.1, port from the
 * environment variable {@code PORT} (default 8080; {@code TOMCAT_MAX_THREADS} sets the request
 * thread pool, default Tomcat's 200). Used by {@code mvn -Prun}; it runs in a JVM
 * whose classpath is only Tomcat and this class, so the WAR's own Jersey and Weld are the ones
 * that serve, exactly as in a standalone Tomcat.
 */
public final class EmbeddedTomcat {

    private EmbeddedTomcat() {
    }

    public static void main(String[] args) throws LifecycleException, IOException {
        if (args.length != 1) {
            System.err.println("usage: EmbeddedTomcat <path to verified-proxy-tomcat.war>");
            System.exit(2);
        }
        Tomcat tomcat = start(Path.of(args[0]), port(), "127.0.0.1");
        tomcat.getServer().await();
    }

    /** Starts Tomcat with the WAR deployed at "/" and returns it running. */
    public static Tomcat start(Path war, int port, String address) throws LifecycleException, IOException {
        if (!Files.isRegularFile(war)) {
            throw new IllegalArgumentException("no WAR at " + war.toAbsolutePath() + " (run mvn package first)");
        }
        Path base = war.toAbsolutePath().getParent().resolve("embedded-tomcat");
        // Tomcat expands the WAR under <base>/webapps and does not create that folder itself.
        Files.createDirectories(base.resolve("webapps"));
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", address);
        // Each streamed response holds a request thread; benchmarks of many concurrent streams raise this.
        String maxThreads = System.getenv("TOMCAT_MAX_THREADS");
        if (maxThreads != null) {
            connector.setProperty("maxThreads", maxThreads);
        }
        tomcat.setConnector(connector);
        // No default web.xml: it would add a JSP servlet, and there is no Jasper here.
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp("", war.toAbsolutePath().toString());
        // Scan only the WAR: this launcher's own classpath (test classes) is not part of the application.
        ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        tomcat.start();
        if (!context.getState().isAvailable()) {
            tomcat.stop();
            tomcat.destroy();
            throw new IllegalStateException("verified-proxy did not start; see the log above for the reason");
        }
        System.out.printf("verified-proxy is listening on http://%s:%d/ (health: http://%s:%d/health)%n",
                address, connector.getLocalPort(), address, connector.getLocalPort());
        return tomcat;
    }

    private static int port() {
        String value = System.getenv().getOrDefault("PORT", "8080");
        try {
            int port = Integer.parseInt(value.strip());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PORT must be a TCP port number, not '" + value + "'");
        }
    }
}
