package dev.verifiedproxy.testing.backend;

import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.quote.TeeType;
import dev.verifiedproxy.testing.dcap.CollateralSpec;
import dev.verifiedproxy.testing.dcap.FakePcs;
import dev.verifiedproxy.testing.dcap.TcbLevelSpec;
import dev.verifiedproxy.testing.dcap.TestPki;
import dev.verifiedproxy.testing.nras.FakeGpuEvidence;
import dev.verifiedproxy.testing.nras.FakeNras;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A NEAR AI Cloud in miniature on 127.0.0.1, for integration tests, the demo and benchmarks:
 * model CVMs (simulated TEE backends) whose quotes a fresh test PKI signs and whose GPU evidence
 * forged GPUs under a test device root sign, a fake Intel PCS serving that PKI's collateral, a
 * fake NVIDIA NRAS appraising the GPU evidence, and a fake endpoint registry. {@link #proxySettings()} is the proxy
 * configuration that points at all of it and trusts the test root. A simulated gateway gets its TLS certificate from
 * {@link #gatewayCa()}, which the settings trust as the test gateway CA, so that the API key may go with its report
 * request as it goes to NEAR's Let's Encrypt-certified gateway.
 */
public final class SimulatedNearCloud implements AutoCloseable {

    /**
     * One model CVM group.
     *
     * @param name   model id
     * @param domain backend domain the registry lists for it
     * @param cvms   TLS keys behind its port
     * @param port   its port, 0 for any free one
     */
    public record Model(String name, String domain, int cvms, int port) {
    }

    private final TestPki pki;
    private final Map<String, SimulatedTeeBackend> backends = new LinkedHashMap<>();
    private final Map<String, Model> models = new LinkedHashMap<>();
    private final FakePcs pcs;
    private final FakeEndpointRegistry registry;
    private final FakeNras nras;
    private final FakeGpuEvidence gpus;
    private final Path rootFile;
    private final Path deviceRootFile;
    private final Path nrasIntermediateFile;
    private final TlsTestCa gatewayCa = TlsTestCa.generate("verified-proxy test gateway CA");
    private final Path gatewayCaFile;

    private SimulatedNearCloud(Path workDir, int pcsPort, int registryPort, int nrasPort, List<Model> modelList)
            throws IOException {
        pki = TestPki.generate();
        gpus = FakeGpuEvidence.hopper(2);
        Map<String, String> domainByModel = new LinkedHashMap<>();
        for (Model model : modelList) {
            models.put(model.name(), model);
            backends.put(model.name(), SimulatedTeeBackend.start(pki.forge(), model.name(),
                    SimulatedTeeBackend.Shape.DIRECT, model.cvms(), model.port()).gpuEvidence(gpus));
            domainByModel.put(model.name(), model.domain());
        }
        pcs = FakePcs.start(pcsPort);
        pcs.serve(TeeType.TDX, HexFormat.of().formatHex(pki.pck().spec().fmspc()),
                pki.pck().spec().caType().name().toLowerCase(Locale.ROOT), pki.collateral(collateral()));
        registry = FakeEndpointRegistry.start(registryPort, domainByModel);
        nras = FakeNras.start(nrasPort);
        rootFile = Files.createDirectories(workDir).resolve("test-intel-root.pem");
        Files.writeString(rootFile, pki.rootCertificatePem());
        deviceRootFile = workDir.resolve("test-nvidia-device-root.pem");
        Files.writeString(deviceRootFile, gpus.deviceRootPem());
        nrasIntermediateFile = workDir.resolve("test-nras-intermediate.pem");
        Files.writeString(nrasIntermediateFile, nras.intermediatePem());
        gatewayCaFile = gatewayCa.writePem(workDir.resolve("test-gateway-ca.pem"));
    }

    /**
     * TDX collateral with two platform levels, as Intel's have: UpToDate from the TEE TCB SVN the
     * backends' quotes carry, OutOfDate below it ({@link SimulatedTeeBackend.Misbehaviour#OUT_OF_DATE_TCB}).
     */
    private static CollateralSpec collateral() {
        int[] upToDate = new int[16];
        for (int i = 0; i < upToDate.length; i++) {
            upToDate[i] = SimulatedTeeBackend.UP_TO_DATE_TEE_TCB_SVN[i] & 0xFF;
        }
        return CollateralSpec.tdx().tcbLevels(TcbLevelSpec.of(new int[16], 0, upToDate, TcbStatus.UP_TO_DATE),
                TcbLevelSpec.lowest(TcbStatus.OUT_OF_DATE));
    }

    public static SimulatedNearCloud start(Path workDir, int pcsPort, int registryPort, List<Model> models) {
        return start(workDir, pcsPort, registryPort, 0, models);
    }

    /** @param nrasPort the fake NRAS's port, 0 for any free one */
    public static SimulatedNearCloud start(Path workDir, int pcsPort, int registryPort, int nrasPort, List<Model> models) {
        try {
            return new SimulatedNearCloud(workDir, pcsPort, registryPort, nrasPort, models);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestPki pki() {
        return pki;
    }

    public SimulatedTeeBackend backend(String model) {
        return backends.get(model);
    }

    public FakePcs pcs() {
        return pcs;
    }

    public FakeNras nras() {
        return nras;
    }

    /**
     * The CA the proxy settings trust for the gateway's certificate: a simulated gateway serves
     * {@code backend.tlsCertificates(cloud.gatewayCa(), gatewayDomain)}.
     */
    public TlsTestCa gatewayCa() {
        return gatewayCa;
    }

    /** Proxy settings (system-property names) trusting the test root and reaching every simulated service. */
    public Map<String, String> proxySettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("verifiedproxy.trust.allow-test-roots", "true");
        settings.put("verifiedproxy.trust.test-intel-root", rootFile.toAbsolutePath().toString());
        settings.put("verifiedproxy.collateral.pcs-url", pcs.baseUrl().toString());
        settings.put("verifiedproxy.gpu.test-nras-url", nras.baseUrl().toString());
        settings.put("verifiedproxy.gpu.test-device-root", deviceRootFile.toAbsolutePath().toString());
        settings.put("verifiedproxy.gpu.test-nras-intermediate", nrasIntermediateFile.toAbsolutePath().toString());
        settings.put("verifiedproxy.trust.test-gateway-ca", gatewayCaFile.toAbsolutePath().toString());
        settings.put("verifiedproxy.upstream.discovery-url", registry.url().toString());
        StringBuilder resolve = new StringBuilder();
        models.values().forEach(model -> resolve.append(resolve.isEmpty() ? "" : ",").append(model.domain())
                .append("=127.0.0.1:").append(backends.get(model.name()).port()));
        settings.put("verifiedproxy.upstream.resolve", resolve.toString());
        return settings;
    }

    /** The same settings as environment variables ({@code VERIFIEDPROXY_...}). */
    public Map<String, String> proxyEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        proxySettings().forEach((key, value) ->
                environment.put(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), value));
        return environment;
    }

    @Override
    public void close() {
        backends.values().forEach(SimulatedTeeBackend::close);
        pcs.close();
        nras.close();
        registry.close();
    }
}
