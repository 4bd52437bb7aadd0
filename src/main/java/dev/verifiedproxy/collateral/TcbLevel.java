package dev.verifiedproxy.collateral;

import dev.verifiedproxy.quote.Bytes;

import java.util.List;

/**
 * One platform TCB level of a TCB info (dcap.md §2.1). SVN vectors are kept with the length Intel
 * wrote (normally 16); the matcher, not the parser, rejects other lengths, as dcap-qvl does.
 *
 * @param sgxComponents SGX TCB component SVNs (u8 each)
 * @param pceSvn        PCESVN
 * @param tdxComponents TDX TCB component SVNs; empty when the level has none
 * @param tcbDate       Intel's tcbDate, as written
 * @param status        the level's status
 * @param advisoryIds   Intel security advisories, in Intel's order
 */
public record TcbLevel(Bytes sgxComponents, int pceSvn, Bytes tdxComponents, String tcbDate, TcbStatus status,
                       List<String> advisoryIds) {

    public TcbLevel {
        advisoryIds = List.copyOf(advisoryIds);
    }
}
