# borderdesk-ctl: what remote support staff read over SSH (issue 13).

## errors of the support commands
error-outbox-entry-not-found = 发件箱里没有这个编号的条目。
error-outbox-not-set-aside = 这个条目不是被搁置的条目（仍在排队的条目不能重试或丢弃）。
error-reason-required = 请用一行写明原因（最多 500 字）。
error-not-borderdesk-database = 这个文件不是 BorderDesk 设备数据库，未恢复。
error-database-in-use = 数据库正被另一个程序（应用）打开，请先关闭应用再恢复。
error-backup-exists = 备份文件已存在，请换一个文件名。
error-backup-other-key = 这个备份是用另一台设备的密钥加密的，本机打不开，未恢复。

## doctor
ctl-check-server = 服务器
ctl-check-tls = 连接加密
ctl-check-clock = 时钟偏差
ctl-check-disk = 剩余磁盘
ctl-check-integrity = 数据库完整性
ctl-check-key = 密钥文件
ctl-check-printer = 打印机
ctl-check-scanner = 扫描文件夹
ctl-check-card_reader = 身份证读卡器
ctl-check-outbox = 发件箱
ctl-check-settings = 设置文件
ctl-status-ok = 正常
ctl-status-warn = 注意
ctl-status-fail = 故障
ctl-status-skip = 跳过
ctl-server-reachable = 可以连接：{ $url }
ctl-server-unreachable = 无法连接：{ $url }（{ $reason }）
ctl-not-enrolled = 本机尚未登记
ctl-tls-https = 使用 HTTPS
ctl-tls-loopback = 本机回环地址上的 HTTP（由本机的 TLS 代理加密）
ctl-tls-plain = 明文 HTTP，经过网络：不安全
ctl-clock-offset = 本机时钟比服务器{ $direction ->
    [ahead] 快
   *[behind] 慢
} { $seconds } 秒
ctl-clock-unknown = 无法测量（服务器未应答）
ctl-disk-free = 剩余 { $mb } MB
ctl-disk-unknown = 无法读取
ctl-integrity-ok = 完好
ctl-integrity-bad = 损坏：{ $detail }
ctl-key-ok = 权限 0600，属于当前用户：{ $path }
ctl-key-bad = { $path }：{ $problem }
ctl-key-missing = 密钥文件不存在：{ $path }
ctl-key-mode = 权限为 { $mode }，应为 0600
ctl-key-owner = 不属于当前用户
ctl-settings-absent = 没有 { $path }（用环境变量和默认值）
ctl-settings-ok = { $path }：{ $count } 项设置
ctl-settings-bad = { $path } 未被采用：{ $problems }
printer-ready = 就绪
printer-paused = 已暂停
printer-out_of_paper = 缺纸
printer-no_printer = 没有设置打印机
printer-lpstat_missing = 未安装 lpstat（没有 CUPS）
printer-unknown = 状态不明
scanner-not_configured = 未设置（本机没有扫描仪）
scanner-missing = 文件夹不存在
scanner-not_writable = 文件夹不可写
scanner-ready = 就绪
card-reader-not_configured = 未设置（本机没有读卡器，身份证号码手动填写）
card-reader-ready = 就绪
card-reader-not_answering = 没有响应（检查 USB 连接和设备路径）
ctl-outbox-summary = { $waiting } 条排队，{ $set_aside } 条被搁置
ctl-doctor-ok = 检查完毕：没有发现问题。
ctl-doctor-failed = 检查完毕：有 { $count } 项故障。

## outbox
ctl-outbox-empty = 发件箱是空的。
ctl-outbox-header = 编号	类型	状态	已等待	尝试次数	代码
ctl-state-waiting = 排队中
ctl-state-set_aside = 已搁置
ctl-age-minutes = { $n } 分钟
ctl-age-hours = { $n } 小时
ctl-age-days = { $n } 天
ctl-retried = 已放回队列：#{ $seq } { $kind }，下次同步时重新发送。已记入本机审计日志。
ctl-discarded = 已丢弃：#{ $seq } { $kind }，服务器不会收到它。原因已记入本机审计日志。

## backup and restore
ctl-backup-done = 已备份到 { $path }（{ $bytes } 字节）。
ctl-backup-key-note = 个人数据在备份中仍以本机密钥加密；密钥文件不在备份中，请另行妥善保管（没有它，备份无法在其他机器上打开）。
ctl-restore-done = 已从 { $path } 恢复数据库。
ctl-restore-previous = 原数据库保存为 { $path }。

## install-update
error-update-key-missing = 设置文件里没有县里的更新公钥（update_public_key），不能安装更新。
error-update-signature = 更新包的签名不对（不是县里的密钥签的，或已被改动），未安装。
error-update-not-ours = 这不是 BorderDesk 的安装包，未安装。
error-update-not-newer = 安装包版本 { $offered } 不比已安装的 { $installed } 新，未安装（更新只升不降）。
error-update-install-failed = 软件包管理器安装失败，原来的版本保持不变。
ctl-update-installed = 已安装 BorderDesk { $version }（原来是 { $before }）。

## device settings file problems (one per key)
ctl-settings-ignored = 设置文件未被采用：{ $problem }
device-setting-not-toml = 不是 TOML 格式：{ $reason }
device-setting-unreadable = 无法读取 { $path }：{ $reason }
device-setting-unknown-key = { $key }：没有这个设置项（可用的有：{ $known }）
device-setting-text = { $key }：必须是引号里的一段非空文字
device-setting-one-of = { $key }：只能是 { $words } 之一
device-setting-county = { $key }：必须是 6 位县级区划代码，例如 "330329"
device-setting-seconds = { $key }：必须是秒数（整数），至少 { $min }
device-setting-count = { $key }：必须是 { $min } 到 { $max } 之间的整数
device-setting-port = { $key }：必须是 1 到 65535 的端口号
device-setting-path = { $key }：必须是绝对路径
device-setting-url = { $key }：必须以 https:// 开头（明文 http 只能连本机）
device-setting-word = { $key }：必须是一个不含空格的词，最多 128 个字符
device-setting-place-name = { $key }：必须是一个地名（带引号），最多 { $max } 个字
device-setting-public-key = { $key }：必须是县里的更新公钥（.pub 文件的内容，base64）

## status and sync
ctl-status-database = 数据库
ctl-status-device-code = 设备编号
ctl-status-server = 服务器
ctl-status-site = 服务点
ctl-status-outbox = 发件箱
ctl-status-last-sync = 上次同步
ctl-status-cursor = 同步位置
ctl-status-last-error = 上次错误
ctl-status-catalog = 事项目录
ctl-value-none = —
ctl-never = 从未同步
ctl-device-code-provisional = { $code }（临时编号，登记后由服务器分配）
ctl-outbox-counts = { $waiting } 件待发送，{ $rejected } 件被退回
ctl-synced = 已发送 { $pushed } 件（重复 { $duplicates }，退回 { $rejected }），收到 { $pulled } 项更新；还有 { $waiting } 件待发送
ctl-synced-reset = 服务器要求重新同步：已从头接收全部数据。
