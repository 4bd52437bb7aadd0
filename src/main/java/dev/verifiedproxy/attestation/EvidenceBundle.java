package dev.verifiedproxy.attestation;

import dev.verifiedproxy.eventlog.FormatFailure;
import dev.verifiedproxy.eventlog.JsonInput;
import dev.verifiedproxy.eventlog.MalformedEvidenceException;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static dev.verifiedproxy.json.JsonProviders.JSON;

/**
 * Everything needed to re-verify one attestation offline and get the same verdict (architecture.md
 * §4): the report as received, the nonce sent, the instant of evaluation, the live TLS SPKI hash,
 * the Intel collateral and the NVIDIA answers. This is both the body of {@code POST /verify/bundle}
 * and what the proxy archives for every verification it performs.
 *
 * <pre>
 * { "report": {..}, "nonce": "&lt;64 hex&gt;", "at": &lt;unix seconds&gt;, "tlsSpkiSha256": "&lt;64 hex&gt;" (optional),
 *   "collateral": [ &lt;QuoteCollateralV3&gt;, .. ], "nras": { "responses": [ .. ], "jwks": {..} } (optional),
 *   "host": "&lt;domain&gt;" (optional), "model": "&lt;model id&gt;" (optional) }
 * </pre>
 *
 * <p>{@code nras.responses[i]} is NVIDIA's answer for the i-th model attestation of the report (its order in
 * {@code model_attestations}, or the direct report's single model), {@code null} where NRAS was not consulted.
 * {@code host} is the domain the report was fetched from: it selects the policy profile, so that a bundle
 * re-verified offline meets the same profile; absent, only profiles that name no host match.
 * {@code model} is the model the report was asked for: re-verified, the report must attest exactly that model, as
 * it had to live; absent (a report asked for no model, or a bundle from before this field), no model is checked.
 *
 * @param report        the exact {@code /v1/attestation/report} JSON, gateway or direct shape
 * @param nonce         the nonce the verifier sent
 * @param at            the instant the verification is evaluated at
 * @param tlsSpkiSha256 SHA-256 of the SPKI of the live TLS connection the report came over; without it the CVM
 *                      that served that connection fails {@code live_tls_spki} ({@code tls_spki_not_recorded})
 * @param collateral    Intel collateral objects, matched to quotes by FMSPC and CA by the DCAP step
 * @param nras          NVIDIA responses and JWKS, for the GPU step
 * @param host          the domain the report was fetched from, for the policy profile
 * @param model         the model the report was asked for, which it must attest
 */
public record EvidenceBundle(JsonObject report, Nonce nonce, Instant at, Optional<String> tlsSpkiSha256,
                             List<JsonObject> collateral, Optional<NrasEvidence> nras, Optional<String> host,
                             Optional<String> model) {

    /** A report has at most a gateway and a few model quotes, each with one FMSPC. */
    public static final int MAX_COLLATERAL = 32;
    public static final int MAX_NRAS_RESPONSES = 32;
    /** 9999-12-31T23:59:59Z: later instants are not dates. */
    private static final long MAX_AT = 253_402_300_799L;
    private static final Set<String> FIELDS = Set.of("report", "nonce", "at", "tlsSpkiSha256", "collateral", "nras",
            "host", "model");
    /** Longest DNS name. */
    private static final int MAX_HOST_CHARS = 253;
    /** As long as a report's {@code model_name} may be. */
    private static final int MAX_MODEL_CHARS = 1024;
    private static final Set<String> NRAS_FIELDS = Set.of("responses", "jwks");

    public EvidenceBundle {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(tlsSpkiSha256, "tlsSpkiSha256");
        collateral = List.copyOf(collateral);
        Objects.requireNonNull(nras, "nras");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(model, "model");
    }

    /** A bundle of a report asked for no particular model. */
    public EvidenceBundle(JsonObject report, Nonce nonce, Instant at, Optional<String> tlsSpkiSha256,
                          List<JsonObject> collateral, Optional<NrasEvidence> nras, Optional<String> host) {
        this(report, nonce, at, tlsSpkiSha256, collateral, nras, host, Optional.empty());
    }

    /** A bundle without a host. */
    public EvidenceBundle(JsonObject report, Nonce nonce, Instant at, Optional<String> tlsSpkiSha256,
                          List<JsonObject> collateral, Optional<NrasEvidence> nras) {
        this(report, nonce, at, tlsSpkiSha256, collateral, nras, Optional.empty());
    }

    /**
     * Reads a bundle; unlike NEAR's reports, this format is ours, so unknown keys are rejected.
     *
     * @throws MalformedEvidenceException naming the reason and the JSON path
     */
    public static EvidenceBundle fromJson(JsonObject json) {
        strict(json, FIELDS, "$");
        JsonObject report = JsonInput.object(JsonInput.required(json, "report", "$"), "$.report");
        String nonceText = JsonInput.string(json, "nonce", "$", 66);
        Nonce nonce = Nonce.parse(nonceText).orElseThrow(() ->
                new MalformedEvidenceException(FormatFailure.BAD_HEX, "$.nonce", "expected 32 bytes of hex"));
        Instant at = Instant.ofEpochSecond(JsonInput.integer(json, "at", "$", 0, MAX_AT));
        Optional<String> spki = JsonInput.optionalHex(json, "tlsSpkiSha256", "$", 32);
        List<JsonObject> collateral = new ArrayList<>();
        JsonInput.field(json, "collateral").ifPresent(v -> {
            JsonArray array = JsonInput.array(v, "$.collateral", MAX_COLLATERAL);
            for (int i = 0; i < array.size(); i++) {
                collateral.add(JsonInput.object(array.get(i), "$.collateral[" + i + "]"));
            }
        });
        Optional<NrasEvidence> nras = JsonInput.field(json, "nras").map(v -> {
            JsonObject n = JsonInput.object(v, "$.nras");
            strict(n, NRAS_FIELDS, "$.nras");
            JsonArray responses = JsonInput.array(JsonInput.required(n, "responses", "$.nras"), "$.nras.responses",
                    MAX_NRAS_RESPONSES);
            return new NrasEvidence(responses, JsonInput.object(JsonInput.required(n, "jwks", "$.nras"), "$.nras.jwks"));
        });
        Optional<String> host = JsonInput.optionalString(json, "host", "$", MAX_HOST_CHARS);
        Optional<String> model = JsonInput.optionalString(json, "model", "$", MAX_MODEL_CHARS);
        return new EvidenceBundle(report, nonce, at, spki, collateral, nras, host, model);
    }

    private static void strict(JsonObject json, Set<String> fields, String path) {
        for (String key : json.keySet()) {
            if (!fields.contains(key)) {
                throw new MalformedEvidenceException(FormatFailure.UNKNOWN_FIELD, path + "." + key,
                        "not a field of an evidence bundle");
            }
        }
    }

    /** The report, parsed (bounded; see {@link NearReports}). */
    public NearReport parsedReport() {
        return NearReports.parse(report);
    }

    public JsonObject toJson() {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("report", report).add("nonce", nonce.hex())
                .add("at", at.getEpochSecond());
        tlsSpkiSha256.ifPresent(s -> json.add("tlsSpkiSha256", s));
        JsonArrayBuilder list = JSON.createArrayBuilder();
        collateral.forEach(list::add);
        json.add("collateral", list);
        nras.ifPresent(n -> {
            JsonArrayBuilder responses = JSON.createArrayBuilder();
            n.responses().forEach(responses::add);
            json.add("nras", JSON.createObjectBuilder().add("responses", responses).add("jwks", n.jwks()));
        });
        host.ifPresent(h -> json.add("host", h));
        model.ifPresent(m -> json.add("model", m));
        return json.build();
    }
}
