package dev.verifiedproxy.collateral;

import dev.verifiedproxy.quote.Bytes;

import java.time.Instant;
import java.util.List;

/**
 * The content of Intel's signed {@code enclaveIdentity} for the Quoting Enclave (dcap.md §2.2).
 *
 * @param id                      "QE" (SGX) or "TD_QE" (TDX)
 * @param version                 2 (or 3 for TD_QE)
 * @param issueDate               issueDate
 * @param nextUpdate              nextUpdate
 * @param tcbEvaluationDataNumber tcbEvaluationDataNumber
 * @param miscSelect              4 bytes
 * @param miscSelectMask          4 bytes
 * @param attributes              16 bytes
 * @param attributesMask          16 bytes
 * @param mrSigner                32 bytes
 * @param isvProdId               u16
 * @param tcbLevels               levels in JSON order
 */
public record QeIdentity(String id, int version, Instant issueDate, Instant nextUpdate, long tcbEvaluationDataNumber,
                         Bytes miscSelect, Bytes miscSelectMask, Bytes attributes, Bytes attributesMask, Bytes mrSigner,
                         int isvProdId, List<IsvTcbLevel> tcbLevels) {

    public QeIdentity {
        tcbLevels = List.copyOf(tcbLevels);
    }
}
