package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.testing.Captures;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import java.util.List;
import java.util.Optional;

/**
 * One CVM attestation of a real NEAR report, read with this package's parsers only (the report
 * shapes belong to the attestation package): its log, info, compose-manager attestation and quote.
 */
final class NearSamples {

    static final String GATEWAY = "gateway";
    static final String MODEL = "model_attestations[0]";
    static final String DIRECT = "attestation";

    private NearSamples() {
    }

    /** Every CVM attestation of the five NEAR captures: {report, part}. */
    private static final List<String[]> ALL = List.of(new String[] {Captures.CLOUD_0629, GATEWAY},
            new String[] {Captures.CLOUD_0629, MODEL},
            new String[] {Captures.DIRECT_0629, DIRECT}, new String[] {Captures.CLOUD_0424, GATEWAY},
                    new String[] {Captures.CLOUD_0424, MODEL},
            new String[] {Captures.DIRECT_0424, DIRECT}, new String[] {Captures.FIXTURE_01, GATEWAY},
                    new String[] {Captures.FIXTURE_01, MODEL});

    /** All of them, read. */
    static List<Cvm> all() {
        return ALL.stream().map(c -> cvm(c[0], c[1])).toList();
    }

    /** Those that carry a compose-manager attestation (every model). */
    static List<Cvm> models() {
        return all().stream().filter(c -> c.composeManager().isPresent()).toList();
    }

    record Cvm(String label, EventLog log, DstackInfo info, Optional<ComposeManagerAttestation> composeManager,
               String quoteHex, TdMeasurements quote, String nonce, Optional<JsonObject> expected) {

        RuntimeEvents events() {
            return RuntimeEvents.decode(log);
        }

        /** The nonce the client sent for this capture (from its manifest, not from the report). */
        String clientNonce() {
            return nonce;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * @param report a report path under samples
     * @param part   {@link #GATEWAY}, {@link #MODEL} or {@link #DIRECT}
     */
    static Cvm cvm(String report, String part) {
        JsonObject json = Captures.json(report);
        JsonObject attestation = switch (part) {
            case GATEWAY -> json.getJsonObject("gateway_attestation");
            case MODEL -> json.getJsonArray("model_attestations").getJsonObject(0);
            default -> json;
        };
        JsonArray log = JsonInput.arrayOrEmbedded(attestation.get("event_log"), "$.event_log", EventLog.MAX_ENTRIES,
                EventLog.MAX_JSON_CHARS);
        Optional<ComposeManagerAttestation> cm = JsonInput.field(attestation, "compose_manager_attestation")
                .map(v -> ComposeManagerAttestation.fromJson(v.asJsonObject(), "$.compose_manager_attestation"));
        Optional<JsonObject> expected = report.startsWith("dstack/") ? Optional.of(Captures.expected(report, part))
                : Optional.empty();
        return new Cvm(report.substring(report.indexOf('/') + 1, report.indexOf('/') + 30) + " " + part,
                EventLog.parse(log, "$.event_log"), DstackInfo.fromJson(attestation.getJsonObject("info"), "$.info"), cm,
                attestation.getString("intel_quote"), Captures.td(attestation.getString("intel_quote")),
                report.equals(Captures.FIXTURE_01) ? Captures.FIXTURE_01_NONCE : Captures.nonce(report), expected);
    }
}
