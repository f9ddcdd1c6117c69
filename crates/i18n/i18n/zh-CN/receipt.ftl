# The printed receipt (回执), owned by crates/receipt. Same keys in every language;
# zh-CN is the fallback.

receipt-header = 浙闽通办自助服务
receipt-title = 申请回执
receipt-number-label = 查询编号
receipt-qr-caption = 在自助终端或窗口扫码查询办理进度
receipt-item-label = 办理事项
receipt-office-label = 办理单位
receipt-time-limit-label = 承诺时限
# $days: working days; $days-plural: "one" or "other" (used by English); $office: office name
receipt-time-limit = 自受理之日起 { $days } 个工作日内办结
receipt-submitted-label = 提交时间
# Asia/Shanghai. $month and $day unpadded, $month2 and $day2 two digits, $time HH:MM
receipt-submitted-at = { $year }年{ $month }月{ $day }日 { $time }
receipt-site-label = 提交地点
receipt-reprint = 补打 { $time }
receipt-materials-label = 材料情况
receipt-materials-none = 无需提交纸质材料
receipt-material-attached = { $name }（已扫描提交）
receipt-material-e-licence = { $name }（调用电子证照，无需纸质）
receipt-material-missing = { $name }（待补交：请带原件到窗口）
receipt-materials-unknown = 材料情况以办理单位核对为准
receipt-waiting = 本申请已保存在本机，联网后自动发送，无需再次提交。
receipt-sample = 本事项为示例数据，正式内容以办理单位公布为准。
receipt-track-hint = 凭查询编号和申请人身份证号码后四位，可在自助终端或窗口查询办理进度。
receipt-keep = 请妥善保管本回执。如需补打，请找窗口工作人员。

## What printing answers (shown on the confirmation screen)
receipt-printed = 回执已打印，请在出纸口取走。
receipt-saved = 回执已保存，可由工作人员打印。
receipt-no-printer = 本机没有可用的打印机。请记下查询编号，或请窗口工作人员打印回执。

## Errors
error-receipt-font-missing = 本机缺少中文字体，无法生成回执。请联系工作人员。
error-receipt-font-unusable = 回执字体文件无法使用。请联系工作人员。
error-receipt-qr = 无法生成回执上的二维码。请记下查询编号。
error-receipt-print-failed = 回执打印失败。请记下查询编号，或请窗口工作人员补打。
error-receipt-save-failed = 回执无法保存。请记下查询编号，或请窗口工作人员补打。

# Resume slip (暂存凭条)
slip-title = 暂存凭条
slip-code-label = 继续办理码
slip-qr-caption = 在自助终端输入此码，继续填写
slip-saved-label = 暂存时间
slip-valid-label = 有效期至
slip-hint = 凭继续办理码，可在任意一台自助终端接着填写，已填的内容都在。提交之前此码一直有效；再次暂存会换一张新凭条。已扫描的材料需要重新扫描。
slip-keep = 请妥善保管本凭条，不要交给他人：凭此码可以看到您已填写的信息。
slip-printed = 凭条已打印，请在出纸口取走。
slip-saved = 凭条已保存，可由工作人员打印。
slip-no-printer = 本机没有可用的打印机。

# Notarization booking receipt (预约回执)
booking-header = 远程视频公证
booking-title = 预约回执
booking-matter-label = 公证事项
booking-office-label = 公证处
booking-time-label = 视频时间
booking-status-label = 预约状态
booking-status-confirmed = 已确认
booking-status-pending = 待确认
booking-cancel-code-label = 取消码
booking-materials-label = 请备好材料
booking-pending-note = 本预约已保存在本机，联网后由公证处确认；结果可凭查询编号在自助终端查询，也会短信通知。
booking-hint = 到预约时间，请凭查询编号在自助终端进入视频公证。取消或改约请凭取消码办理，至少提前 24 小时。
booking-keep = 请妥善保管本回执，取消码不要告诉他人。

# Legal aid receipt (法律援助回执)
legal-slip-header = 法律援助
legal-slip-title-application = 法律援助申请回执
legal-slip-title-consultation = 法律咨询回执
legal-slip-office-label = 办理机构
legal-slip-why-label = 为什么由它办理
legal-slip-urgent-label = 优先处理
legal-slip-hint-application = 法律援助机构一般在 7 日内决定是否给予法律援助。凭查询编号和身份证号码后四位，可在自助终端查询进度、决定和指派的律师。
legal-slip-hint-consultation = 法律援助中心会打电话给您。凭查询编号和手机号后四位，可在自助终端查询答复。

# The family QR code: plain text a relative photographs (no personal data).
family-note-title = 浙闽通办 · { $item }
family-note-title-notary = 远程视频公证 · { $item }
family-note-number = 受理编号：{ $number }
family-note-office = 办理单位：{ $office }
family-note-materials = 需要的材料：
family-note-no-materials = 不需要另外准备材料。
family-note-material-required = { $n }. { $name }（必需）
family-note-material-optional = { $n }. { $name }（如有）
family-note-more = 还有 { $count } 项，见回执或办事指南
family-note-track = 查进度：在便民服务中心的自助终端点“查询进度”，输入受理编号。
family-note-apply = 带齐材料，到便民服务中心的自助终端或窗口办理。
