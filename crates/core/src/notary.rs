//! Remote video notarization (远程视频公证): matters, offices and booking slot rules.
