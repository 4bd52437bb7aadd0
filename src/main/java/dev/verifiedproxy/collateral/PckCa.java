package dev.verifiedproxy.collateral;

import java.util.Locale;

/** The Intel PCK CA that issued a PCK certificate; selects the PCK CRL ({@code ?ca=platform|processor}). */
public enum PckCa {
    PLATFORM,
    PROCESSOR;

    /** The PCS query value: {@code platform} or {@code processor}. */
    public String pcsName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * dcap-qvl's classification by issuer name: "Processor" → processor, "Platform" → platform, else
     * processor (the legacy default).
     */
    public static PckCa ofIssuerName(String issuerDn) {
        if (issuerDn.contains("Processor")) {
            return PROCESSOR;
        }
        return issuerDn.contains("Platform") ? PLATFORM : PROCESSOR;
    }
}
