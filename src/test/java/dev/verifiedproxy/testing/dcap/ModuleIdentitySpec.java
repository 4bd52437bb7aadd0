package dev.verifiedproxy.testing.dcap;

import java.util.List;

/**
 * One entry of {@code tdxModuleIdentities} in a test TDX TCB info.
 *
 * @param id             e.g. "TDX_01"
 * @param mrSigner       48 bytes
 * @param attributes     8 bytes
 * @param attributesMask 8 bytes
 * @param levels         module TCB levels in JSON order
 */
public record ModuleIdentitySpec(String id, byte[] mrSigner, byte[] attributes, byte[] attributesMask,
                                 List<IsvLevelSpec> levels) {
}
