# What the Rust side says: errors (by stable code), statuses, built-in question labels.

## Answers and validators
error-id-number-format = 身份证号码应为18位：前17位是数字，最后一位是数字或字母X。
error-id-number-region = 身份证号码开头的地区代码不正确，请核对前两位。
error-id-number-birth-date = 身份证号码中的出生日期不正确，请核对第7到14位。
error-id-number-check-char = 身份证号码有误，可能有一位输错了，请逐位核对。
error-phone-format = 请填写11位手机号码，例如 138 0013 8000。
error-credit-code-format = 统一社会信用代码应为18位数字或大写字母（不含 I、O、S、V、Z）。
error-credit-code-check-char = 统一社会信用代码有误，可能有一位输错了，请核对。
error-tracking-number-format = 查询编号应为12位数字。
error-tracking-number-check = 查询编号有一位数字不对，请核对回执上的号码。
error-answer-required = 这一项必须填写。
error-answer-too-long = 填写内容太长了，最多 { $max } 个字。
error-answer-not-an-option = 请从给出的选项中选择一项。
error-date-format = 请按“年-月-日”填写一个真实的日期，例如 2024-03-15。
error-unknown-item = 没有找到这个办理事项，可能已经下架。
error-unknown-question = 这个问题不属于当前事项。
error-status-transition = 当前状态下不能进行这一步操作。
error-device-code = 本机编号不正确，请联系工作人员。
error-attachment-empty = 这个文件是空的，请重新扫描或换一个文件。
error-attachment-type = 只能提交图片（JPEG、PNG）或 PDF 文件。
error-attachment-too-large = 文件太大了，每份材料不能超过 { $max_mb } MB。请调低扫描分辨率后再试。
error-too-many-attachments = 一份申请最多提交 { $max } 个文件。
error-unknown-material = 这个事项没有这项材料。
error-material-no-e-licence = 这项材料没有可以代替的电子证照。
error-materials-outstanding = 还有必交材料没有核验通过，暂不能受理。
error-attachment-not-found = 找不到这份材料，可能已被删除。
error-scanner-unavailable = 本机没有连接扫描仪。请把纸质材料交给窗口工作人员。
error-scanner-empty = 还没有扫描到材料。请把材料放在扫描仪上扫描，然后再点一次。
error-card-reader-unavailable = 本机没有连接身份证读卡器。请直接填写。
error-card-reader-not-answering = 身份证读卡器没有响应。请直接填写，或呼叫工作人员。
error-card-reader-busy = 正在读卡，请稍候。
error-card-not-present = 没有读到身份证。请把身份证平放在读卡区，再点“读身份证”。
error-card-removed = 身份证拿开得太早，没有读完。请把身份证放在读卡区不要移动，再读一次。
error-card-read-failed = 读卡出错。请把身份证拿开，重新放好后再读一次；也可以直接填写。
error-card-not-an-id-card = 这张卡不是居民身份证，读不出来。请放身份证，或直接填写。
error-card-read-cancelled = 已取消读卡。
error-id-card-expired = 这张身份证已过有效期，不能用来办理。请使用有效的身份证，或咨询窗口工作人员。
error-id-card-inconsistent = 读卡出错。请把身份证拿开，重新放好后再读一次；也可以直接填写。
error-rating-already-given = 这次办理已经评价过了，谢谢您。
error-rating-reason-unknown = 请从列出的原因中选择。
error-rating-followed-up = 这条差评已经登记过回访结果。
error-rating-by-staff = 工作人员登录时不能评价。评价由群众本人在自助终端上完成。
error-bundled-data = 本机自带的参考数据无法读取。请联系县里的管理员重新安装本软件。
error-legal-aid-form-unavailable = 这份申请表不能在这里打印：只有刚提交的本人可以打印，次数有限。请到法律援助窗口索取。
error-checklist-print-limit = 这次已经打印了 { $max } 份材料清单，不能再打印了。如还需要，请找窗口工作人员。
error-family-phone-same = 家人的手机号不能和您自己的一样。不需要家人接收提醒的话，这里空着就行。
error-family-consent-needed = 请先征得家人同意，并勾选下面的“家人已同意”。
error-signature-empty = 签名框里还没有字：请用手指在框里写下您的名字，或选择“到窗口签名”。
error-signature-unreadable = 签名没能保存好，请点“重写”后再签一次。
error-resume-code-format = 继续办理码是 10 位字母和数字，请对照凭条重新输入。
error-resume-code-check = 继续办理码有一位输错了，请对照凭条重新输入。
error-enrollment-code-format = 设备登记码是 10 位字母和数字。
error-enrollment-code-check = 设备登记码有一位输错了，请对照屏幕再输一次。
error-enrollment-code-unknown = 这个设备登记码不能用：可能输错了、已经用过、已作废或已过期。请向管理员要一个新的。
error-enrollment-codes-too-many = 有效的登记码太多了，请先作废不用的。
error-text-control-character = 这段文字里有无法保存的控制字符（例如从别处粘贴来的隐藏字符），请删去后重新输入。
error-resume-code-unknown = 没有找到用这个码暂存的申请。请核对凭条上的码。
error-resume-code-used = 这个继续办理码已经用过了：用它接着填的申请已经提交，或者已经换了新的码。
error-resume-code-expired = 这份暂存的申请已超过 7 天，已经删除。请重新填写。
error-resume-code-offline = 本机现在没有联网，只能继续在本机暂存的申请。请联网后再试，或到暂存时的自助终端办理。
error-booking-not-found = 没有找到这个预约。请核对查询编号和身份证号码后四位。
error-cancel-code-wrong = 取消码不对。请对照预约回执上的取消码重新输入。
error-booking-not-active = 这个预约已经取消或没有预约成功，不能再取消。
error-staff-login-required = 请工作人员先登录。
error-kiosk-no-assist = 自助机上不能代办，请在窗口电脑上为群众填写申请。
error-export-failed = 文件没能保存。请检查导出文件夹，或联系技术支持。
legal-form-deciding-standard = 按{ $office }所在省的经济困难标准：{ $outcome }
error-video-not-yet = 还没到视频时间。{ $date } { $time } 起可以进入。
error-video-over = 这次视频时间已经过了。请凭取消码改约，或联系工作人员。
error-video-window = 视频窗口打不开。请联系工作人员。

## Server and sync
error-unauthorized = 本机尚未登记或登记已失效，请联系工作人员。
error-forbidden = 没有权限进行这项操作。
error-protocol-unsupported = 本机软件版本过旧，服务器已不再支持，请联系工作人员升级。已保存的内容不会丢失。
error-app-version-old = 本机软件需要更新后才能继续同步，更新会自动进行。已保存的内容都在本机，更新后会自动送达。
error-bad-request = 请求内容有误，服务器无法处理。
error-payload-too-large = 发送的内容太大了。
error-batch-too-large = 一次发送的内容太多了。
error-not-found = 没有找到相关记录。
error-cursor-invalid = 同步位置无效，将重新同步。
error-page-limit-invalid = 每页条数须为大于零的整数。
error-page-cursor-invalid = 翻页位置无效，请从第一页重新查看。
error-site-mismatch = 这条记录不属于本服务点。
error-tracking-number-taken = 查询编号与其他申请重复，请工作人员处理。
error-internal = 服务器暂时出了问题，稍后会自动重试。已保存的内容不会丢失。
error-mutation-unappliable = 服务器无法办理这一条记录（内容有误），其余记录已正常提交。这一条已单独留存，请工作人员查看。
error-too-many-requests = 查询太频繁了，请稍后再试。
error-cancel-code-locked = 这个预约的取消码输错次数太多，已不能在自助机上取消或改期，请联系公证处办理。
error-bookings-per-person = 这位申请人今天的预约次数已经到上限了。请明天再约，或联系公证处。

## This device
error-storage = 本机存储出错，请联系工作人员。已保存的内容不会丢失。
error-server-unreachable = 暂时连不上服务器，内容已保存在本机，联网后自动发送。
error-server-error = 服务器暂时无法处理，稍后会自动重试。
error-not-enrolled = 本机尚未登记到服务器，内容会保存在本机。
error-database-newer = 这台设备上的数据是更新版本的 BorderDesk 写的，这个版本打不开。数据原样保留，没有丢失：请工作人员安装新版本。
app-cannot-start = 本机暂时无法使用
error-server-not-https = 为保护设备密钥，只能通过 https 连接服务器进行登记（本机上的服务器除外）。
error-server-url-missing = 只输入了登记码时，还需要服务器地址（--server）；扫描二维码得到的内容里已经带有地址。
error-device-already-enrolled = 本机已经登记过了。要换到别的网点，请县里的管理员在服务器上操作。
error-enroll-server-missing = 只输入登记码时，本机还需要设置服务器地址（server_url）。请扫描管理台上的二维码，二维码里带有地址。
error-application-not-found = 没有找到，请核对查询编号和后四位（身份证号码后四位；法律咨询是手机号码后四位）。
error-id-last-four = 请填写身份证号码的后四位。

## Application status
status-submitted = 已提交
status-accepted = 已受理
status-forwarded = 已转交办理地
status-in-progress = 办理中
status-completed = 已办结
status-refused = 不予受理

## Built-in questions
question-name = 申请人姓名
question-id-number = 申请人身份证号码
question-phone = 联系电话（手机）
question-address = 联系地址
question-generic = 请填写

## Life events (services by what happened)
life-event-moving = 搬家、迁户口
life-event-retiring = 退休、领养老金
life-event-new-baby = 生孩子
life-event-marriage = 结婚、离婚
life-event-starting-business = 开店、办企业
life-event-closing-business = 关店、注销企业
life-event-buying-car = 买车、开车
life-event-job-change = 换工作、失业
life-event-housing = 买房、租房
life-event-lost-documents = 证件丢了
life-event-medical-care = 看病就医

## Remote video notarization
error-notary-not-remote = 该事项不能通过远程视频办理，请预约到公证处当面办理。
error-notary-matter-not-offered = 该公证处不办理此事项。
error-slot-on-holiday = 公证处 { $date } 放假，不办理预约。
error-slot-not-offered = 该时间没有可预约的时段，请从列表中选择。
error-slot-too-soon = 请至少提前 { $hours } 小时预约。
error-slot-beyond-horizon = 最多只能预约 { $days } 天内的时段。
error-slot-full = 该时段已约满，请选择其他时段。
error-cancel-too-late = 距预约时间不足 { $hours } 小时，不能取消或改约，请联系公证处。
error-notary-calendar = 公证处的预约日历有误，请联系工作人员。

## Legal aid
error-legal-aid-household-size-zero = 家庭人口至少为1人
error-legal-aid-household-too-large = 家庭人口不能超过{ $max }人，请核对
error-legal-aid-area-code = 地区代码应为6位数字
error-legal-aid-no-place-given = 请说明法院或机关所在地、对方所在地或事情发生地
error-legal-aid-no-office-for-area = 没有找到负责该地区（{ $area }）的法律援助机构，请工作人员协助
error-legal-aid-unknown-office = 转办规则指向未知的法律援助机构（{ $office }），请联系管理员
error-legal-aid-holidays-unknown = { $year }年节假日安排尚未载入，无法计算期限
error-legal-aid-reference-data = 法律援助基础数据有误：{ $what }
legal-aid-matter-state-compensation = 要求国家赔偿（公家办错事造成损失）
legal-aid-matter-social-insurance = 社保待遇（养老、医疗、失业、工伤、生育保险）
legal-aid-matter-social-assistance = 社会救助（低保、特困供养、临时救助等）
legal-aid-matter-pension-for-martyrs = 抚恤金
legal-aid-matter-support-payments = 赡养费、抚养费、扶养费（老人、孩子、配偶的生活费）
legal-aid-matter-labour-relations-or-wages = 拖欠工资、没签劳动合同
legal-aid-matter-civil-capacity-declaration = 认定家人无民事行为能力或限制民事行为能力
legal-aid-matter-personal-injury-work = 工伤赔偿
legal-aid-matter-personal-injury-traffic = 交通事故赔偿
legal-aid-matter-personal-injury-food-drug = 食品、药品安全事故受伤赔偿
legal-aid-matter-personal-injury-medical = 医疗事故赔偿
legal-aid-matter-environmental-damage = 环境污染、生态破坏造成的损失
legal-aid-matter-other-by-law = 法律法规规定的其他事项
legal-aid-matter-not-listed = 以上都不是
legal-aid-situation-hero-martyr-reputation = 作为近亲属维护英雄烈士的名誉
legal-aid-situation-good-samaritan = 见义勇为后主张权益
legal-aid-situation-acquitted-state-compensation = 再审改判无罪后申请国家赔偿
legal-aid-situation-abuse-abandonment-domestic-violence = 遭受虐待、遗弃或家庭暴力
legal-aid-status-minor = 未成年人，没有固定生活来源
legal-aid-status-elderly-without-income = 老年人，没有固定生活来源
legal-aid-status-disabled-without-income = 残疾人，没有固定生活来源
legal-aid-status-social-assistance-recipient = 领取低保、特困供养等社会救助
legal-aid-status-judicial-assistance-recipient = 司法救助对象
legal-aid-status-preferential-treatment-recipient = 优抚对象（如退役军人、烈士家属）
legal-aid-status-migrant-worker-wages-or-injury = 进城务工人员，讨要工资或工伤赔偿
legal-aid-outcome-likely-eligible = 您很可能符合法律援助条件
legal-aid-outcome-likely-not = 您可能不符合法律援助条件，但还有其他免费帮助
legal-aid-outcome-clerk-must-decide = 需要工作人员为您判断
legal-aid-basis-no-hardship-check = 这种情况不审查经济状况
legal-aid-basis-hardship-presumed = 您的身份视为经济困难，请带上证明材料
legal-aid-basis-income-within-standard = 家庭人均月收入{ $per_person }元，不高于{ $province ->
        [zhejiang] 浙江
       *[fujian] 福建
    }标准{ $standard }元
legal-aid-reason-matter-not-listed = 这类事项不在法律援助范围内
legal-aid-reason-income-above-standard = 家庭人均月收入{ $per_person }元，高于{ $province ->
        [zhejiang] 浙江
       *[fujian] 福建
    }标准{ $standard }元
legal-aid-reason-assets-above-limit = 家庭财产{ $assets }元，超过{ $province ->
        [zhejiang] 浙江
       *[fujian] 福建
    }上限{ $limit }元
legal-aid-reason-migrant-worker-status-only-for-wages-or-injury = 进城务工人员身份只在讨要工资或工伤赔偿时视为经济困难
legal-aid-clerk-matter-set-by-other-law = 需要工作人员确认适用哪项规定
legal-aid-clerk-income-not-given = 没有填写家庭收入
legal-aid-clerk-deciding-province-unknown = 还不确定由哪个法律援助机构办理
legal-aid-clerk-no-standard-for-province = 暂未载入{ $province ->
        [zhejiang] 浙江
       *[fujian] 福建
    }经济困难标准
legal-aid-alternative-consultation = 免费法律咨询（法律援助中心或村居法律顾问）
legal-aid-alternative-mediation = 人民调解（村、乡镇调解委员会，免费）
legal-aid-alternative-legal-hotline-12348 = 拨打12348公共法律服务热线
legal-aid-alternative-labour-inspection = 向劳动保障监察投诉欠薪（12333）
legal-aid-alternative-labour-arbitration = 申请劳动争议仲裁（不收费）
legal-aid-alternative-womens-federation = 联系妇联（12338）
legal-aid-alternative-traffic-accident-mediation = 交警或交通事故调解委员会调解
legal-aid-alternative-consumer-complaint = 拨打12315投诉
legal-aid-alternative-medical-dispute-mediation = 医疗纠纷人民调解委员会（医调委）
legal-aid-alternative-apply-anyway = 仍可申请，法律援助机构会书面答复并说明理由
legal-aid-routing-court-seat = 由{ $office }办理：法院或机关在其辖区
legal-aid-routing-obligor-location = 由{ $office }办理：对方在其辖区
legal-aid-routing-events-location = 由{ $office }办理：事情发生在其辖区
legal-aid-routing-cross-city = 跨市转办，材料由本服务厅代收
legal-aid-routing-cross-province = 跨省转办，材料由本服务厅代收
legal-aid-routing-first-to-receive = 另有机构也可办理，由先收到申请的机构办理
legal-aid-urgent-deadline-soon = 期限不足7天，优先处理
legal-aid-urgent-evidence-at-risk = 证据可能灭失，优先处理
legal-aid-urgent-property-at-risk = 财产需紧急保全，优先处理

## Staff accounts and roles (issue 5)
error-login-failed = 用户名或密码不正确。
error-offline-first-login = 现在连不上服务器。这个账号还没有在本机联网登录过，第一次登录需要联网；网络恢复后再试，或换用已在本机登录过的账号。
error-account-locked = 登录失败次数过多，账户已锁定，请 { $minutes } 分钟后再试。
error-offline-login-expired = 离线登录已过期，请在联网时登录一次。
error-permission-denied = 您的岗位没有这项操作的权限。
error-password-too-short = 密码至少需要 { $min } 个字符。
error-staff-session-expired = 登录已失效，请重新登录。
error-user-name-taken = 这个用户名已被使用。
role-clerk = 窗口工作人员
role-outreach = 外出服务
role-legal-aid-officer = 法律援助经办
role-notary-staff = 公证员/公证处工作人员
role-admin = 管理员

## Notary office operations and SMS (issue 6); SMS text never holds an ID number
error-notary-office-unknown = 没有这个公证处。
error-slot-has-bookings = 这个时段已有预约，不能关闭。
error-slot-below-taken = 名额不能少于已预约的人数。
error-outcome-not-confirmed = 只有已确认的预约才能登记办理结果。
error-outcome-too-early = 预约时段开始后才能登记办理结果。
error-outcome-recorded = 这个预约的办理结果已经登记过了。
sms-booking-confirmed = 【边境通办】您在{ $office }的视频公证预约已确认：{ $time }，回执号{ $tracking }。
sms-booking-rejected = 【边境通办】您在{ $office }{ $time }的视频公证预约未能确认，回执号{ $tracking }。请凭回执到自助终端选择其他时段。
sms-booking-cancelled = 【边境通办】您在{ $office }{ $time }的视频公证预约已取消，回执号{ $tracking }。
sms-booking-rescheduled = 【边境通办】您的视频公证预约已改到{ $time }（{ $office }），回执号{ $tracking }。
sms-family-prefix = 【家人提醒】以下是转给您的家人的短信（本号码经登记同意）：
sms-reminder-day-before = 【边境通办】提醒：您明天{ $time }在{ $office }有视频公证预约，回执号{ $tracking }。请带好身份证件和材料。
sms-reminder-hour-before = 【边境通办】提醒：您的视频公证预约{ $time }开始（{ $office }），请提前到自助终端等候，回执号{ $tracking }。
sms-legal-aid-accepted = 【边境通办】您的法律援助申请（受理编号{ $tracking }）已由{ $office }受理，一般在 7 日内作出决定。
sms-legal-aid-materials-requested = 【边境通办】{ $office }审查您的法律援助申请（受理编号{ $tracking }）需要补充材料，请凭受理编号在自助终端查看要补哪些。
sms-legal-aid-approved = 【边境通办】{ $office }决定给予您法律援助（受理编号{ $tracking }），将为您指派律师。
sms-legal-aid-refused = 【边境通办】{ $office }决定不予法律援助（受理编号{ $tracking }），理由和救济途径请凭受理编号在自助终端查看。
sms-legal-aid-assigned = 【边境通办】{ $office }已为您的法律援助案件（受理编号{ $tracking }）指派律师，律师会联系您，也可凭受理编号在自助终端查看联系方式。
sms-legal-aid-transferred = 【边境通办】您的法律援助申请（受理编号{ $tracking }）已转交{ $office }办理。

## Legal aid at the offices (issue 4): pushed requests, the office workflow, figures
error-legal-aid-request-malformed = 法律援助申请缺少必填内容，请工作人员协助重新填写。
error-legal-aid-request-unknown = 没有找到这个法律援助申请。请核对查询编号和后四位。
error-legal-aid-wrong-state = 申请当前的办理状态不允许这一步操作。
error-legal-aid-materials-requested-already = 已经发过补充材料通知，每个申请只能一次性告知全部需补充的材料。
error-legal-aid-materials-empty = 补充材料通知至少要列出一项材料。
error-legal-aid-reasons-required = 不予法律援助的，必须书面说明理由。
error-legal-aid-note-required = 请填写说明。
error-legal-aid-lawyer-incomplete = 请填写指派律师的姓名、律师事务所和电话。
error-legal-aid-office-unknown = 没有这个法律援助机构。
error-legal-aid-transfer-same-office = 申请已在本机构，不需要转办。
error-legal-aid-action-id-reused = 操作编号已用于另一项操作，请刷新后重试。
error-legal-aid-wrong-kind = 这一步操作不适用于这类申请。
error-legal-aid-reference-missing = 服务器尚未载入法律援助基础数据，申请已保存在本机，稍后会自动提交。
legal-aid-progress-received = 已收到
legal-aid-progress-waiting = 保存在本机，等待发送：法律援助机构还没有收到
legal-aid-progress-accepted = 已受理
legal-aid-progress-materials-requested = 需补充材料
legal-aid-progress-approved = 决定给予法律援助
legal-aid-progress-refused = 决定不予法律援助
legal-aid-progress-assigned = 已指派律师
legal-aid-progress-transferred = 已转办
legal-aid-progress-answered = 已答复
legal-aid-figures-office-code = 机构代码
legal-aid-figures-office-name = 法律援助机构
legal-aid-figures-period = 统计期间
legal-aid-figures-consultations-answered = 答复咨询
legal-aid-figures-applications-received = 收到申请
legal-aid-figures-accepted = 受理
legal-aid-figures-approved = 给予援助
legal-aid-figures-refused = 不予援助
legal-aid-figures-assigned = 指派
legal-aid-figures-assigned-same-day = 当日指派
legal-aid-figures-ratings-given = 收到评价
legal-aid-figures-ratings-poor = 其中差评
legal-aid-figures-average-hours-to-assignment = 平均指派用时（小时）
error-speech-unavailable = 本机不支持朗读。
error-staff-wrong-site = 此账户属于其他站点，只能在本人所在站点的设备上登录。
error-staff-wrong-office = 此账户只能办理本人所属机构的业务。
error-staff-office-required = 法律援助经办和公证处工作人员的账户必须指定所属机构。
error-staff-office-not-for-role = 此岗位不隶属于某个机构，不能指定所属机构。
error-staff-office-unknown = 参考数据中没有这个机构，或机构类别与岗位不符。
error-console-not-for-role = 县级管理台只对管理员和法律援助机构开放；窗口工作请在本机登录。
error-staff-disable-self = 不能停用自己的账号。
error-staff-change-own-role = 不能修改自己的岗位。
error-csrf-token-invalid = 页面已过期，请刷新后再试。
error-catalog-file-bad = 上传的文件有 { $problems } 处问题，目录没有任何改动。
error-catalog-version-not-kept = 这个版本没有保存当时的完整目录，不能查看差异或恢复。
error-catalog-items-in-use = 这个版本之后新增的事项中，还有正在办理的申请，不能恢复到这个版本。请等这些申请办结后再试。
error-staff-no-office = 您的账户尚未指定所属机构，请联系管理员。
