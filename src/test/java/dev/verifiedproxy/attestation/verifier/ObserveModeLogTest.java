package dev.verifiedproxy.attestation.verifier;

import dev.verifiedproxy.attestation.EvidenceBundle;
import dev.verifiedproxy.policy.AttestationPolicy;
import dev.verifiedproxy.policy.PolicyLoader;
import dev.verifiedproxy.policy.PolicyObserver;
import dev.verifiedproxy.policy.PolicyParser;
import dev.verifiedproxy.policy.Profile;
import dev.verifiedproxy.testing.CaptureEvidence;
import dev.verifiedproxy.testing.RealComponents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Observe mode as an operator sees it: the verifier logs, once per verification, the observed values as a policy
 * file (java.util.logging is the System.Logger backend here); the logged text parses as a valid policy, is the
 * document the verification returns, and accepts what was observed. Without observe mode nothing is logged.
 */
class ObserveModeLogTest {

    private static final String MARKER = "observe mode: values observed at ";

    /** Held strongly: java.util.logging keeps loggers only weakly. */
    private final Logger logger = Logger.getLogger(AttestationVerifier.class.getName());
    private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level level;
    private boolean parentHandlers;

    @BeforeEach
    void listen() {
        level = logger.getLevel();
        parentHandlers = logger.getUseParentHandlers();
        logger.setLevel(Level.INFO);
        logger.setUseParentHandlers(false);
        capture.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
        logger.setLevel(level);
        logger.setUseParentHandlers(parentHandlers);
    }

    private List<String> observeLines() {
        SimpleFormatter formatter = new SimpleFormatter();
        synchronized (records) {
            return records.stream().map(formatter::formatMessage).filter(m -> m.startsWith(MARKER)).toList();
        }
    }

    @Test
    void eachVerificationLogsItsObservedValuesAsAValidPolicy() throws Exception {
        EvidenceBundle bundle = CaptureEvidence.bundle(RealComponents.CLOUD_0629);
        Verification verification = RealCaptureVerdictsTest.verifier(PolicyLoader.defaultPolicy(), true).verifyOffline(bundle);
        List<String> lines = observeLines();
        assertEquals(1, lines.size(), "one log line per verification");
        String line = lines.get(0);
        assertTrue(line.startsWith(MARKER + "cloud-api.near.ai as a policy file (review before use):\n"), line);
        String document = line.substring(line.indexOf('\n') + 1);
        assertEquals(PolicyObserver.pretty(verification.observedPolicy().orElseThrow()), document);
        AttestationPolicy logged = PolicyParser.parse(document.getBytes(StandardCharsets.UTF_8), "logged");
        assertEquals(List.of("observed-gateway-cloud-api.near.ai", "observed-model-cloud-api.near.ai"),
                logged.profiles().stream().map(Profile::name).toList());
        assertTrue(RealCaptureVerdictsTest.verifier(logged, false).verifyOffline(bundle).verdict().verified(),
                "the logged policy accepts what it was observed from");
    }

    @Test
    void withoutObserveModeNothingIsLogged() {
        RealCaptureVerdictsTest.verifier(PolicyLoader.defaultPolicy(), false)
                .verifyOffline(CaptureEvidence.bundle(RealComponents.DIRECT_0629));
        assertEquals(List.of(), observeLines());
    }
}
