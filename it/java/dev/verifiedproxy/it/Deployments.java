package dev.verifiedproxy.it;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.net.URI;
import java.net.URL;

/**
 * The WAR under test is the one {@code mvn package} built for the server in use
 * (system property {@code it.war}): the ITs test the packaging itself, not an archive
 * assembled by hand. Named {@code verified-proxy.war}, it has the context root
 * {@code /verified-proxy} on every server.
 */
public final class Deployments {

    public static final String NAME = "verified-proxy.war";

    private Deployments() {
    }

    public static WebArchive packagedWar() {
        return packagedWar(NAME);
    }

    public static WebArchive packagedWar(String name) {
        String path = System.getProperty("it.war");
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException("system property it.war must name the packaged WAR (run through mvn verify)");
        }
        return ShrinkWrap.create(ZipImporter.class, name).importFrom(new File(path)).as(WebArchive.class);
    }

    /** Which server the suite runs on: tomcat, wildfly or payara. */
    public static String server() {
        return System.getProperty("it.server", "unknown");
    }

    /** The HTTP root of the server in use, from the ports fixed in arquillian.xml. */
    public static URI serverRoot() {
        int port = switch (server()) {
            case "tomcat" -> 18080;
            case "wildfly" -> 8080;
            case "payara" -> 28080;
            default -> throw new IllegalStateException("unknown it.server " + server());
        };
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /**
     * The application's base URI as the adapter reports it, repaired for two Payara Micro
     * quirks (packaging.md §2.4): it reports the machine's interface address instead of
     * loopback, and in a start-up race it can drop the context path.
     */
    public static URI base(URL reported) {
        return base(reported, NAME);
    }

    /** As {@link #base(URL)} for a deployment archived as {@code warName}, whose context path that name gives. */
    public static URI base(URL reported, String warName) {
        URI uri = URI.create(reported.toString());
        String context = "/" + warName.substring(0, warName.length() - ".war".length()) + "/";
        String path = uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/") ? context : uri.getPath();
        if (!path.endsWith("/")) {
            path = path + "/";
        }
        return URI.create("http://127.0.0.1:" + uri.getPort() + path);
    }
}
