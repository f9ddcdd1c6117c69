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
legal-slip-signed-label = 签名
legal-slip-signed = 已在屏幕上签名，签名随申请一并提交
legal-slip-unsigned = 未签名：受理时请在窗口签名或按手印
legal-slip-hint-application = 法律援助机构一般在 7 日内决定是否给予法律援助。凭查询编号和身份证号码后四位，可在自助终端查询进度、决定和指派的律师。
legal-slip-hint-consultation = 法律援助中心会打电话给您。凭查询编号和手机号后四位，可在自助终端查询答复。

# The family QR code: plain text a relative photographs (no personal data).
family-note-title = 浙闽通办 · { $item }
family-note-title-notary = 远程视频公证 · { $item }
family-note-title-legal-aid = { $item }
family-note-legal-aid-application = 法律援助申请
family-note-legal-consultation = 法律咨询
family-note-number = 受理编号：{ $number }
family-note-office = 办理单位：{ $office }
family-note-materials = 需要的材料：
family-note-no-materials = 不需要另外准备材料。
family-note-material-required = { $n }. { $name }（必需）
family-note-material-optional = { $n }. { $name }（如有）
family-note-more = 还有 { $count } 项，见回执或办事指南
family-note-track = 查进度：在便民服务中心的自助终端点“查询进度”，输入受理编号。
family-note-apply = 带齐材料，到便民服务中心的自助终端或窗口办理。

## 法律援助申请表与个人诚信承诺书（预填、屏幕签名）
form-application-title = 法律援助申请表
form-pledge-title = 个人诚信承诺书
form-number-line = 受理编号：{ $number }
form-date = { $year }年{ $month }月{ $day }日
form-date-line = 日期：{ $date }
form-footer = 由自助终端预填打印 · { $site } · 编号 { $number }
form-continued = （续）
form-section-applicant = 申请人基本情况
form-section-agent = 代理申请人情况
form-section-case = 案件情况
form-section-hardship = 经济困难状况
form-section-office = 受理信息
form-name = 姓名
form-sex = 性别
form-sex-male = 男
form-sex-female = 女
form-birth-date = 出生日期
form-phone = 联系电话
form-id-number = 公民身份号码
form-address = 住所地
form-agent-relation = 与申请人关系
form-matter = 申请事项
form-opposing = 对方当事人
form-opposing-kind = 对方类型
form-opposing-person = 个人
form-opposing-organisation = 单位
form-events-date = 案件发生时间
form-events-place = 案件发生地
form-stage = 案件所处阶段
form-stage-not-in-court = 尚未进入诉讼或仲裁
form-facts = 案情及申请理由
form-household-size = 家庭人口
form-household-income = 家庭月收入
form-yuan = { $yuan } 元
form-hardship-proof = 困难证明方式
form-hardship-pledge = 个人诚信承诺（见所附承诺书）
form-hardship-exempt = 免予核查经济困难状况：{ $grounds }
form-office = 受理机构
form-submitted = 申请时间
form-urgent = 紧急情况
form-urgent-deadline = 时效或期限将于 { $date } 届满
form-urgent-evidence = 证据可能灭失
form-urgent-property = 财产可能被转移
form-application-declaration = 本人保证以上所填内容真实、完整，如有虚假，愿意承担相应的法律责任。
form-signer-applicant = 申请人（签名）：
form-signer-pledge = 承诺人（签名）：
form-unsigned = 未在屏幕上签名：请在受理窗口签名或按手印
form-pledge-intro = 承诺人{ $name }，公民身份号码{ $id }，因{ $matter }事项向{ $office }申请法律援助。依照《中华人民共和国法律援助法》第四十一条，本人郑重承诺：
form-pledge-1 = 一、本人及共同生活的家庭成员的收入、财产等经济状况均如实申报，没有隐瞒、虚报。
form-pledge-2 = 二、本人的经济状况符合申请地法律援助经济困难标准。
form-pledge-3 = 三、本人同意法律援助机构对上述情况进行核查，并如实提供有关情况和材料。
form-pledge-4 = 四、如有不实，本人愿意承担终止法律援助、支付已实际支出的费用等法律责任（《中华人民共和国法律援助法》第四十八条、第六十四条）。
form-printed = 申请表已打印，请在出纸口取走，自己留存。
form-saved = 本机没有打印机，申请表暂存在本机：请现在请工作人员打印，您离开后就会删除。
form-no-printer = 本机没有可用的打印机。申请已提交，申请表可到法律援助窗口索取。

## 公证材料清单（按需打印，无个人信息）
checklist-header = 远程视频公证
checklist-title = 公证材料清单
checklist-printed-at = 打印时间：{ $time }
checklist-section-matter = 办理事项
checklist-section-materials = 需要准备的材料
checklist-matter = 公证事项
checklist-office = 公证处
checklist-number = 第 { $n } 项
checklist-number-none = —
checklist-none = 不需要另外准备材料。
checklist-required = 必需，请带原件
checklist-if-any = 如有请带上
checklist-e-licence = ；可用电子证照代替
checklist-hint = 视频公证时，请把以上材料的原件放在手边，公证员会请您对着摄像头出示。材料以公证处的要求为准，有疑问请问窗口工作人员。
checklist-footer = 由自助终端打印 · { $site }
checklist-printed = 材料清单已打印，请在出纸口取走。
checklist-saved = 材料清单已保存，可由工作人员打印。
checklist-no-printer = 本机没有可用的打印机。屏幕上的材料清单可以用手机拍下来。
