package dev.verifiedproxy.it;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Scanner;

/**
 * The packaged WAR configured, through its own context parameters, to hold an API key and to
 * require its clients to authenticate (token or container); plus the realm users of each server.
 */
final class AuthDeployments {

    static final String WAR_NAME = "verified-proxy-auth.war";
    static final String HELD_KEY = "sk-it-held-key";
    static final String CLIENT_TOKEN = "it-proxy-token-1";
    static final String CLIENT_USER = "alice";
    static final String OTHER_USER = "bob";
    static final String PASSWORD = "it-Secret-1";
    static final String ROLE = "verified-proxy-client";

    private AuthDeployments() {
    }

    static WebArchive withHeldKey() {
        WebArchive war = Deployments.packagedWar(WAR_NAME);
        String webXml = read(war, "WEB-INF/web.xml").replace("<display-name>verified-proxy</display-name>",
                "<display-name>verified-proxy</display-name>\n"
                        + param("verifiedproxy.upstream.api-key", HELD_KEY)
                        + param("verifiedproxy.client.auth", "token-or-container")
                        + param("verifiedproxy.client.tokens", CLIENT_TOKEN));
        war.delete("WEB-INF/web.xml");
        war.setWebXML(new StringAsset(webXml));
        if ("tomcat".equals(Deployments.server())) {
            // The embedded Tomcat's realm: a MemoryRealm over a users file written for this run.
            war.addAsManifestResource(new StringAsset("<Context><Realm className=\"org.apache.catalina.realm.MemoryRealm\""
                    + " pathname=\"" + tomcatUsers() + "\"/></Context>"), "context.xml");
        }
        return war;
    }

    private static String param(String name, String value) {
        return "  <context-param><param-name>" + name + "</param-name><param-value>" + value
                + "</param-value></context-param>\n";
    }

    private static String read(WebArchive war, String path) {
        try (Scanner scanner = new Scanner(war.get(path).getAsset().openStream(), StandardCharsets.UTF_8)) {
            return scanner.useDelimiter("\\A").next();
        }
    }

    /** A tomcat-users.xml for the MemoryRealm: alice has the role, bob has not. */
    private static String tomcatUsers() {
        try {
            Path file = Path.of(System.getProperty("it.work.dir", "target/it-work"), "tomcat-users.xml");
            Files.writeString(file, "<tomcat-users>\n"
                    + "  <user username=\"" + CLIENT_USER + "\" password=\"" + PASSWORD + "\" roles=\"" + ROLE + "\"/>\n"
                    + "  <user username=\"" + OTHER_USER + "\" password=\"" + PASSWORD + "\" roles=\"someone-else\"/>\n"
                    + "</tomcat-users>\n");
            return file.toAbsolutePath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds alice (with the role) and bob (without) to WildFly's ApplicationRealm property files,
     * before the server boots. Idempotent: earlier lines for these users are replaced.
     */
    static void addWildFlyUsers(Path jbossHome) {
        Path configuration = jbossHome.resolve("standalone/configuration");
        try {
            rewrite(configuration.resolve("application-users.properties"), List.of(
                    CLIENT_USER + "=" + md5Hex(CLIENT_USER + ":ApplicationRealm:" + PASSWORD),
                    OTHER_USER + "=" + md5Hex(OTHER_USER + ":ApplicationRealm:" + PASSWORD)));
            rewrite(configuration.resolve("application-roles.properties"), List.of(
                    CLIENT_USER + "=" + ROLE, OTHER_USER + "=someone-else"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add the IT users to WildFly's realm", e);
        }
    }

    private static void rewrite(Path file, List<String> entries) throws IOException {
        List<String> lines = new ArrayList<>(Files.exists(file) ? Files.readAllLines(file) : List.of());
        lines.removeIf(line -> line.startsWith(CLIENT_USER + "=") || line.startsWith(OTHER_USER + "="));
        lines.addAll(entries);
        Files.write(file, lines);
    }

    private static String md5Hex(String text) {
        try {
            // WildFly's properties realm stores HEX(MD5(user:realm:password)); test users only.
            byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return String.format("%032x", new BigInteger(1, digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
