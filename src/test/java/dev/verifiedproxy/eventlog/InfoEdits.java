package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.testing.Records;

import java.util.Optional;

/** Changes to a real dstack info that touch both info and its tcb_info. */
final class InfoEdits {

    private InfoEdits() {
    }

    static DstackInfo appCompose(DstackInfo info, String appCompose) {
        return Records.with(info, "tcbInfo", Optional.of(Records.with(info.tcbInfo().orElseThrow(), "appCompose",
                Optional.ofNullable(appCompose))));
    }

    static DstackInfo deviceId(DstackInfo info, Optional<String> deviceId) {
        return Records.with(Records.with(info, "deviceId", deviceId), "tcbInfo",
                Optional.of(Records.with(info.tcbInfo().orElseThrow(), "deviceId", deviceId)));
    }
}
