package dev.verifiedproxy.collateral;

import dev.verifiedproxy.quote.Bytes;

import java.util.List;

/**
 * The TDX module expectations of a TDX TCB info: the {@code tdxModule} object (then {@code id} is empty and
 * {@code tcbLevels} empty) or one entry of {@code tdxModuleIdentities}.
 *
 * @param id             e.g. "TDX_01"; empty for {@code tdxModule}
 * @param mrSigner       48 bytes
 * @param attributes     8 bytes
 * @param attributesMask 8 bytes
 * @param tcbLevels      module TCB levels in JSON order
 */
public record TdxModule(String id, Bytes mrSigner, Bytes attributes, Bytes attributesMask, List<IsvTcbLevel> tcbLevels) {

    public TdxModule {
        tcbLevels = List.copyOf(tcbLevels);
    }
}
