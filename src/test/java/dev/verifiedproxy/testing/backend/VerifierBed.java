package dev.verifiedproxy.testing.backend;

import dev.verifiedproxy.attestation.verifier.AttestationVerifier;
import dev.verifiedproxy.collateral.CachingCollateralSource;
import dev.verifiedproxy.collateral.CollateralSource;
import dev.verifiedproxy.collateral.IntelPcsClient;
import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.dcap.DcapVerifier;
import dev.verifiedproxy.gpu.GpuTrust;
import dev.verifiedproxy.gpu.GpuVerifier;
import dev.verifiedproxy.gpu.NrasClient;
import dev.verifiedproxy.gpu.NrasJwksCache;
import dev.verifiedproxy.net.JdkHttpFetcher;
import dev.verifiedproxy.policy.AttestationPolicy;
import dev.verifiedproxy.quote.TeeType;
import dev.verifiedproxy.testing.dcap.CollateralSpec;
import dev.verifiedproxy.testing.dcap.FakePcs;
import dev.verifiedproxy.testing.dcap.TestPki;
import dev.verifiedproxy.testing.nras.FakeGpuEvidence;
import dev.verifiedproxy.testing.nras.FakeNras;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What the full verifier needs to verify a {@link SimulatedTeeBackend} for real, on 127.0.0.1: a fake Intel
 * PCS serving the test PKI's collateral, a fake NRAS, the forged GPUs whose evidence the backends carry, and
 * the verifier trusting exactly those test roots. Close it after use.
 */
public final class VerifierBed implements AutoCloseable {

    private final TestPki pki;
    private final FakePcs pcs;
    private final FakeNras nras;
    private final FakeGpuEvidence gpus;
    private final JdkHttpFetcher fetcher;
    private final CollateralSource collateral;

    /** Collateral whose TDX TCB levels give {@code status}. */
    public VerifierBed(TestPki pki, TcbStatus status) {
        this.pki = pki;
        pcs = FakePcs.start();
        pcs.serve(TeeType.TDX, HexFormat.of().formatHex(pki.pck().spec().fmspc()),
                pki.pck().spec().caType().name().toLowerCase(Locale.ROOT),
                pki.collateral(CollateralSpec.tdx().tcbStatus(status)));
        try {
            nras = FakeNras.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        gpus = FakeGpuEvidence.hopper(2);
        fetcher = new JdkHttpFetcher(Duration.ofSeconds(5));
        collateral = new CachingCollateralSource(new IntelPcsClient(fetcher, pcs.baseUrl(), Duration.ofSeconds(5), 4L << 20),
                Clock.systemUTC(), Duration.ofHours(1), 16);
    }

    /** A simulated CVM (one TLS key, on a free port) carrying this bed's GPUs. */
    public SimulatedTeeBackend backend(String model, SimulatedTeeBackend.Shape shape) {
        return SimulatedTeeBackend.start(pki.forge(), model, shape, 1, 0).gpuEvidence(gpus);
    }

    public FakePcs pcs() {
        return pcs;
    }

    public FakeNras nras() {
        return nras;
    }

    public FakeGpuEvidence gpus() {
        return gpus;
    }

    /** The fake PCS behind a cache, as the application has it. */
    public CollateralSource collateral() {
        return collateral;
    }

    /** GPU verification trusting the forged GPUs' root and the fake NRAS, reaching it over the loopback. */
    public GpuVerifier gpu() {
        Duration timeout = Duration.ofSeconds(5);
        return new GpuVerifier(GpuTrust.production().withDeviceRoot(gpus.deviceRoot()).withNrasIssuer(nras.issuer())
                        .withNrasIntermediates(java.util.List.of(nras.intermediate())),
                new NrasClient(fetcher, new NrasClient.Settings(nras.endpoints().attestUrl(), timeout, 1 << 20, 1,
                        Duration.ofMillis(10))),
                new NrasJwksCache(fetcher, new NrasJwksCache.Settings(nras.endpoints().jwksUrl(), timeout, 1 << 20,
                        Duration.ofHours(1), Duration.ofSeconds(30)), Clock.systemUTC()));
    }

    /** The full verifier trusting this bed's roots, judging by {@code policy}. */
    public AttestationVerifier verifier(AttestationPolicy policy) {
        return new AttestationVerifier(new DcapVerifier(pki.rootCertificate()), gpu(), policy, false);
    }

    @Override
    public void close() {
        pcs.close();
        nras.close();
        fetcher.close();
    }
}
