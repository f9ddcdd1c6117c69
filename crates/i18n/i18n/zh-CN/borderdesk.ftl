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

## Server and sync
error-unauthorized = 本机尚未登记或登记已失效，请联系工作人员。
error-forbidden = 没有权限进行这项操作。
error-protocol-unsupported = 本机软件版本过旧，服务器已不再支持，请联系工作人员升级。已保存的内容不会丢失。
error-bad-request = 请求内容有误，服务器无法处理。
error-payload-too-large = 发送的内容太大了。
error-batch-too-large = 一次发送的内容太多了。
error-not-found = 没有找到相关记录。
error-cursor-invalid = 同步位置无效，将重新同步。
error-site-mismatch = 这条记录不属于本服务点。
error-tracking-number-taken = 查询编号与其他申请重复，请工作人员处理。
error-internal = 服务器暂时出了问题，稍后会自动重试。已保存的内容不会丢失。

## This device
error-storage = 本机存储出错，请联系工作人员。已保存的内容不会丢失。
error-server-unreachable = 暂时连不上服务器，内容已保存在本机，联网后自动发送。
error-server-error = 服务器暂时无法处理，稍后会自动重试。
error-not-enrolled = 本机尚未登记到服务器，内容会保存在本机。
error-application-not-found = 没有找到这个申请，请核对查询编号和身份证号码后四位。
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
