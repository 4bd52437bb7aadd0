package dev.verifiedproxy.sigstore;

import dev.verifiedproxy.testing.Samples;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static dev.verifiedproxy.json.JsonProviders.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Rekor mutations suggested in ../shared/samples/dstack/README.txt (a byte of the SET, of an
 * inclusion-proof hash, of the checkpoint signature) and the other ways an entry can be wrong, each applied in
 * memory to the real dstack-vpc-client entry and failing with its own reason, and only that one.
 */
class RekorMutationsTest {

    private static final RekorSamples.Captured CAPTURED = RekorSamples.vpcClient();
    private static final RekorEntry ENTRY = CAPTURED.entry();
    private static final Instant AT = CAPTURED.at();
    private static final RekorVerifier VERIFIER = new RekorVerifier(RekorSamples.trustedRoot());

    @Test
    void theUnmodifiedEntryVerifies() {
        RekorResult result = VERIFIER.verify(ENTRY, AT);

        assertEquals(List.of(), result.failures());
        assertTrue(result.verified());
    }

    @Test
    void aByteOfTheSignedEntryTimestampFlipped() {
        String set = flipBase64(ENTRY.signedEntryTimestamp().orElseThrow(), 20);

        RekorResult result = VERIFIER.verify(ENTRY.withVerification(Optional.of(set), ENTRY.inclusionProof()), AT);

        assertEquals(List.of(RekorFailure.SET_SIGNATURE_INVALID), result.failures());
        assertFalse(result.verified());
    }

    @Test
    void aByteOfAnInclusionProofHashFlipped() {
        InclusionProof proof = ENTRY.inclusionProof().orElseThrow();
        List<Sha256Digest> hashes = new ArrayList<>(proof.hashes());
        hashes.set(7, flip(hashes.get(7), 31));

        RekorResult result = verifyWithProof(new InclusionProof(proof.logIndex(), proof.treeSize(), proof.rootHash(),
                hashes, proof.checkpoint()));

        assertEquals(List.of(RekorFailure.INCLUSION_PROOF_INVALID), result.failures());
    }

    @Test
    void aByteOfTheCheckpointSignatureFlipped() {
        InclusionProof proof = ENTRY.inclusionProof().orElseThrow();
        // Byte 10 of the signature line's payload is past the 4-byte key hint: inside the ECDSA signature.
        RekorResult result = verifyWithProof(withCheckpoint(proof, flipSignatureLine(proof.checkpoint(), 10)));

        assertEquals(List.of(RekorFailure.CHECKPOINT_SIGNATURE_INVALID), result.failures());
    }

    @Test
    void aByteOfTheCheckpointKeyHintFlipped() {
        InclusionProof proof = ENTRY.inclusionProof().orElseThrow();

        RekorResult result = verifyWithProof(withCheckpoint(proof, flipSignatureLine(proof.checkpoint(), 1)));

        assertEquals(List.of(RekorFailure.CHECKPOINT_NOT_SIGNED_BY_LOG), result.failures());
    }

    @Test
    void aCheckpointOfAnotherTreeSizeAndRoot() {
        // Genuine and correctly signed, but for the tree of another entry's proof.
        InclusionProof other = RekorSamples.entry("near-cloud-api-2026-04-24", "0029").entry().inclusionProof().orElseThrow();
        InclusionProof proof = ENTRY.inclusionProof().orElseThrow();

        RekorResult result = verifyWithProof(withCheckpoint(proof, other.checkpoint()));

        assertEquals(List.of(RekorFailure.CHECKPOINT_MISMATCH), result.failures());
        assertTrue(result.check(RekorCheckName.CHECKPOINT_SIGNATURE).orElseThrow().ok());
    }

    @Test
    void aProofClaimingAnotherTreeSize() {
        InclusionProof proof = ENTRY.inclusionProof().orElseThrow();

        RekorResult result = verifyWithProof(new InclusionProof(proof.logIndex(), proof.treeSize() + 1,
                proof.rootHash(), proof.hashes(), proof.checkpoint()));

        // The audit path has the same shape in a tree one leaf larger, so it still hashes to the root: only the
        // signed checkpoint pins the tree size, which is why its consistency with the proof is a check of its own.
        assertTrue(result.check(RekorCheckName.INCLUSION_PROOF).orElseThrow().ok());
        assertEquals(List.of(RekorFailure.CHECKPOINT_MISMATCH), result.failures());
    }

    @Test
    void aProofClaimingAMuchSmallerTree() {
        InclusionProof proof = ENTRY.inclusionProof().orElseThrow();

        RekorResult result = verifyWithProof(new InclusionProof(proof.logIndex(), proof.logIndex() + 1,
                proof.rootHash(), proof.hashes(), proof.checkpoint()));

        assertEquals(List.of(RekorFailure.INCLUSION_PROOF_MALFORMED, RekorFailure.CHECKPOINT_MISMATCH), result.failures());
    }

    @Test
    void aProofWithOneHashTooMany() {
        InclusionProof proof = ENTRY.inclusionProof().orElseThrow();
        List<Sha256Digest> hashes = new ArrayList<>(proof.hashes());
        hashes.add(proof.rootHash());

        RekorResult result = verifyWithProof(new InclusionProof(proof.logIndex(), proof.treeSize(), proof.rootHash(),
                hashes, proof.checkpoint()));

        assertEquals(List.of(RekorFailure.INCLUSION_PROOF_MALFORMED), result.failures());
    }

    @Test
    void aProofIndexOutsideTheTree() {
        InclusionProof proof = ENTRY.inclusionProof().orElseThrow();

        RekorResult result = verifyWithProof(new InclusionProof(proof.treeSize(), proof.treeSize(), proof.rootHash(),
                proof.hashes(), proof.checkpoint()));

        assertEquals(List.of(RekorFailure.INCLUSION_PROOF_MALFORMED), result.failures());
    }

    @Test
    void aByteOfTheBodyFlipped() {
        // A hex digit of the logged envelope hash: the body still decodes, but its leaf hash and SET change.
        String json = new String(ENTRY.bodyBytes(), StandardCharsets.UTF_8);
        String mutated = json.replace("ca28489c0036", "ca28489c0037");
        assertFalse(json.equals(mutated));
        RekorEntry entry = new RekorEntry(ENTRY.uuid(), Base64.getEncoder().encodeToString(
                mutated.getBytes(StandardCharsets.UTF_8)), ENTRY.integratedTime(), ENTRY.logId(), ENTRY.logIndex(),
                ENTRY.signedEntryTimestamp(), ENTRY.inclusionProof());

        RekorResult result = VERIFIER.verify(entry, AT);

        assertEquals(List.of(RekorFailure.UUID_MISMATCH, RekorFailure.SET_SIGNATURE_INVALID,
                RekorFailure.INCLUSION_PROOF_INVALID), result.failures());
    }

    @Test
    void anotherLogId() {
        RekorEntry entry = new RekorEntry(ENTRY.uuid(), ENTRY.body(), ENTRY.integratedTime(),
                "d0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d", ENTRY.logIndex(),
                ENTRY.signedEntryTimestamp(), ENTRY.inclusionProof());

        RekorResult result = VERIFIER.verify(entry, AT);

        assertEquals(List.of(RekorFailure.LOG_KEY_UNKNOWN), result.failures());
        // Without a key neither signature can be checked, so the entry cannot be verified.
        assertEquals(Optional.empty(), result.check(RekorCheckName.SIGNED_ENTRY_TIMESTAMP));
        assertEquals(Optional.empty(), result.check(RekorCheckName.CHECKPOINT_SIGNATURE));
        assertFalse(result.verified());
    }

    @Test
    void anotherIntegratedTime() {
        RekorEntry entry = new RekorEntry(ENTRY.uuid(), ENTRY.body(), ENTRY.integratedTime() + 1, ENTRY.logId(),
                ENTRY.logIndex(), ENTRY.signedEntryTimestamp(), ENTRY.inclusionProof());

        assertEquals(List.of(RekorFailure.SET_SIGNATURE_INVALID), VERIFIER.verify(entry, AT).failures());
    }

    @Test
    void anotherLogIndex() {
        RekorEntry entry = new RekorEntry(ENTRY.uuid(), ENTRY.body(), ENTRY.integratedTime(), ENTRY.logId(),
                ENTRY.logIndex() + 1, ENTRY.signedEntryTimestamp(), ENTRY.inclusionProof());

        assertEquals(List.of(RekorFailure.SET_SIGNATURE_INVALID), VERIFIER.verify(entry, AT).failures());
    }

    @Test
    void anotherUuid() {
        RekorEntry entry = new RekorEntry(Optional.of(RekorSamples.entry("near-cloud-api-2026-04-24", "0029").expected()
                .getString("uuid")), ENTRY.body(), ENTRY.integratedTime(), ENTRY.logId(), ENTRY.logIndex(),
                ENTRY.signedEntryTimestamp(), ENTRY.inclusionProof());

        assertEquals(List.of(RekorFailure.UUID_MISMATCH), VERIFIER.verify(entry, AT).failures());
    }

    @Test
    void evaluatedBeforeTheEntryWasIntegrated() {
        RekorResult result = VERIFIER.verify(ENTRY, ENTRY.integratedInstant().minusSeconds(1));

        assertEquals(List.of(RekorFailure.INTEGRATED_TIME_IN_FUTURE), result.failures());
    }

    @Test
    void evaluatedAtTheIntegratedTimeItself() {
        assertTrue(VERIFIER.verify(ENTRY, ENTRY.integratedInstant()).verified());
    }

    @Test
    void withoutSignedEntryTimestamp() {
        RekorResult result = VERIFIER.verify(ENTRY.withVerification(Optional.empty(), ENTRY.inclusionProof()), AT);

        assertEquals(List.of(RekorFailure.SET_MISSING), result.failures());
    }

    @Test
    void withoutInclusionProof() {
        RekorResult result = VERIFIER.verify(ENTRY.withVerification(ENTRY.signedEntryTimestamp(), Optional.empty()), AT);

        assertEquals(List.of(RekorFailure.INCLUSION_PROOF_MISSING), result.failures());
        assertEquals(Optional.empty(), result.check(RekorCheckName.CHECKPOINT_SIGNATURE));
        assertFalse(result.verified());
    }

    @Test
    void aCheckpointWithoutItsBlankLine() {
        InclusionProof proof = ENTRY.inclusionProof().orElseThrow();

        RekorResult result = verifyWithProof(withCheckpoint(proof, proof.checkpoint().replace("\n\n", "\n")));

        assertEquals(List.of(RekorFailure.CHECKPOINT_MALFORMED), result.failures());
        assertEquals(Optional.empty(), result.check(RekorCheckName.CHECKPOINT_CONSISTENCY));
    }

    @Test
    void theLogKeyRetiredBeforeTheEntryWasIntegrated() {
        TrustedRoot root = rootWith(r -> {
            JsonObject log = r.getJsonArray("tlogs").getJsonObject(0);
            JsonObject key = log.getJsonObject("publicKey");
            JsonObject window = JSON.createObjectBuilder(key.getJsonObject("validFor"))
                    .add("end", "2025-01-01T00:00:00Z").build();
            return JSON.createObjectBuilder(r).add("tlogs", JSON.createArrayBuilder().add(JSON.createObjectBuilder(log)
                    .add("publicKey", JSON.createObjectBuilder(key).add("validFor", window))));
        });

        RekorResult result = new RekorVerifier(root).verify(ENTRY, AT);

        assertEquals(List.of(RekorFailure.LOG_KEY_NOT_VALID_AT_INTEGRATED_TIME), result.failures());
    }

    @Test
    void theFulcioCaRetiredBeforeTheEntryWasIntegrated() {
        TrustedRoot root = rootWith(r -> {
            JsonArray cas = r.getJsonArray("certificateAuthorities");
            JsonObject current = cas.getJsonObject(1);
            JsonObject window = JSON.createObjectBuilder(current.getJsonObject("validFor"))
                    .add("end", "2026-01-01T00:00:00Z").build();
            return JSON.createObjectBuilder(r).add("certificateAuthorities", JSON.createArrayBuilder()
                    .add(cas.getJsonObject(0)).add(JSON.createObjectBuilder(current).add("validFor", window)));
        });

        RekorResult result = new RekorVerifier(root).verify(ENTRY, AT);

        assertEquals(List.of(RekorFailure.FULCIO_CA_NOT_VALID_AT_INTEGRATED_TIME), result.failures());
        Signer.Untrusted signer = assertInstanceOf(Signer.Untrusted.class, result.signers().get(0));
        assertEquals(RekorFailure.FULCIO_CA_NOT_VALID_AT_INTEGRATED_TIME, signer.reason());
        assertTrue(result.loggedAsClaimed());
        assertEquals(List.of(), result.fulcioIdentities());
    }

    @Test
    void aTrustedRootWithoutTheCurrentFulcioCa() {
        TrustedRoot root = rootWith(r -> JSON.createObjectBuilder(r).add("certificateAuthorities",
                JSON.createArrayBuilder().add(r.getJsonArray("certificateAuthorities").getJsonObject(0))));

        RekorResult result = new RekorVerifier(root).verify(ENTRY, AT);

        assertEquals(List.of(RekorFailure.CERT_CHAIN_UNTRUSTED), result.failures());
    }

    // ---- helpers

    private static RekorResult verifyWithProof(InclusionProof proof) {
        return VERIFIER.verify(ENTRY.withVerification(ENTRY.signedEntryTimestamp(), Optional.of(proof)), AT);
    }

    private static InclusionProof withCheckpoint(InclusionProof proof, String checkpoint) {
        return new InclusionProof(proof.logIndex(), proof.treeSize(), proof.rootHash(), proof.hashes(), checkpoint);
    }

    private static Sha256Digest flip(Sha256Digest digest, int index) {
        byte[] bytes = digest.bytes();
        bytes[index] ^= 0x01;
        return Sha256Digest.of(bytes);
    }

    private static String flipBase64(String base64, int index) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        bytes[index] ^= 0x01;
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Flips one byte of the (hint ‖ signature) payload of the checkpoint's last signature line. */
    private static String flipSignatureLine(String checkpoint, int index) {
        int start = checkpoint.lastIndexOf(' ') + 1;
        String payload = checkpoint.substring(start, checkpoint.length() - 1);
        return checkpoint.substring(0, start) + flipBase64(payload, index) + "\n";
    }

    private static TrustedRoot rootWith(java.util.function.Function<JsonObject, JsonObjectBuilder> change) {
        JsonObject root = RekorSamples.json(Samples.text("dstack/sigstore/trusted_root.json"));
        return RekorSamples.parseRoot(change.apply(root).build().toString().getBytes(StandardCharsets.UTF_8));
    }
}
