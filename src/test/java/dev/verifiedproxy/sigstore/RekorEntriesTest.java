package dev.verifiedproxy.sigstore;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static dev.verifiedproxy.json.JsonProviders.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsing of Rekor entry responses: both response shapes, and refusal of anything malformed or oversized. */
class RekorEntriesTest {

    private static final String UUID = "108e9186e8c5677a2de321220c55f86864a5f6d395c2305423cc370b63e071ddfb1e2bac1e2c8986";

    @Test
    void readsTheRetrieveArrayAsCaptured() throws RekorFormatException {
        RekorEntry entry = RekorEntries.parseOne(RekorSamples.vpcClient().response());

        assertEquals(Optional.of(UUID), entry.uuid());
        assertEquals(1075935637L, entry.logIndex());
        assertEquals(1773155258L, entry.integratedTime());
        assertEquals("c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d", entry.logId());
        InclusionProof proof = entry.inclusionProof().orElseThrow();
        assertEquals(954031375L, proof.logIndex());
        assertEquals(1245133570L, proof.treeSize());
        assertEquals("842936fdf29647960f7ce55a0e9670a8703d0d8c41e0d9eab1af0fd2eda05e7c", proof.rootHash().hex());
        assertEquals(31, proof.hashes().size());
        assertTrue(proof.checkpoint().startsWith("rekor.sigstore.dev - 1193050959916656506\n1245133570\n"));
        assertTrue(entry.signedEntryTimestamp().isPresent());
    }

    @Test
    void readsTheGetByUuidObject() throws RekorFormatException {
        JsonObject map = capturedMap();

        List<RekorEntry> entries = RekorEntries.parse(bytes(map));

        assertEquals(1, entries.size());
        assertEquals(Optional.of(UUID), entries.get(0).uuid());
    }

    @Test
    void readsSeveralEntries() throws RekorFormatException {
        JsonObject other = RekorSamples.json(new String(RekorSamples.entry("near-cloud-api-2026-04-24", "0029").response(),
                StandardCharsets.UTF_8).substring(1).replaceAll("]\\s*$", ""));
        byte[] both = ("[" + capturedMap() + "," + other + "]").getBytes(StandardCharsets.UTF_8);

        assertEquals(2, RekorEntries.parse(both).size());
        assertEquals(RekorFailure.ENTRY_MALFORMED, assertThrows(RekorFormatException.class,
                () -> RekorEntries.parseOne(both)).reason());
    }

    @Test
    void entriesWithoutVerificationParseAndAreLeftToTheVerifier() throws RekorFormatException {
        RekorEntry entry = RekorEntries.parseOne(bytes(changeEntry(e -> JSON.createObjectBuilder(e).remove("verification"))));

        assertEquals(Optional.empty(), entry.signedEntryTimestamp());
        assertEquals(Optional.empty(), entry.inclusionProof());
    }

    @Test
    void refusesMalformedEntries() {
        assertMalformed(JSON.createObjectBuilder().add("not-a-uuid", capturedEntry()).build());
        assertMalformed(JSON.createObjectBuilder().add(UUID.toUpperCase(), capturedEntry()).build());
        assertMalformed(changeEntry(e -> JSON.createObjectBuilder(e).add("body", "not base64!")));
        assertMalformed(changeEntry(e -> JSON.createObjectBuilder(e).remove("body")));
        assertMalformed(changeEntry(e -> JSON.createObjectBuilder(e).add("integratedTime", "1773155258")));
        assertMalformed(changeEntry(e -> JSON.createObjectBuilder(e).add("integratedTime", 1773155258.5)));
        assertMalformed(changeEntry(e -> JSON.createObjectBuilder(e).add("integratedTime", 0)));
        // Beyond 2^53 RFC 8785 would print the number in exponent form; such a value is refused, not guessed at.
        assertMalformed(changeEntry(e -> JSON.createObjectBuilder(e).add("logIndex", 1L << 53)));
        assertMalformed(changeEntry(e -> JSON.createObjectBuilder(e).add("logIndex", -1)));
        assertMalformed(changeEntry(e -> JSON.createObjectBuilder(e).add("logID", e.getString("logID").toUpperCase())));
        assertMalformed(changeEntry(e -> JSON.createObjectBuilder(e).add("logID", "c0d23d6a")));
        assertMalformed(changeProof(p -> JSON.createObjectBuilder(p).add("rootHash", p.getString("rootHash").substring(2))));
        assertMalformed(changeProof(p -> JSON.createObjectBuilder(p).add("treeSize", 0)));
        assertMalformed(changeProof(p -> JSON.createObjectBuilder(p).add("hashes", JSON.createArrayBuilder().add("zz"))));
        assertMalformed(changeProof(p -> {
            var hashes = JSON.createArrayBuilder();
            for (int i = 0; i <= RekorEntries.MAX_PROOF_HASHES; i++) {
                hashes.add(p.getString("rootHash"));
            }
            return JSON.createObjectBuilder(p).add("hashes", hashes);
        }));
        assertMalformed(changeProof(p -> JSON.createObjectBuilder(p).remove("checkpoint")));
        assertMalformed(changeEntry(e -> JSON.createObjectBuilder(e).add("verification", JSON.createObjectBuilder(
                e.getJsonObject("verification")).add("signedEntryTimestamp", "%%%"))));
    }

    @Test
    void refusesWhatIsNoEntryResponse() {
        assertMalformed("[]");
        assertMalformed("{}");
        assertMalformed("[\"x\"]");
        assertMalformed("{\"uuid\": ");
        assertEquals(RekorFailure.ENTRY_MALFORMED, assertThrows(RekorFormatException.class,
                () -> RekorEntries.parse(new byte[RekorEntries.MAX_RESPONSE_BYTES + 1])).reason());
    }

    @Test
    void entriesAssembledElsewhereKeepTheSameInvariants() {
        RekorEntry good = RekorSamples.vpcClient().entry();
        assertThrows(IllegalArgumentException.class, () -> new RekorEntry(good.uuid(), "not base64!", good.integratedTime(),
                good.logId(), good.logIndex(), good.signedEntryTimestamp(), good.inclusionProof()));
        assertThrows(IllegalArgumentException.class, () -> new RekorEntry(good.uuid(), good.body(), good.integratedTime(),
                good.logId().toUpperCase(), good.logIndex(), good.signedEntryTimestamp(), good.inclusionProof()));
        assertThrows(IllegalArgumentException.class, () -> new RekorEntry(Optional.of("x"), good.body(),
                good.integratedTime(), good.logId(), good.logIndex(), good.signedEntryTimestamp(), good.inclusionProof()));
        assertThrows(IllegalArgumentException.class, () -> good.withVerification(Optional.of("%%"), good.inclusionProof()));
    }

    // ---- helpers

    private static JsonObject capturedMap() {
        return RekorSamples.json(new String(RekorSamples.vpcClient().response(), StandardCharsets.UTF_8)
                .strip().replaceAll("^\\[|]$", ""));
    }

    private static JsonObject capturedEntry() {
        return capturedMap().getJsonObject(UUID);
    }

    private static JsonObject changeEntry(Function<JsonObject, JsonObjectBuilder> change) {
        return JSON.createObjectBuilder().add(UUID, change.apply(capturedEntry())).build();
    }

    private static JsonObject changeProof(Function<JsonObject, JsonObjectBuilder> change) {
        return changeEntry(e -> {
            JsonObject verification = e.getJsonObject("verification");
            return JSON.createObjectBuilder(e).add("verification", JSON.createObjectBuilder(verification)
                    .add("inclusionProof", change.apply(verification.getJsonObject("inclusionProof"))));
        });
    }

    private static void assertMalformed(JsonObject response) {
        assertMalformed(response.toString());
    }

    private static void assertMalformed(String response) {
        RekorFormatException e = assertThrows(RekorFormatException.class,
                () -> RekorEntries.parse(response.getBytes(StandardCharsets.UTF_8)), response);
        assertEquals(RekorFailure.ENTRY_MALFORMED, e.reason());
    }

    private static byte[] bytes(JsonObject json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
