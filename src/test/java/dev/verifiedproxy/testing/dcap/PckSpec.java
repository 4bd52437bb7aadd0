package dev.verifiedproxy.testing.dcap;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;

/**
 * What goes into a test PCK leaf certificate: its SGX extension (OID 1.2.840.113741.1.13.1), issuer
 * and validity. Defaults follow dcap-qvl's generated corpus (FMSPC 00906EA10000, CPUSVN 0B0B0202FF01..,
 * PCESVN 13, PCE-ID 0000). Fluent copies: {@code PckSpec.defaults().fmspc("B0C06F000000")}.
 *
 * @param fmspc          6 bytes
 * @param cpuSvn         16 bytes, the .2.18 OCTET STRING
 * @param componentSvns  the 16 INTEGERs .2.1-.2.16; normally equal to {@code cpuSvn}
 * @param pceSvn         .2.17
 * @param pceId          2 bytes
 * @param ppid           16 bytes
 * @param sgxType        .5 ENUMERATED (0 standard, 1 scalable)
 * @param caType         which PCK CA issues it
 * @param notBefore      validity start
 * @param notAfter       validity end
 * @param omit           names of SGX extension entries to leave out: ppid, tcb, pceid, fmspc, sgxtype
 * @param criticalSgxExtension mark the SGX extension critical (webpki rejects unknown critical extensions)
 */
public record PckSpec(byte[] fmspc, byte[] cpuSvn, int[] componentSvns, int pceSvn, byte[] pceId, byte[] ppid,
                      int sgxType, CaType caType, Instant notBefore, Instant notAfter, Set<String> omit,
                      boolean criticalSgxExtension) {

    /** The two Intel PCK CAs. */
    public enum CaType { PLATFORM, PROCESSOR }

    private static final HexFormat HEX = HexFormat.of();

    public static PckSpec defaults() {
        byte[] cpuSvn = HEX.parseHex("0b0b0202ff0100000000000000000000");
        return new PckSpec(HEX.parseHex("00906ea10000"), cpuSvn, components(cpuSvn), 13, new byte[2],
                HEX.parseHex("d04ec06d4e6d92dc90d0ad3cf5ee2ddf"), 0, CaType.PLATFORM, TestPki.DEFAULT_NOT_BEFORE,
                TestPki.DEFAULT_NOT_AFTER, Set.of(), false);
    }

    private static int[] components(byte[] cpuSvn) {
        int[] out = new int[16];
        for (int i = 0; i < 16; i++) {
            out[i] = cpuSvn[i] & 0xFF;
        }
        return out;
    }

    public PckSpec fmspc(String hex) {
        return new PckSpec(HEX.parseHex(hex), cpuSvn, componentSvns, pceSvn, pceId, ppid, sgxType, caType, notBefore,
                notAfter, omit, criticalSgxExtension);
    }

    /** Sets both the CPUSVN octet string and the 16 component INTEGERs. */
    public PckSpec cpuSvn(byte[] svn) {
        return new PckSpec(fmspc, svn.clone(), components(svn), pceSvn, pceId, ppid, sgxType, caType, notBefore,
                notAfter, omit, criticalSgxExtension);
    }

    /** Only the 16 component INTEGERs (to make them disagree with CPUSVN). */
    public PckSpec componentSvns(int[] svns) {
        return new PckSpec(fmspc, cpuSvn, svns.clone(), pceSvn, pceId, ppid, sgxType, caType, notBefore, notAfter,
                omit, criticalSgxExtension);
    }

    public PckSpec pceSvn(int svn) {
        return new PckSpec(fmspc, cpuSvn, componentSvns, svn, pceId, ppid, sgxType, caType, notBefore, notAfter,
                omit, criticalSgxExtension);
    }

    public PckSpec pceId(String hex) {
        return new PckSpec(fmspc, cpuSvn, componentSvns, pceSvn, HEX.parseHex(hex), ppid, sgxType, caType, notBefore,
                notAfter, omit, criticalSgxExtension);
    }

    public PckSpec ppid(byte[] value) {
        return new PckSpec(fmspc, cpuSvn, componentSvns, pceSvn, pceId, value.clone(), sgxType, caType, notBefore,
                notAfter, omit, criticalSgxExtension);
    }

    public PckSpec caType(CaType type) {
        return new PckSpec(fmspc, cpuSvn, componentSvns, pceSvn, pceId, ppid, sgxType, type, notBefore, notAfter,
                omit, criticalSgxExtension);
    }

    public PckSpec validity(Instant from, Instant until) {
        return new PckSpec(fmspc, cpuSvn, componentSvns, pceSvn, pceId, ppid, sgxType, caType, from, until, omit,
                criticalSgxExtension);
    }

    public PckSpec omit(String... entries) {
        return new PckSpec(fmspc, cpuSvn, componentSvns, pceSvn, pceId, ppid, sgxType, caType, notBefore, notAfter,
                Set.of(entries), criticalSgxExtension);
    }

    public PckSpec criticalSgxExtension(boolean critical) {
        return new PckSpec(fmspc, cpuSvn, componentSvns, pceSvn, pceId, ppid, sgxType, caType, notBefore, notAfter,
                omit, critical);
    }

    public String fmspcHex() {
        return HEX.formatHex(fmspc).toUpperCase(java.util.Locale.ROOT);
    }
}
