# UI strings (owned by the UI). Same keys in every language; zh-CN is the fallback.

## Frame: header, language switch, footer
app-name = 浙闽通办自助服务
nav-home = 首页
language-switch-label = 选择语言
language-switch-failed = 没能切换语言。请再点一次，或请工作人员帮忙。
back = 返回
loading = 正在加载…
ui-error-line = 错误：{ $message }
ui-error-unexpected = 出了点问题，请再试一次。如果还是不行，请找工作人员帮忙。
footer-status-label = 本机状态
sync-online = 已联网
sync-offline = 未联网
sync-not-enrolled = 本机未登记
sync-unknown = 正在读取本机状态…
sync-last = 上次同步 { $time }
sync-never = 尚未同步
sync-waiting = { $count } 件待发送

## Elder mode (长辈模式) and calling staff: header and footer, every screen
elder-toggle = 长辈模式
call-staff = 呼叫工作人员
call-staff-sent = 已通知工作人员，请稍候
call-staff-wait = 已呼叫，{ $seconds } 秒后可再次呼叫

## Home
home-title = 泰顺便民服务自助终端
home-greeting = 您好！请点一下您要办的事。不会操作也没关系，可以随时请工作人员帮忙。
tile-services = 浙闽通办
tile-services-desc = 浙江、福建两地的政务服务，在这里就能申请
tile-track = 查询办理进度
tile-track-desc = 凭回执上的查询编号，看看办到哪一步了
tile-notary = 远程视频公证
tile-notary-desc = 在这里和公证员视频办理公证
tile-legal-aid = 法律援助
tile-legal-aid-desc = 申请免费的法律帮助，或咨询法律问题
tile-coming-soon = 即将开放

## Services
services-title = 浙闽通办事项
services-search-label = 搜索事项
services-search-placeholder = 输入事项名称，例如：医保、身份证明
services-category-label = 按类别查看
services-count = 共 { $count } 项
services-count-more = 共 { $count } 项，下面是最相关的 { $shown } 项。多输入几个字可以找得更准。
services-no-results = 没有找到相关事项。可以换个词试试，或请工作人员帮忙。
category-all = 全部
category-medical_insurance = 医疗保险
category-social_security = 社会保障
category-household = 户籍证件
category-housing_fund = 住房公积金
category-marriage_birth = 婚姻生育
category-business = 企业经营
category-transport = 交通出行
side-zhejiang = 浙江办理
side-fujian = 福建办理
time-limit = 承诺 { $days } 个工作日办结

## Item
item-office = 办理单位
item-side = 办理地
item-mode = 办理方式
item-time-limit = 承诺时限
item-time-limit-value = { $days } 个工作日
item-fee = 收费
fee-free = 免费
fee-amount = ¥{ $amount }
mode-fully-online = 全程网办
mode-collected-and-forwarded = 异地代收代办
mode-multi-office = 多地联办
item-materials = 需要准备的材料
material-required = 必须提供
material-optional = 可选
material-e-licence = 可用电子证照代替
item-start-hint = 接下来一页问一个问题，按提示填写就行。填错了可以返回修改。
start-application = 开始申请
item-sample-note = 本事项为示例数据，正式内容以办理单位公布为准。
item-load-failed = 暂时打不开这个事项

## Interview
interview-progress = 第 { $step } 步，共 { $total } 步
question-optional = （选填）
hint-id-number = 18位，最后一位可能是字母 X
hint-phone = 11位手机号码，办理单位会用它联系您
hint-date = 请填写年、月、日，例如 2024-03-15
next = 下一步

## Check your answers
check-title = 请核对您填写的信息
check-intro = 确认无误后再提交。哪一项需要改，就点它后面的“修改”。
change = 修改
change-what = ：{ $question }
answer-empty = 未填写
check-declaration = 提交即表示您确认以上信息真实、准确。
submit = 确认提交
submitting = 正在提交…

## Confirmation
confirm-title = 申请已提交
confirm-number-label = 查询编号
confirm-number-hint = 请记下或拍下这个查询编号。以后凭它和身份证号码后四位，就能查询办理进度。
confirm-waiting = 已保存在本机，联网后自动发送。
confirm-next-heading = 接下来会怎样
confirm-next-body = { $office }会在 { $days } 个工作日内办理，有需要会打电话联系您。
back-home = 返回首页

## Track
track-title = 查询办理进度
track-intro = 请填写回执上的查询编号和申请人身份证号码的后四位。
track-number-label = 查询编号
track-number-hint = 回执上的12位数字
track-id-label = 身份证号码后四位
track-id-hint = 最后一位可能是字母 X
track-submit = 查询
track-busy = 正在查询…
track-result-heading = 查询结果
track-item = 办理事项
track-status = 当前状态
track-submitted-at = 提交时间
track-history = 办理记录
confirm-printing = 正在打印回执……
confirm-reprint = 再打印一份回执

## Services: browsing without a keyboard
services-popular-heading = 常办事项
services-life-event-heading = 按生活中的事找
services-life-event-hint = 不知道事项叫什么？点一下您遇到的事，就能看到要办哪些事项。
services-life-event-results = 与“{ $event }”有关的事项
services-life-event-back = 看看其他的事
services-life-event-empty = 暂时没有相关事项。可以按类别查看，或请工作人员帮忙。

## Idle warning (shown when nobody has touched the screen for a while)
idle-title = 您还在办理吗？
idle-countdown = { $seconds } 秒后将返回首页，您填写的内容会被清除
idle-hint = 还要继续办理，请点下面的“继续”。
idle-continue = 继续

# Materials step
materials-title = 提交材料
materials-intro-scanner = 把材料放在扫描仪上，再点这项材料后面的“扫描”。不扫描的材料，可以到窗口交纸质原件。
materials-no-scanner = 本机没有扫描仪。请直接点“下一步”，纸质材料交给窗口工作人员。
material-scan = 扫描
material-scan-more = 再扫一页
material-scanning = 正在扫描…
material-remove = 删除
material-file = 已扫描：{ $kind } 文件，{ $size }
material-state-e-licence = 未扫描：可调用电子证照
material-state-window = 未扫描：请到窗口交纸质材料
material-scanned = 已扫描：{ $name }
material-removed = 已删除：{ $name }
file-size-mb = { $size } MB
file-size-kb = { $size } KB
check-materials = 材料
check-material-scanned = 已扫描（{ $count } 个文件）
check-materials-change = 修改材料
confirm-bring-heading = 还需要交的材料
confirm-bring-body = 以下材料没有扫描，请带原件到窗口交给工作人员：

# Save for later (暂存) and resume (继续办理)
save-later = 暂存，下次再办
save-later-saving = 正在暂存…
save-later-hint = 会打印一张凭条，凭上面的码 7 天内可在任意自助终端接着填。
saved-title = 已暂存
saved-code-label = 继续办理码
saved-valid-until = 请保管好凭条。{ $date } 前，凭此码可在任意一台自助终端接着填写。
saved-write-down = 凭条没有打印出来，请把上面的码抄下来。
saved-next-heading = 下次怎么继续
saved-next-body = 在首页点“继续办理”，输入凭条上的码，已填的内容都在。此码只能用一次；已扫描的材料需要重新扫描。
tile-resume = 继续办理
tile-resume-desc = 上次没填完？输入暂存凭条上的码接着填
resume-title = 继续办理
resume-intro = 请输入暂存凭条上的继续办理码。
resume-code-label = 继续办理码
resume-code-hint = 10 位字母和数字，例如 K7M2Q-9XAB3，短横线可以不输。
resume-submit = 继续
resume-busy = 正在查找…

# Remote video notarization (远程视频公证)
notary-title = 远程视频公证
notary-intro = 先选要办的公证事项，再选公证处和视频时间。到时间在自助终端和公证员视频办理。
notary-find-link = 已经预约了？查看或取消预约
notary-remote-heading = 可以视频办理的事项
notary-in-person-heading = 需要到公证处现场办理的事项
notary-in-person-intro = 以下事项按规定不能视频办理，点一下可以看原因。
notary-in-person-tag = 需现场办理
notary-not-remote-default = 按规定不能视频办理。
notary-in-person = 请携带身份证件到公证处现场办理，可先电话咨询公证处。
notary-place-title = 您的户籍在哪里？
notary-place-intro = 公证由户籍所在地（或事情发生地）的公证处办理。请选一个地方。
county-330329 = 泰顺县
county-330327 = 苍南县
county-350982 = 福鼎市
county-350926 = 柘荣县
county-350924 = 寿宁县
county-other = 其他地方
notary-offices-heading = 可以办理的公证处
notary-no-office = 这几个公证处都不能办理这个事项。请咨询工作人员。
notary-materials-heading = 需要准备的材料
notary-slots-title = 选一个视频时间
notary-slots-as-of = 空余名额为 { $time } 时的情况，提交后以公证处确认为准。
notary-slots-no-server = 本机还没有联网取得名额情况，提交后以公证处确认为准。
notary-slots-none = 近期没有可预约的时间。请过几天再看，或咨询工作人员。
notary-slots-days = 日期
notary-slot-full = 已约满
notary-slot-free = 余 { $count } 个
notary-applicant-title = 请填写预约人信息
notary-applicant-note = 手机号码用于短信通知预约结果和提醒。
notary-book = 确认预约
notary-booking = 正在预约…
notary-done-title = 预约已提交
notary-done-rejected-title = 这个时间已约满
notary-office-label = 公证处
notary-matter-label = 公证事项
notary-time-label = 视频时间
notary-cancel-code-label = 取消码
notary-cancel-hint = 在预约回执上，6 位数字。
notary-cancel = 取消预约
notary-pick-other = 另选时间
notary-move-heading = 改约到其他时间
notary-move-intro = 选一个新时间，输入上面的取消码，再点“改约”。原时间在公证处确认改约前仍然有效。
notary-move = 改约
notary-move-pending = 已申请改到 { $time }，等待公证处确认；确认前原时间仍然有效。
notary-join-video = 进入视频公证
notary-video-hint = 预约时间前 15 分钟起可以进入。视频窗口会请求使用摄像头和麦克风，请允许。
notary-video-offline = 本机现在没有联网，无法进入视频。请联系工作人员，或凭取消码改约到其他时间。
notary-alternatives = 公证处还有这些时间有空：
notary-find-title = 查看或取消预约
notary-status-pending = 待确认：本机联网后由公证处确认，结果会短信通知。
notary-status-confirmed = 已确认。到时间请凭查询编号在自助终端进入视频公证。
notary-status-rejected = 没有约上：这个时间已被约满，本次预约没有生效。
notary-status-cancel-pending = 正在取消：本机联网后通知公证处。
notary-status-cancelled = 已取消。

# Staff login and clerk desk (窗口工作台)
staff-entry = 工作人员登录
staff-desk-link = 工作台
staff-login-title = 工作人员登录
staff-user-label = 用户名
staff-password-label = 密码
staff-login = 登录
staff-logging-in = 正在登录…
clerk-title = 窗口工作台
clerk-who = { $name }（{ $role }）
clerk-offline-login = 离线登录
clerk-sync = 立即同步
clerk-syncing = 正在同步…
clerk-synced = 同步完成。
clerk-refresh = 刷新
clerk-logout = 退出登录
clerk-files-waiting = { $count } 个材料文件待上传
clerk-last-error = 上次同步出错：{ $error }
clerk-reprint-label = 补打回执：输入查询编号
clerk-reprint = 补打
clerk-queue-heading = 本机办理的事项
clerk-queue-empty = 本机还没有办理过事项。
clerk-col-number = 查询编号
clerk-col-what = 事项
clerk-col-status = 状态
clerk-col-time = 时间
clerk-waiting = 待发送
clerk-refused = 被拒收：{ $error }
read-aloud = 朗读
read-aloud-stop = 停止朗读
read-aloud-unavailable = 本机不支持朗读
read-aloud-failed = 朗读没有成功，请再试一次或呼叫工作人员
close-unsent-title = 还有 { $count } 件没有发送
close-unsent-body = 这些件保存在本机，不会丢失；下次连上网络同步时会发送。现在关闭吗？
close-unsent-keep = 先不关
close-unsent-anyway = 仍然关闭
close-unsent-failed = 没能关闭窗口，请再试一次

# Notary office desk (公证处工作台)
notary-desk-title = 公证处工作台
notary-desk-prev = 前一天
notary-desk-next = 后一天
notary-desk-slots = 当天时段
notary-desk-no-slots = 这一天不开放视频公证。
notary-desk-places = 名额
notary-desk-taken = 已约 { $taken } / 共 { $capacity }
notary-desk-closed = 已关闭
notary-desk-actions = 操作
notary-desk-open = 开放
notary-desk-close = 关闭
notary-desk-more = 加一个名额
notary-desk-fewer = 减一个名额
notary-desk-bookings = 当天预约
notary-desk-no-bookings = 这一天没有预约。
notary-outcome-completed = 已办结
notary-outcome-no-show = 未到场
notary-desk-sms = 短信发送情况
notary-desk-no-sms = 这一天没有短信。
notary-desk-sms-kind = 短信
notary-sms-kind-day-before = 前一天提醒
notary-sms-kind-hour-before = 一小时前提醒
notary-sms-kind-decision = 预约结果
notary-sms-status-queued = 待发送
notary-sms-status-sent = 已发送
notary-sms-status-failed = 发送失败
notary-desk-attempts = 已尝试 { $count } 次

# Legal aid at the kiosk (法律援助)
legal-title = 法律援助
legal-intro = 经济困难的人遇到法律问题，可以申请免费的律师帮助。先用一分钟看看是否符合条件，或者直接留下问题，由法律援助中心回电话解答。
legal-check-tile = 看看能不能申请
legal-check-tile-desc = 回答几个简单问题，马上知道结果
legal-consult-tile = 法律咨询
legal-consult-tile-desc = 留下问题和电话，法律援助中心回电解答
legal-matter-title = 您遇到的是哪一类事？
legal-matter-intro = 选最接近的一项。不确定也没关系，选“以上都不是”。
legal-situations-title = 有没有下面这些情况？
legal-statuses-title = 您（申请人）是不是下面这些人？
legal-tick-all = 有就勾上，可以勾多项；都没有就直接点“下一步”。
legal-household-title = 家庭人口和收入
legal-household-size = 家里一起生活的有几口人？
legal-household-income = 全家每月收入一共多少元？
legal-household-income-hint = 工资、养老金、低保等都算，大概数字就行。
legal-income-unknown = 不清楚或不想说（由工作人员判断）
legal-household-size-invalid = 请填写家庭人口数，至少 1 人。
legal-income-invalid = 请填写每月收入（元），或者勾选“不清楚或不想说”。
legal-check-button = 看结果
legal-office-decides = 最终由{ $office }审查决定。
legal-alternatives = 还可以找这些免费帮助
legal-apply-at-window = 要正式申请法律援助，请到窗口，由工作人员协助填写申请表。也可以先留下问题咨询。
legal-consult-title = 法律咨询
legal-consult-intro = 写下您的问题和电话，法律援助中心会打电话给您解答。
legal-consult-topic = 是什么方面的事？
legal-consult-topic-hint = 例如：拖欠工资、离婚、交通事故
legal-consult-question = 您的问题
legal-consult-callback = 什么时候方便接电话？（可不填）
legal-consult-callback-hint = 例如：工作日上午
legal-consult-name = 怎么称呼您？（可不填）
legal-consult-send = 提交咨询
legal-consult-done = 咨询已提交
legal-consult-next = { $office }会打电话给您。凭查询编号和手机号后四位可以查询进度。
