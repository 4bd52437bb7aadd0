package dev.verifiedproxy.collateral;

import dev.verifiedproxy.quote.Bytes;

import java.time.Instant;
import java.util.List;

/**
 * The content of Intel's signed {@code tcbInfo} (version 3; dcap.md §2.1), as parsed by
 * {@link CollateralJson#tcbInfo(String)}. Levels are in JSON order.
 *
 * @param id                      "SGX" or "TDX"
 * @param version                 3 for PCS v4
 * @param issueDate               issueDate
 * @param nextUpdate              nextUpdate
 * @param fmspc                   6 bytes
 * @param pceId                   2 bytes
 * @param tcbType                 tcbType
 * @param tcbEvaluationDataNumber tcbEvaluationDataNumber
 * @param tdxModule               {@code tdxModule}, or null
 * @param tdxModuleIdentities     {@code tdxModuleIdentities}; empty when absent
 * @param tcbLevels               platform levels in JSON order
 */
public record TcbInfo(String id, int version, Instant issueDate, Instant nextUpdate, Bytes fmspc, Bytes pceId,
                      long tcbType, long tcbEvaluationDataNumber, TdxModule tdxModule,
                      List<TdxModule> tdxModuleIdentities, List<TcbLevel> tcbLevels) {

    public TcbInfo {
        tdxModuleIdentities = List.copyOf(tdxModuleIdentities);
        tcbLevels = List.copyOf(tcbLevels);
    }
}
