package dev.verifiedproxy.gpu;

import dev.verifiedproxy.testing.Samples;
import jakarta.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/** Paths and small helpers for the NVIDIA samples in ../shared/samples/nvidia (see its README.txt). */
final class GpuSamples {

    static final String JUNE = "nvidia/near-cloud-2026-06-29/";
    static final String APRIL = "nvidia/near-cloud-2026-04-24/";
    static final String PML = "nvidia/private-ml-sdk/";
    static final String NVAT = "nvidia/attestation-sdk/";
    static final String LEGACY_NONCE = "89d36f654c47ef2bb6ed989c9655ea19548a9057a97ef4e0b7ad54dfcf5e6b00";

    private GpuSamples() {
    }

    static String payload(String dir) {
        return Samples.text(dir + "nvidia_payload.json");
    }

    static String nonce(String dir) {
        return Samples.text(dir + "nonce.txt").strip();
    }

    static NvidiaPayload parsed(String dir) {
        try {
            return NvidiaPayload.parse(payload(dir));
        } catch (GpuFormatException e) {
            throw new AssertionError(e);
        }
    }

    static String legacyPayload() {
        return Samples.text(PML + "legacy_nvidia_payload_2025-01.json");
    }

    /** Raw SPDM bytes of nvat's hex report ({@code hopper} or {@code blackwell}). */
    static byte[] nvatReport(String name) {
        return HexFormat.of().parseHex(Samples.text(NVAT + name + "AttestationReport.txt").strip());
    }

    static String nvatChainPem(String name) {
        return Samples.text(NVAT + name + "CertChain.txt");
    }

    /** A one-GPU nvidia_payload around one of nvat's reports, with the nonce the report signed. */
    static String nvatPayload(String name, String arch) {
        byte[] report = nvatReport(name);
        String nonce = HexFormat.of().formatHex(report, 4, 36);
        return Json.createObjectBuilder().add("nonce", nonce).add("arch", arch)
                .add("evidence_list", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("evidence", Base64.getEncoder().encodeToString(report))
                        .add("certificate", Base64.getEncoder().encodeToString(
                                nvatChainPem(name).getBytes(StandardCharsets.US_ASCII)))))
                .build().toString();
    }

    static String nvatNonce(String name) {
        return HexFormat.of().formatHex(nvatReport(name), 4, 36);
    }
}
