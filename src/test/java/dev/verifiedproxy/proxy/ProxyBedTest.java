package dev.verifiedproxy.proxy;

import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import dev.verifiedproxy.testing.dcap.TestPki;
import dev.verifiedproxy.transport.BackendAttestor;
import org.junit.jupiter.api.AfterEach;

import java.util.HashMap;
import java.util.Map;

/** Tests of {@link ProxyService} on a {@link ProxyTestBed}: one test PKI for all, a fresh bed per test. */
abstract class ProxyBedTest {

    private static TestPki pki;

    protected ProxyTestBed bed;

    static synchronized TestPki pki() {
        if (pki == null) {
            pki = TestPki.generate();
        }
        return pki;
    }

    /** Environment-style settings from name, value pairs. */
    static Map<String, String> settings(String... pairs) {
        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            settings.put(pairs[i], pairs[i + 1]);
        }
        return settings;
    }

    /** A direct-mode bed with one CVM; a bed started earlier in the test is closed first. */
    ProxyTestBed start(Map<String, String> settings) {
        closeBed();
        bed = ProxyTestBed.start(pki(), settings);
        return bed;
    }

    ProxyTestBed start(SimulatedTeeBackend.Shape shape, int cvms, Map<String, String> settings, BackendAttestor attestor) {
        closeBed();
        bed = ProxyTestBed.start(pki(), shape, cvms, settings, attestor);
        return bed;
    }

    @AfterEach
    void closeBed() {
        if (bed != null) {
            bed.close();
            bed = null;
        }
    }
}
