package dev.verifiedproxy.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.verifiedproxy.it.HttpAsserts.assertOpenAiError;
import static dev.verifiedproxy.it.HttpAsserts.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged WAR deploys and serves health, errors and unbuffered streams on this server. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FoundationIT {

    private static final int EVENTS = 5;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.packagedWar().addClass(StreamProbeResource.class);
    }

    @ArquillianResource
    URL reported;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private URI uri(String path) {
        return Deployments.base(reported).resolve(path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsUp() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("health")));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("UP", json(response.body()).getString("status"));
    }

    @Test
    void unknownPathIsAnOpenAiNotFoundError() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("no/such/thing")));
        JsonObject error = assertOpenAiError(response, 404, "not_found_error");
        assertTrue(error.getString("message").contains("no/such/thing"), error.toString());
    }

    @Test
    void wrongMethodIsAnOpenAiError() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("health"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json"));
        assertOpenAiError(response, 405, "invalid_request_error");
    }

    /**
     * Each event must reach the client before the server produces the next one. The probe only
     * produces event i+1 after the client acknowledged event i, so a buffering server cannot
     * pass; the timestamps make the order visible in the report.
     */
    @Test
    void streamedEventsArriveOneByOne() throws Exception {
        String id = UUID.randomUUID().toString();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri("it-probe/sse/" + id + "?events=" + EVENTS))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));

        List<long[]> timeline = new ArrayList<>(); // {i, producedAt, receivedAt}
        boolean done = false;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.startsWith("data: ")) {
                    continue;
                }
                long receivedAt = System.currentTimeMillis();
                String data = line.substring("data: ".length());
                if (data.equals("[DONE]")) {
                    done = true;
                    break;
                }
                JsonObject event = json(data);
                assertFalse(event.containsKey("error"), "server reported: " + data + " after " + timeline.size() + " events");
                int i = event.getInt("i");
                timeline.add(new long[] {i, event.getJsonNumber("producedAt").longValue(), receivedAt});
                HttpResponse<String> ack = send(HttpRequest.newBuilder(uri("it-probe/ack/" + id + "/" + i))
                        .POST(HttpRequest.BodyPublishers.noBody()));
                assertEquals(204, ack.statusCode());
            }
        }
        assertTrue(done, "stream ended without [DONE]");
        assertEquals(EVENTS, timeline.size());
        for (int i = 0; i + 1 < timeline.size(); i++) {
            assertTrue(timeline.get(i)[2] <= timeline.get(i + 1)[1],
                    "event " + i + " received at " + timeline.get(i)[2] + " but event " + (i + 1)
                            + " was produced at " + timeline.get(i + 1)[1]);
        }
    }
}
