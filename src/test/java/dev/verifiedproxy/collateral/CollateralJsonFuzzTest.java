package dev.verifiedproxy.collateral;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.verifiedproxy.testing.dcap.FuzzCorpus;
import org.junit.jupiter.api.BeforeAll;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the readers of collateral JSON, all of it untrusted (request bodies, evidence bundles, PCS answers):
 * {@link CollateralJson#quoteCollateral(String)}, the TCB info and QE identity readers, and {@link RawJson}
 * (the exact-text cut of PCS answers). Whatever the bytes, only {@link CollateralFormatException} may escape.
 * Replays {@code src/test/resources/dev/verifiedproxy/collateral/CollateralJsonFuzzTestInputs/} in the normal
 * run; when fuzzing, the real collateral of {@code ../shared/samples/dcap} is added. Fuzz one method at a
 * time ({@code -Dtest='CollateralJsonFuzzTest#tcbInfo'}, see {@link PemFuzzTest}).
 */
class CollateralJsonFuzzTest {

    @BeforeAll
    static void realInputsWhenFuzzing() {
        if (!FuzzCorpus.fuzzing()) {
            return;
        }
        List<byte[]> tcbInfos = new ArrayList<>();
        List<byte[]> qeIdentities = new ArrayList<>();
        for (QuoteCollateral c : FuzzCorpus.realCollateral()) {
            tcbInfos.add(c.tcbInfo().getBytes(StandardCharsets.UTF_8));
            qeIdentities.add(c.qeIdentity().getBytes(StandardCharsets.UTF_8));
        }
        FuzzCorpus.seedFromSamples(CollateralJsonFuzzTest.class, "quoteCollateral", FuzzCorpus.realCollateralFiles());
        FuzzCorpus.seedFromSamples(CollateralJsonFuzzTest.class, "tcbInfo", tcbInfos);
        FuzzCorpus.seedFromSamples(CollateralJsonFuzzTest.class, "qeIdentity", qeIdentities);
    }

    private static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    @FuzzTest(maxDuration = "1h")
    void quoteCollateral(byte[] data) {
        try {
            QuoteCollateral c = CollateralJson.quoteCollateral(text(data));
            CollateralJson.toJson(c);
        } catch (CollateralFormatException expected) {
            // the only failure allowed
        }
    }

    @FuzzTest(maxDuration = "1h")
    void tcbInfo(byte[] data) {
        try {
            CollateralJson.tcbInfo(text(data));
        } catch (CollateralFormatException expected) {
            // the only failure allowed
        }
    }

    @FuzzTest(maxDuration = "1h")
    void qeIdentity(byte[] data) {
        try {
            CollateralJson.qeIdentity(text(data));
        } catch (CollateralFormatException expected) {
            // the only failure allowed
        }
    }

    @FuzzTest(maxDuration = "1h")
    void pcsAnswer(byte[] data) {
        try {
            String member = RawJson.member(text(data), "tcbInfo");
            if (!text(data).contains(member)) {
                throw new IllegalStateException("the cut text is not part of the answer");
            }
        } catch (CollateralFormatException expected) {
            // the only failure allowed
        }
    }
}
