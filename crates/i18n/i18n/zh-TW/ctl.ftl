# borderdesk-ctl: what remote support staff read over SSH (issue 13).

## errors of the support commands
error-outbox-entry-not-found = 寄件匣裡沒有這個編號的項目。
error-outbox-not-set-aside = 這個項目不是被擱置的項目（仍在排隊的項目不能重試或丟棄）。
error-reason-required = 請用一行寫明原因（最多 500 字）。
error-not-borderdesk-database = 這個檔案不是 BorderDesk 裝置資料庫，未還原。
error-database-in-use = 資料庫正被另一個程式（應用程式）開啟，請先關閉應用程式再還原。
error-backup-exists = 備份檔案已存在，請換一個檔名。
error-backup-other-key = 這個備份是用另一台裝置的金鑰加密的，本機打不開，未還原。

## doctor
ctl-check-server = 伺服器
ctl-check-tls = 連線加密
ctl-check-clock = 時鐘偏差
ctl-check-disk = 剩餘磁碟
ctl-check-integrity = 資料庫完整性
ctl-check-key = 金鑰檔案
ctl-check-printer = 印表機
ctl-check-scanner = 掃描資料夾
ctl-check-card_reader = 身份證讀卡機
ctl-check-outbox = 寄件匣
ctl-check-settings = 設定檔
ctl-status-ok = 正常
ctl-status-warn = 注意
ctl-status-fail = 故障
ctl-status-skip = 略過
ctl-server-reachable = 可以連線：{ $url }
ctl-server-unreachable = 無法連線：{ $url }（{ $reason }）
ctl-not-enrolled = 本機尚未登記
ctl-tls-https = 使用 HTTPS
ctl-tls-loopback = 本機迴路位址上的 HTTP（由本機的 TLS 代理加密）
ctl-tls-plain = 明文 HTTP，經過網路：不安全
ctl-clock-offset = 本機時鐘比伺服器{ $direction ->
    [ahead] 快
   *[behind] 慢
} { $seconds } 秒
ctl-clock-unknown = 無法測量（伺服器未回應）
ctl-disk-free = 剩餘 { $mb } MB
ctl-disk-unknown = 無法讀取
ctl-integrity-ok = 完好
ctl-integrity-bad = 損壞：{ $detail }
ctl-key-ok = 權限 0600，屬於目前使用者：{ $path }
ctl-key-bad = { $path }：{ $problem }
ctl-key-missing = 金鑰檔案不存在：{ $path }
ctl-key-mode = 權限為 { $mode }，應為 0600
ctl-key-owner = 不屬於目前使用者
ctl-settings-absent = 沒有 { $path }（使用環境變數和預設值）
ctl-settings-ok = { $path }：{ $count } 項設定
ctl-settings-bad = { $path } 未被採用：{ $problems }
printer-ready = 就緒
printer-paused = 已暫停
printer-out_of_paper = 缺紙
printer-no_printer = 沒有設定印表機
printer-lpstat_missing = 未安裝 lpstat（沒有 CUPS）
printer-unknown = 狀態不明
scanner-not_configured = 未設定（本機沒有掃描器）
scanner-missing = 資料夾不存在
scanner-not_writable = 資料夾不可寫入
scanner-ready = 就緒
card-reader-not_configured = 未設定（本機沒有讀卡機，身份證號碼手動填寫）
card-reader-ready = 就緒
card-reader-not_answering = 沒有回應（檢查 USB 連接和裝置路徑）
ctl-outbox-summary = { $waiting } 筆排隊，{ $set_aside } 筆被擱置
ctl-doctor-ok = 檢查完畢：沒有發現問題。
ctl-doctor-failed = 檢查完畢：有 { $count } 項故障。

## outbox
ctl-outbox-empty = 寄件匣是空的。
ctl-outbox-header = 編號	類型	狀態	已等待	嘗試次數	代碼
ctl-state-waiting = 排隊中
ctl-state-set_aside = 已擱置
ctl-age-minutes = { $n } 分鐘
ctl-age-hours = { $n } 小時
ctl-age-days = { $n } 天
ctl-retried = 已放回佇列：#{ $seq } { $kind }，下次同步時重新傳送。已記入本機稽核日誌。
ctl-discarded = 已丟棄：#{ $seq } { $kind }，伺服器不會收到它。原因已記入本機稽核日誌。

## backup and restore
ctl-backup-done = 已備份到 { $path }（{ $bytes } 位元組）。
ctl-backup-key-note = 個人資料在備份中仍以本機金鑰加密；金鑰檔案不在備份中，請另行妥善保管（沒有它，備份無法在其他機器上開啟）。
ctl-restore-done = 已從 { $path } 還原資料庫。
ctl-restore-previous = 原資料庫保存為 { $path }。

## install-update
error-update-key-missing = 設定檔裡沒有縣裡的更新公鑰（update_public_key），不能安裝更新。
error-update-signature = 更新包的簽章不對（不是縣裡的金鑰簽的，或已被改動），未安裝。
error-update-not-ours = 這不是 BorderDesk 的安裝包，未安裝。
error-update-not-newer = 安裝包版本 { $offered } 不比已安裝的 { $installed } 新，未安裝（更新只升不降）。
error-update-install-failed = 套件管理器安裝失敗，原來的版本保持不變。
ctl-update-installed = 已安裝 BorderDesk { $version }（原來是 { $before }）。

## device settings file problems (one per key)
ctl-settings-ignored = 設定檔未被採用：{ $problem }
device-setting-not-toml = 不是 TOML 格式：{ $reason }
device-setting-unreadable = 無法讀取 { $path }：{ $reason }
device-setting-unknown-key = { $key }：沒有這個設定項（可用的有：{ $known }）
device-setting-text = { $key }：必須是引號裡的一段非空文字
device-setting-one-of = { $key }：只能是 { $words } 之一
device-setting-county = { $key }：必須是 6 位縣級區劃代碼，例如 "330329"
device-setting-seconds = { $key }：必須是秒數（整數），至少 { $min }
device-setting-count = { $key }：必須是 { $min } 到 { $max } 之間的整數
device-setting-port = { $key }：必須是 1 到 65535 的連接埠號
device-setting-path = { $key }：必須是絕對路徑
device-setting-url = { $key }：必須以 https:// 開頭（明文 http 只能連本機）
device-setting-word = { $key }：必須是一個不含空格的詞，最多 128 個字元
device-setting-place-name = { $key }：必須是一個地名（帶引號），最多 { $max } 個字
device-setting-public-key = { $key }：必須是縣裡的更新公鑰（.pub 檔案的內容，base64）

## status and sync
ctl-status-database = 資料庫
ctl-status-device-code = 裝置編號
ctl-status-server = 伺服器
ctl-status-site = 服務點
ctl-status-outbox = 寄件匣
ctl-status-last-sync = 上次同步
ctl-status-cursor = 同步位置
ctl-status-last-error = 上次錯誤
ctl-status-catalog = 事項目錄
ctl-value-none = —
ctl-never = 從未同步
ctl-device-code-provisional = { $code }（臨時編號，登記後由伺服器分配）
ctl-outbox-counts = { $waiting } 件待傳送，{ $rejected } 件被退回
ctl-synced = 已傳送 { $pushed } 件（重複 { $duplicates }，退回 { $rejected }），收到 { $pulled } 項更新；還有 { $waiting } 件待傳送
ctl-synced-reset = 伺服器要求重新同步：已從頭接收全部資料。
