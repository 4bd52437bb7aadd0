package dev.verifiedproxy.eventlog;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * compose-manager's own attestation inside a model CVM (protocol.md §2.4.5): its action log, the
 * hash its quote binds, and that quote. It is the only hardware-bound record of which compose
 * files (and so which model server and proxy) run in the CVM.
 *
 * @param actionsJson  the actions exactly as parsed, for recomputing {@code actions_hash}
 * @param actions      the same, typed
 * @param actionsHash  claimed SHA-256 of the canonical actions JSON
 * @param nonce        the nonce compose-manager put in its quote
 * @param nonceSource  {@code client} when the client nonce was forwarded
 * @param quote        its TDX quote, lowercase hex (verified by DCAP like any quote)
 * @param eventLog     its event log
 * @param reportData   claimed copy of the quote's REPORT_DATA (never used as evidence)
 */
public record ComposeManagerAttestation(JsonArray actionsJson, List<ComposeAction> actions, String actionsHash,
                                        String nonce, Optional<String> nonceSource, String quote, EventLog eventLog,
                                        Optional<String> reportData) {

    /** The 2026-06-29 log has 42 entries and grows with every deploy; far more is refused. */
    public static final int MAX_ACTIONS = 4096;
    private static final int MAX_QUOTE_BYTES = 64 * 1024;

    public ComposeManagerAttestation {
        Objects.requireNonNull(actionsJson, "actionsJson");
        actions = List.copyOf(actions);
        Objects.requireNonNull(actionsHash, "actionsHash");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(nonceSource, "nonceSource");
        Objects.requireNonNull(quote, "quote");
        Objects.requireNonNull(eventLog, "eventLog");
        Objects.requireNonNull(reportData, "reportData");
    }

    public static ComposeManagerAttestation fromJson(JsonObject json, String path) {
        JsonArray actionsJson = JsonInput.array(JsonInput.required(json, "actions", path), path + ".actions", MAX_ACTIONS);
        List<ComposeAction> actions = new ArrayList<>(actionsJson.size());
        for (int i = 0; i < actionsJson.size(); i++) {
            String at = path + ".actions[" + i + "]";
            actions.add(ComposeAction.fromJson(JsonInput.object(actionsJson.get(i), at), at));
        }
        JsonArray log = JsonInput.arrayOrEmbedded(JsonInput.required(json, "event_log", path), path + ".event_log",
                EventLog.MAX_ENTRIES, EventLog.MAX_JSON_CHARS);
        return new ComposeManagerAttestation(actionsJson, actions,
                JsonInput.hex(json, "actions_hash", path, 32),
                JsonInput.hex(json, "nonce", path, 32),
                JsonInput.optionalString(json, "nonce_source", path, 64),
                JsonInput.anyHex(JsonInput.string(json, "quote", path, MAX_QUOTE_BYTES * 2), path + ".quote", MAX_QUOTE_BYTES),
                EventLog.parse(log, path + ".event_log"),
                JsonInput.optionalHex(json, "report_data", path, 64));
    }
}
