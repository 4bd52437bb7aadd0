package dev.verifiedproxy.ops;

import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.List;

import static dev.verifiedproxy.json.JsonProviders.JSON;

/** {@code GET /health}: {@code {"status":"UP"}}, or 503 {@code {"status":"DOWN","reasons":[..]}}. */
@Path("health")
@RequestScoped
public class HealthResource {

    @Inject
    Instance<HealthCheck> checks;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (HealthCheck check : checks) {
            problems.addAll(check.problems());
            warnings.addAll(check.warnings());
        }
        JsonObjectBuilder body = JSON.createObjectBuilder().add("status", problems.isEmpty() ? "UP" : "DOWN");
        if (!problems.isEmpty()) {
            body.add("reasons", array(problems));
        }
        if (!warnings.isEmpty()) {
            body.add("warnings", array(warnings));
        }
        return Response.status(problems.isEmpty() ? 200 : 503)
                .header("Cache-Control", "no-store")
                .entity(body.build().toString())
                .build();
    }

    private static JsonArrayBuilder array(List<String> values) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        values.forEach(array::add);
        return array;
    }
}
