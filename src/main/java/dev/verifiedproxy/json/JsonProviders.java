package dev.verifiedproxy.json;

import jakarta.json.spi.JsonProvider;

/**
 * The one JSON-P provider of the application. {@code jakarta.json.Json}'s static factory methods
 * look the provider up with a {@code ServiceLoader} on every call — measured at 50–110 µs per
 * call here, and more inside a WAR, whose class loader scans every jar — which made JSON the
 * largest cost of a proxied request. The provider is thread-safe; held by a class of the WAR, it
 * is the deployment's own provider on every server.
 */
public final class JsonProviders {

    /** Use instead of {@code Json}: {@code JSON.createObjectBuilder()}, {@code JSON.createReader(..)}. */
    public static final JsonProvider JSON = JsonProvider.provider();

    private JsonProviders() {
    }
}
