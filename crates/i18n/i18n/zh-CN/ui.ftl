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
