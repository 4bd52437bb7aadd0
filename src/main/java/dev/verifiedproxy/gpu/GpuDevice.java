package dev.verifiedproxy.gpu;

/**
 * Facts about one GPU, read from its locally verified evidence.
 *
 * @param index         position in {@code evidence_list}; NRAS names its token {@code GPU-<index>}
 * @param serialNumber  serial number of the leaf ("GSP FMC LF") certificate, in decimal: NRAS's {@code ueid}
 * @param model         the leaf certificate's common name, e.g. {@code GH100 A01 GSP FMC LF}
 * @param driverVersion driver version from the signed opaque data, e.g. {@code 570.172.08}; null if absent
 * @param vbiosVersion  VBIOS version from the signed opaque data, e.g. {@code 96.00.CF.00.02}; null if absent
 */
public record GpuDevice(int index, String serialNumber, String model, String driverVersion, String vbiosVersion) {

    /** NRAS's name for this GPU's token. */
    public String tokenName() {
        return "GPU-" + index;
    }
}
