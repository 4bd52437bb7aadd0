package dev.verifiedproxy.sigstore;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The RFC 8785 form of what a SET signs: members sorted, no whitespace, integers plain. */
class SignedEntryTimestampTest {

    @Test
    void membersAreSortedAndUnspaced() {
        RekorEntry entry = new RekorEntry(Optional.empty(), "eyJhIjoxfQ==", 1773155258L,
                "c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d", 1075935637L, Optional.empty(),
                Optional.empty());

        assertEquals("{\"body\":\"eyJhIjoxfQ==\",\"integratedTime\":1773155258,"
                        + "\"logID\":\"c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d\",\"logIndex\":1075935637}",
                new String(SignedEntryTimestamp.canonicalPayload(entry), StandardCharsets.UTF_8));
    }
}
