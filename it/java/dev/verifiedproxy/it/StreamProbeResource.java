package dev.verifiedproxy.it;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Test-only resource, added to the packaged WAR by the IT. It streams SSE through
 * {@link StreamingOutput} exactly as the proxy does, and produces event i+1 only after the
 * client has acknowledged event i. If the server buffered the stream, no acknowledgement could
 * ever arrive, and the stream ends with an error event instead.
 */
@Path("it-probe")
@RequestScoped
public class StreamProbeResource {

    private static final ConcurrentMap<String, BlockingQueue<Integer>> ACKS = new ConcurrentHashMap<>();

    @GET
    @Path("sse/{id}")
    @Produces("text/event-stream")
    public Response stream(@PathParam("id") String id, @QueryParam("events") @DefaultValue("5") int events) {
        BlockingQueue<Integer> acks = ACKS.computeIfAbsent(id, k -> new LinkedBlockingQueue<>());
        StreamingOutput body = out -> {
            try {
                for (int i = 0; i < events; i++) {
                    String event = "data: {\"i\":" + i + ",\"producedAt\":" + System.currentTimeMillis() + "}\n\n";
                    out.write(event.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Integer ack = acks.poll(10, TimeUnit.SECONDS);
                    if (ack == null || ack != i) {
                        out.write(("data: {\"error\":\"event " + i + " was not acknowledged\"}\n\n")
                                .getBytes(StandardCharsets.UTF_8));
                        break;
                    }
                }
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ACKS.remove(id);
            }
        };
        return Response.ok(body).header("Cache-Control", "no-cache").header("X-Accel-Buffering", "no").build();
    }

    @POST
    @Path("ack/{id}/{i}")
    public Response ack(@PathParam("id") String id, @PathParam("i") int i) {
        BlockingQueue<Integer> acks = ACKS.get(id);
        if (acks == null) {
            return Response.status(404).build();
        }
        acks.add(i);
        return Response.noContent().build();
    }
}
