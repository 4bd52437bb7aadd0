package dev.verifiedproxy.eventlog;

import java.util.Optional;

/** In-memory changes to a real dstack info for negative tests. */
final class InfoEdits {

    private InfoEdits() {
    }

    static DstackInfo appCompose(DstackInfo info, String appCompose) {
        TcbInfo t = info.tcbInfo().orElseThrow();
        return tcbInfo(info, new TcbInfo(t.mrtd(), t.rtmr0(), t.rtmr1(), t.rtmr2(), t.rtmr3(), t.osImageHash(),
                t.composeHash(), t.deviceId(), t.mrAggregated(), Optional.ofNullable(appCompose), t.eventLog()));
    }

    static DstackInfo tcbInfo(DstackInfo i, TcbInfo tcbInfo) {
        return new DstackInfo(i.appId(), i.instanceId(), i.appCert(), Optional.ofNullable(tcbInfo), i.appName(), i.deviceId(),
                i.mrAggregated(), i.osImageHash(), i.keyProviderInfo(), i.composeHash(), i.vmConfig());
    }

    static DstackInfo composeHash(DstackInfo i, Optional<String> composeHash) {
        return new DstackInfo(i.appId(), i.instanceId(), i.appCert(), i.tcbInfo(), i.appName(), i.deviceId(), i.mrAggregated(),
                i.osImageHash(), i.keyProviderInfo(), composeHash, i.vmConfig());
    }

    static DstackInfo appId(DstackInfo i, Optional<String> appId) {
        return new DstackInfo(appId, i.instanceId(), i.appCert(), i.tcbInfo(), i.appName(), i.deviceId(), i.mrAggregated(),
                i.osImageHash(), i.keyProviderInfo(), i.composeHash(), i.vmConfig());
    }

    static DstackInfo deviceId(DstackInfo i, Optional<String> deviceId) {
        TcbInfo t = i.tcbInfo().orElseThrow();
        TcbInfo tcb = new TcbInfo(t.mrtd(), t.rtmr0(), t.rtmr1(), t.rtmr2(), t.rtmr3(), t.osImageHash(), t.composeHash(),
                deviceId, t.mrAggregated(), t.appCompose(), t.eventLog());
        return new DstackInfo(i.appId(), i.instanceId(), i.appCert(), Optional.of(tcb), i.appName(), deviceId, i.mrAggregated(),
                i.osImageHash(), i.keyProviderInfo(), i.composeHash(), i.vmConfig());
    }

    static DstackInfo keyProviderInfo(DstackInfo i, Optional<String> keyProviderInfo) {
        return new DstackInfo(i.appId(), i.instanceId(), i.appCert(), i.tcbInfo(), i.appName(), i.deviceId(), i.mrAggregated(),
                i.osImageHash(), keyProviderInfo, i.composeHash(), i.vmConfig());
    }

    static DstackInfo osImageHash(DstackInfo i, Optional<String> osImageHash) {
        return new DstackInfo(i.appId(), i.instanceId(), i.appCert(), i.tcbInfo(), i.appName(), i.deviceId(), i.mrAggregated(),
                osImageHash, i.keyProviderInfo(), i.composeHash(), i.vmConfig());
    }

    static DstackInfo mrAggregated(DstackInfo i, Optional<String> mrAggregated) {
        return new DstackInfo(i.appId(), i.instanceId(), i.appCert(), i.tcbInfo(), i.appName(), i.deviceId(), mrAggregated,
                i.osImageHash(), i.keyProviderInfo(), i.composeHash(), i.vmConfig());
    }
}
