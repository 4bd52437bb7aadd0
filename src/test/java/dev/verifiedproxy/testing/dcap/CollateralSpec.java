package dev.verifiedproxy.testing.dcap;

import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.quote.TeeType;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link TestPki#collateral(CollateralSpec)} signs: TCB info, QE identity, CRLs and chains,
 * valid over a chosen window with chosen statuses. Defaults match {@link QuoteForge}'s defaults, so
 * {@code pki.collateral(CollateralSpec.tdx())} verifies a default forged TDX quote with UpToDate.
 * Every setter returns this; fields are public-read through {@link TestPki}.
 */
public final class CollateralSpec {

    /** Default validity of test collateral: everything between these instants verifies. */
    public static final Instant DEFAULT_FROM = Instant.parse("2024-01-01T00:00:00Z");
    public static final Instant DEFAULT_UNTIL = Instant.parse("2049-01-01T00:00:00Z");

    final TeeType tee;
    String fmspc;
    String pceId = "0000";
    String tcbInfoId;
    int tcbInfoVersion = 3;
    Instant tcbIssueDate = DEFAULT_FROM;
    Instant tcbNextUpdate = DEFAULT_UNTIL;
    Instant qeIssueDate = DEFAULT_FROM;
    Instant qeNextUpdate = DEFAULT_UNTIL;
    Instant crlThisUpdate = DEFAULT_FROM;
    Instant pckCrlNextUpdate = DEFAULT_UNTIL.plusSeconds(1);
    Instant rootCrlNextUpdate = DEFAULT_UNTIL.plusSeconds(1);
    TcbStatus tcbStatus = TcbStatus.UP_TO_DATE;
    List<String> advisoryIds = List.of();
    List<TcbLevelSpec> tcbLevels;
    boolean tdxModule = true;
    byte[] moduleMrSigner = new byte[48];
    byte[] moduleAttributes = new byte[8];
    byte[] moduleAttributesMask = filled(8, 0xFF);
    List<ModuleIdentitySpec> moduleIdentities;
    TcbStatus moduleStatus = TcbStatus.UP_TO_DATE;
    String qeId;
    int qeVersion = 2;
    byte[] qeMrSigner = QuoteSpec.DEFAULT_QE_MR_SIGNER.clone();
    Integer qeIsvProdId;
    String qeMiscSelect = "00000000";
    String qeMiscSelectMask = "FFFFFFFF";
    String qeAttributes = "11000000000000000000000000000000";
    String qeAttributesMask = "FBFFFFFFFFFFFFFF0000000000000000";
    List<IsvLevelSpec> qeLevels;
    TcbStatus qeStatus = TcbStatus.UP_TO_DATE;
    List<String> qeAdvisoryIds = List.of();
    String tcbInfoJson;
    String qeIdentityJson;
    final List<BigInteger> revokedInPckCrl = new ArrayList<>();
    final List<BigInteger> revokedInRootCrl = new ArrayList<>();
    PckSpec.CaType pckCrlIssuer;
    TestPck pckCertificateChain;
    TestCertificate jsonSigner;
    String jsonSignerChain;

    private CollateralSpec(TeeType tee) {
        this.tee = tee;
    }

    public static CollateralSpec tdx() {
        return new CollateralSpec(TeeType.TDX);
    }

    public static CollateralSpec sgx() {
        return new CollateralSpec(TeeType.SGX);
    }

    public static CollateralSpec of(TeeType tee) {
        return new CollateralSpec(tee);
    }

    public TeeType tee() {
        return tee;
    }

    /**
     * Valid exactly over [from, until]: TCB info and QE identity issued at {@code from} with nextUpdate
     * {@code until}; both CRLs expire at {@code until + 1 s} (a CRL is valid while now &lt; nextUpdate).
     */
    public CollateralSpec window(Instant from, Instant until) {
        tcbIssueDate = qeIssueDate = crlThisUpdate = from;
        tcbNextUpdate = qeNextUpdate = until;
        pckCrlNextUpdate = rootCrlNextUpdate = until.plusSeconds(1);
        return this;
    }

    public CollateralSpec fmspc(String hex) {
        fmspc = hex;
        return this;
    }

    public CollateralSpec pceId(String hex) {
        pceId = hex;
        return this;
    }

    /** TCB info {@code id} and {@code version} (e.g. "TDX", 3). */
    public CollateralSpec tcbInfoId(String id, int version) {
        tcbInfoId = id;
        tcbInfoVersion = version;
        return this;
    }

    public CollateralSpec tcbInfoDates(Instant issue, Instant next) {
        tcbIssueDate = issue;
        tcbNextUpdate = next;
        return this;
    }

    public CollateralSpec qeIdentityDates(Instant issue, Instant next) {
        qeIssueDate = issue;
        qeNextUpdate = next;
        return this;
    }

    public CollateralSpec pckCrlNextUpdate(Instant next) {
        pckCrlNextUpdate = next;
        return this;
    }

    public CollateralSpec rootCrlNextUpdate(Instant next) {
        rootCrlNextUpdate = next;
        return this;
    }

    /** Status and advisories of the single default platform level (all SVNs 0, so every platform matches). */
    public CollateralSpec tcbStatus(TcbStatus status, String... advisories) {
        tcbStatus = status;
        advisoryIds = List.of(advisories);
        return this;
    }

    /** Platform levels in JSON order (replaces the default level). */
    public CollateralSpec tcbLevels(TcbLevelSpec... levels) {
        tcbLevels = List.of(levels);
        return this;
    }

    /** Leaves {@code tdxModule} out of a TDX TCB info. */
    public CollateralSpec withoutTdxModule() {
        tdxModule = false;
        return this;
    }

    public CollateralSpec tdxModule(byte[] mrSigner, byte[] attributes, byte[] mask) {
        moduleMrSigner = mrSigner.clone();
        moduleAttributes = attributes.clone();
        moduleAttributesMask = mask.clone();
        return this;
    }

    /** Module identities (replaces the default TDX_01 identity). */
    public CollateralSpec moduleIdentities(ModuleIdentitySpec... identities) {
        moduleIdentities = List.of(identities);
        return this;
    }

    /** Status of the default TDX_01 identity's single level (isvsvn 0). */
    public CollateralSpec moduleStatus(TcbStatus status) {
        moduleStatus = status;
        return this;
    }

    /** QE identity {@code id} and {@code version} (defaults: "QE"/"TD_QE", 2). */
    public CollateralSpec qeIdentityId(String id, int version) {
        qeId = id;
        qeVersion = version;
        return this;
    }

    public CollateralSpec qeMrSigner(byte[] mrSigner) {
        qeMrSigner = mrSigner.clone();
        return this;
    }

    public CollateralSpec qeIsvProdId(int isvProdId) {
        qeIsvProdId = isvProdId;
        return this;
    }

    public CollateralSpec qeMiscSelect(String hex, String maskHex) {
        qeMiscSelect = hex;
        qeMiscSelectMask = maskHex;
        return this;
    }

    public CollateralSpec qeAttributes(String hex, String maskHex) {
        qeAttributes = hex;
        qeAttributesMask = maskHex;
        return this;
    }

    /** QE levels in JSON order (replaces the default single level isvsvn 0). */
    public CollateralSpec qeLevels(IsvLevelSpec... levels) {
        qeLevels = List.of(levels);
        return this;
    }

    public CollateralSpec qeStatus(TcbStatus status, String... advisories) {
        qeStatus = status;
        qeAdvisoryIds = List.of(advisories);
        return this;
    }

    /** Uses this exact text as {@code tcb_info} (still signed by the TCB signer). */
    public CollateralSpec tcbInfoJson(String json) {
        tcbInfoJson = json;
        return this;
    }

    /** Uses this exact text as {@code qe_identity} (still signed by the TCB signer). */
    public CollateralSpec qeIdentityJson(String json) {
        qeIdentityJson = json;
        return this;
    }

    public CollateralSpec revokeInPckCrl(BigInteger... serials) {
        revokedInPckCrl.addAll(Arrays.asList(serials));
        return this;
    }

    public CollateralSpec revokeInRootCrl(BigInteger... serials) {
        revokedInRootCrl.addAll(Arrays.asList(serials));
        return this;
    }

    /** Which PCK CA issues {@code pck_crl} (default: the CA of the PKI's default PCK). */
    public CollateralSpec pckCrlIssuer(PckSpec.CaType ca) {
        pckCrlIssuer = ca;
        return this;
    }

    /** Puts this PCK's chain into {@code pck_certificate_chain}. */
    public CollateralSpec pckCertificateChain(TestPck pck) {
        pckCertificateChain = pck;
        return this;
    }

    /** Signs TCB info and QE identity with this key and ships this chain for both (e.g. a CA cert). */
    public CollateralSpec jsonSigner(TestCertificate signer, String chainPem) {
        jsonSigner = signer;
        jsonSignerChain = chainPem;
        return this;
    }

    static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
