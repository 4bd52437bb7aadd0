package dev.verifiedproxy.gpu;

import javax.security.auth.x500.X500Principal;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The local checks of a parsed {@code nvidia_payload}, run before any network call (gpu.md §2.6
 * items 1-2 and §3.2-3.4): nonces, the GPU count against the VM's stated count, one consistent
 * architecture, and for every GPU the nonce inside its signed SPDM request, its certificate chain to the pinned NVIDIA
 * Device Identity CA, the ECDSA P-384 evidence signature, the FWID binding and the firmware versions.
 * Every check runs, so the result lists every problem found.
 */
public final class EvidenceVerifier {

    private final DeviceCertificates certificates;

    /** @param deviceRoot the trusted NVIDIA Device Identity CA */
    public EvidenceVerifier(X509Certificate deviceRoot) {
        this.certificates = new DeviceCertificates(Objects.requireNonNull(deviceRoot, "deviceRoot"));
    }

    /**
     * The local facts of a payload.
     *
     * @param checks       the checks, in {@link GpuCheckName} order
     * @param devices      one entry per evidence item
     * @param architecture the architecture payload, items and leaf certificates agree on; empty if they do not
     */
    public record Outcome(List<GpuCheck> checks, List<GpuDevice> devices, Optional<GpuArchitecture> architecture) {
        public Outcome {
            checks = List.copyOf(checks);
            devices = List.copyOf(devices);
            Objects.requireNonNull(architecture, "architecture");
        }

        public boolean ok() {
            return checks.stream().allMatch(GpuCheck::ok);
        }
    }

    public Outcome verify(NvidiaPayload payload, GpuNonce nonce, GpuExpectations expectations, Instant at) {
        List<EvidenceItem> items = payload.evidenceList();
        List<GpuCheck> checks = new ArrayList<>();
        checks.add(payloadNonce(payload, nonce));
        checks.add(gpuCount(items.size(), expectations));
        GpuCheck architecture = architecture(payload);
        checks.add(architecture);

        CheckTally evidenceNonce = new CheckTally(GpuCheckName.EVIDENCE_NONCE);
        CheckTally chain = new CheckTally(GpuCheckName.DEVICE_CERT_CHAIN);
        CheckTally signature = new CheckTally(GpuCheckName.EVIDENCE_SIGNATURE);
        CheckTally fwid = new CheckTally(GpuCheckName.FWID);
        CheckTally versions = new CheckTally(GpuCheckName.FIRMWARE_VERSIONS);
        List<GpuDevice> devices = new ArrayList<>();
        for (EvidenceItem item : items) {
            String gpu = "GPU-" + item.index();
            SpdmMeasurements spdm = item.measurements();
            if (!nonce.matches(spdm.requesterNonce())) {
                evidenceNonce.fail(GpuFailure.EVIDENCE_NONCE_MISMATCH, gpu + " signed nonce "
                        + HexFormat.of().formatHex(spdm.requesterNonce()));
            }
            certificates.validate(item.certificates(), at).ifPresent(c -> chain.fail(c.failure(), gpu + ": " + c.detail()));
            verifySignature(item).ifPresent(problem -> signature.fail(GpuFailure.EVIDENCE_SIGNATURE_INVALID, gpu + ": " + problem));
            checkFwid(item, gpu, fwid);
            GpuDevice device = device(item);
            checkVersions(device, gpu, expectations, versions);
            devices.add(device);
        }
        int n = items.size();
        checks.add(evidenceNonce.result("all " + n + " GPUs signed the nonce"));
        checks.add(chain.result("all " + n + " chains validate to " + certificates.rootName() + " at " + at));
        checks.add(signature.result("all " + n + " SPDM measurement responses verify (ECDSA P-384, SHA-384)"));
        checks.add(fwid.result("all " + n + " leaf certificates carry the evidence's FWID"));
        checks.add(versions.result("driver " + distinct(devices, GpuDevice::driverVersion) + ", VBIOS "
                + distinct(devices, GpuDevice::vbiosVersion)));
        return new Outcome(checks, devices, architecture.ok() ? GpuArchitecture.ofPayloadName(payload.arch()) : Optional.empty());
    }

    private static GpuCheck payloadNonce(NvidiaPayload payload, GpuNonce nonce) {
        CheckTally tally = new CheckTally(GpuCheckName.PAYLOAD_NONCE);
        if (!nonce.matchesHex(payload.nonce())) {
            tally.fail(GpuFailure.PAYLOAD_NONCE_MISMATCH, "payload nonce " + payload.nonce() + ", expected " + nonce.hex());
        }
        int itemNonces = 0;
        for (EvidenceItem item : payload.evidenceList()) {
            if (item.nonce() != null) {
                itemNonces++;
                if (!nonce.matchesHex(item.nonce())) {
                    tally.fail(GpuFailure.ITEM_NONCE_MISMATCH, "evidence_list[" + item.index() + "].nonce " + item.nonce());
                }
            }
        }
        return tally.result("payload nonce and " + itemNonces + " item nonces equal " + nonce.hex());
    }

    /** The host states num_gpus; it is not trusted, but a VM with more GPUs than evidence hides one from us. */
    private static GpuCheck gpuCount(int count, GpuExpectations expectations) {
        if (expectations.vmGpuCount().isEmpty()) {
            return GpuCheck.pass(GpuCheckName.GPU_COUNT, count + " GPUs; vm_config states no num_gpus");
        }
        int vm = expectations.vmGpuCount().get();
        return count == vm
                ? GpuCheck.pass(GpuCheckName.GPU_COUNT, count + " GPUs, as vm_config num_gpus states")
                : GpuCheck.fail(GpuFailure.GPU_COUNT_VM_MISMATCH, count + " GPUs, vm_config num_gpus " + vm);
    }

    /** The payload's claim, held to the items and to the chip names NVIDIA certified. */
    private static GpuCheck architecture(NvidiaPayload payload) {
        CheckTally tally = new CheckTally(GpuCheckName.ARCHITECTURE);
        Optional<GpuArchitecture> claimed = GpuArchitecture.ofPayloadName(payload.arch());
        if (claimed.isEmpty()) {
            tally.fail(GpuFailure.ARCHITECTURE_UNKNOWN, "payload arch " + payload.arch());
            return tally.result("");
        }
        GpuArchitecture arch = claimed.get();
        for (EvidenceItem item : payload.evidenceList()) {
            if (item.arch() != null && !arch.name().equals(item.arch())) {
                tally.fail(GpuFailure.ARCHITECTURE_INCONSISTENT, "evidence_list[" + item.index() + "].arch " + item.arch()
                        + ", payload arch " + arch);
            }
            String model = commonName(item.leaf());
            if (!model.startsWith(arch.chipPrefix())) {
                tally.fail(GpuFailure.ARCHITECTURE_INCONSISTENT, "GPU-" + item.index() + " leaf certificate is for '"
                        + model + "', not a " + arch.chipPrefix() + "* chip");
            }
        }
        return tally.result(arch + " (" + arch.chipPrefix() + "*) in payload and leaf certificates");
    }

    private static Optional<String> verifySignature(EvidenceItem item) {
        if (!(item.leaf().getPublicKey() instanceof ECPublicKey key) || key.getParams().getCurve().getField().getFieldSize() != 384) {
            return Optional.of("the leaf certificate's key is not an EC P-384 key");
        }
        try {
            Signature verifier = Signature.getInstance("SHA384withECDSAinP1363Format");
            verifier.initVerify(key);
            verifier.update(item.measurements().signedData());
            return verifier.verify(item.measurements().signature()) ? Optional.empty()
                    : Optional.of("signature does not verify with the leaf certificate");
        } catch (GeneralSecurityException e) {
            return Optional.of("signature cannot be checked: " + e.getMessage());
        }
    }

    private static void checkFwid(EvidenceItem item, String gpu, CheckTally tally) {
        Optional<byte[]> certified = DeviceCertificates.fwid(item.leaf());
        Optional<byte[]> reported = item.measurements().opaque().fwid();
        if (certified.isEmpty() || reported.isEmpty()) {
            tally.fail(GpuFailure.FWID_MISSING, gpu + ": FWID absent from the "
                    + (certified.isEmpty() ? "leaf certificate" : "evidence"));
        } else if (!MessageDigest.isEqual(certified.get(), reported.get())) {
            tally.fail(GpuFailure.FWID_MISMATCH, gpu + ": certificate FWID " + HexFormat.of().formatHex(certified.get())
                    + ", evidence FWID " + HexFormat.of().formatHex(reported.get()));
        }
    }

    private static void checkVersions(GpuDevice device, String gpu, GpuExpectations expectations, CheckTally tally) {
        if (device.driverVersion() == null || device.vbiosVersion() == null) {
            tally.fail(GpuFailure.FIRMWARE_VERSION_MISSING, gpu + ": the evidence states no "
                    + (device.driverVersion() == null ? "driver" : "VBIOS") + " version");
            return;
        }
        if (!expectations.allowsDriver(device.driverVersion())) {
            tally.fail(GpuFailure.DRIVER_VERSION_NOT_ALLOWED, gpu + ": driver " + device.driverVersion() + " not in "
                    + expectations.driverVersions());
        }
        if (!expectations.allowsVbios(device.vbiosVersion())) {
            tally.fail(GpuFailure.VBIOS_VERSION_NOT_ALLOWED, gpu + ": VBIOS " + device.vbiosVersion() + " not in "
                    + expectations.vbiosVersions());
        }
    }

    private static GpuDevice device(EvidenceItem item) {
        OpaqueData opaque = item.measurements().opaque();
        return new GpuDevice(item.index(), item.leaf().getSerialNumber().toString(), commonName(item.leaf()),
                opaque.driverVersion().orElse(null), opaque.vbiosVersion().orElse(null));
    }

    private static String distinct(List<GpuDevice> devices, java.util.function.Function<GpuDevice, String> field) {
        return devices.stream().map(field).map(String::valueOf).distinct().toList().toString();
    }

    /** The CN of a certificate's subject, or its whole subject name if it has none. */
    static String commonName(X509Certificate certificate) {
        String name = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        try {
            for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(name).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            return name;
        }
        return name;
    }
}
