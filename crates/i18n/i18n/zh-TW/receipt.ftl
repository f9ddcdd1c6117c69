# The printed receipt (回執), owned by crates/receipt. Same keys in every language;
# zh-CN is the fallback.

receipt-header = 浙閩通辦自助服務
receipt-title = 申請回執
receipt-number-label = 查詢編號
receipt-qr-caption = 在自助終端或窗口掃碼查詢辦理進度
receipt-item-label = 辦理事項
receipt-office-label = 辦理單位
receipt-time-limit-label = 承諾時限
# $days: working days; $days-plural: "one" or "other" (used by English); $office: office name
receipt-time-limit = 自受理之日起 { $days } 個工作日內辦結
receipt-submitted-label = 提交時間
# Asia/Shanghai. $month and $day unpadded, $month2 and $day2 two digits, $time HH:MM
receipt-submitted-at = { $year }年{ $month }月{ $day }日 { $time }
receipt-site-label = 提交地點
receipt-reprint = 補印 { $time }
receipt-materials-label = 材料情況
receipt-materials-none = 無需提交紙本材料
receipt-material-attached = { $name }（已掃描提交）
receipt-material-e-licence = { $name }（調用電子證照，無需紙本）
receipt-material-missing = { $name }（待補交：請帶正本到窗口）
receipt-materials-unknown = 材料情況以辦理單位核對為準
receipt-waiting = 本申請已保存在本機，連線後自動傳送，無需再次提交。
receipt-sample = 本事項為示例資料，正式內容以辦理單位公布為準。
receipt-track-hint = 憑查詢編號和申請人身份證號碼後四位，可在自助終端或窗口查詢辦理進度。
receipt-keep = 請妥善保管本回執。如需補印，請找窗口工作人員。

## What printing answers (shown on the confirmation screen)
receipt-printed = 回執已列印，請在出紙口取走。
receipt-saved = 回執已保存，可由工作人員列印。
receipt-no-printer = 本機沒有可用的印表機。請記下查詢編號，或請窗口工作人員列印回執。

## Errors
error-receipt-font-missing = 本機缺少中文字型，無法產生回執。請聯絡工作人員。
error-receipt-font-unusable = 回執字型檔案無法使用。請聯絡工作人員。
error-receipt-qr = 無法產生回執上的二維碼。請記下查詢編號。
error-receipt-print-failed = 回執列印失敗。請記下查詢編號，或請窗口工作人員補印。
error-receipt-save-failed = 回執無法保存。請記下查詢編號，或請窗口工作人員補印。

# Resume slip (暫存憑條)
slip-title = 暫存憑條
slip-code-label = 繼續辦理碼
slip-qr-caption = 在自助終端輸入此碼，繼續填寫
slip-saved-label = 暫存時間
slip-valid-label = 有效期至
slip-hint = 憑繼續辦理碼，可在任意一台自助終端接著填寫，已填的內容都在。提交之前此碼一直有效；再次暫存會換一張新憑條。已掃描的材料需要重新掃描。
slip-keep = 請妥善保管本憑條，不要交給他人：憑此碼可以看到您已填寫的資訊。
slip-printed = 憑條已列印，請在出紙口取走。
slip-saved = 憑條已保存，可由工作人員列印。
slip-no-printer = 本機沒有可用的印表機。

# Notarization booking receipt (預約回執)
booking-header = 遠程視訊公證
booking-title = 預約回執
booking-matter-label = 公證事項
booking-office-label = 公證處
booking-time-label = 視訊時間
booking-status-label = 預約狀態
booking-status-confirmed = 已確認
booking-status-pending = 待確認
booking-cancel-code-label = 取消碼
booking-materials-label = 請備好材料
booking-pending-note = 本預約已保存在本機，連網後由公證處確認；結果可憑查詢編號在自助終端查詢，也會簡訊通知。
booking-hint = 到預約時間，請憑查詢編號在自助終端進入視訊公證。取消或改約請憑取消碼辦理，至少提前 24 小時。
booking-keep = 請妥善保管本回執，取消碼不要告訴他人。

# Legal aid receipt (法律援助回執)
legal-slip-header = 法律援助
legal-slip-title-application = 法律援助申請回執
legal-slip-title-consultation = 法律諮詢回執
legal-slip-office-label = 辦理機構
legal-slip-why-label = 為什麼由它辦理
legal-slip-urgent-label = 優先處理
legal-slip-signed-label = 簽名
legal-slip-signed = 已在螢幕上簽名，簽名隨申請一併提交
legal-slip-unsigned = 未簽名：受理時請在窗口簽名或按手印
legal-slip-hint-application = 法律援助機構一般在 7 日內決定是否給予法律援助。憑查詢編號和身份證號碼後四位，可在自助終端查詢進度、決定和指派的律師。
legal-slip-hint-consultation = 法律援助中心會打電話給您。憑查詢編號和手機號後四位，可在自助終端查詢答覆。

# The family QR code: plain text a relative photographs (no personal data).
family-note-title = 浙閩通辦 · { $item }
family-note-title-notary = 遠程視訊公證 · { $item }
family-note-title-legal-aid = { $item }
family-note-legal-aid-application = 法律援助申請
family-note-legal-consultation = 法律諮詢
family-note-number = 受理編號：{ $number }
family-note-office = 辦理單位：{ $office }
family-note-materials = 需要的材料：
family-note-no-materials = 不需要另外準備材料。
family-note-material-required = { $n }. { $name }（必需）
family-note-material-optional = { $n }. { $name }（如有）
family-note-more = 還有 { $count } 項，見回執或辦事指南
family-note-track = 查進度：在便民服務中心的自助終端點「查詢進度」，輸入受理編號。
family-note-apply = 帶齊材料，到便民服務中心的自助終端或窗口辦理。

## 法律援助申請表與個人誠信承諾書（預填、螢幕簽名）
form-application-title = 法律援助申請表
form-pledge-title = 個人誠信承諾書
form-number-line = 受理編號：{ $number }
form-date = { $year }年{ $month }月{ $day }日
form-date-line = 日期：{ $date }
form-footer = 由自助終端預填列印 · { $site } · 編號 { $number }
form-continued = （續）
form-section-applicant = 申請人基本情況
form-section-agent = 代理申請人情況
form-section-case = 案件情況
form-section-hardship = 經濟困難狀況
form-section-office = 受理資訊
form-name = 姓名
form-sex = 性別
form-sex-male = 男
form-sex-female = 女
form-birth-date = 出生日期
form-phone = 聯絡電話
form-id-number = 公民身份號碼
form-address = 住所地
form-agent-relation = 與申請人關係
form-matter = 申請事項
form-opposing = 對方當事人
form-opposing-kind = 對方類型
form-opposing-person = 個人
form-opposing-organisation = 單位
form-events-date = 案件發生時間
form-events-place = 案件發生地
form-stage = 案件所處階段
form-stage-not-in-court = 尚未進入訴訟或仲裁
form-facts = 案情及申請理由
form-household-size = 家庭人口
form-household-income = 家庭月收入
form-yuan = { $yuan } 元
form-hardship-proof = 困難證明方式
form-hardship-pledge = 個人誠信承諾（見所附承諾書）
form-hardship-exempt = 免予核查經濟困難狀況：{ $grounds }
form-office = 受理機構
form-submitted = 申請時間
form-urgent = 緊急情況
form-urgent-deadline = 時效或期限將於 { $date } 屆滿
form-urgent-evidence = 證據可能滅失
form-urgent-property = 財產可能被轉移
form-application-declaration = 本人保證以上所填內容真實、完整，如有虛假，願意承擔相應的法律責任。
form-signer-applicant = 申請人（簽名）：
form-signer-pledge = 承諾人（簽名）：
form-unsigned = 未在螢幕上簽名：請在受理窗口簽名或按手印
form-pledge-intro = 承諾人{ $name }，公民身份號碼{ $id }，因{ $matter }事項向{ $office }申請法律援助。依照《中華人民共和國法律援助法》第四十一條，本人鄭重承諾：
form-pledge-1 = 一、本人及共同生活的家庭成員的收入、財產等經濟狀況均如實申報，沒有隱瞞、虛報。
form-pledge-2 = 二、本人的經濟狀況符合申請地法律援助經濟困難標準。
form-pledge-3 = 三、本人同意法律援助機構對上述情況進行核查，並如實提供有關情況和材料。
form-pledge-4 = 四、如有不實，本人願意承擔終止法律援助、支付已實際支出的費用等法律責任（《中華人民共和國法律援助法》第四十八條、第六十四條）。
form-printed = 申請表已列印，請在出紙口取走，自己留存。
form-saved = 本機沒有印表機，申請表暫存在本機：請現在請工作人員列印，您離開後就會刪除。
form-no-printer = 本機沒有可用的印表機。申請已提交，申請表可到法律援助窗口索取。

## 公證材料清單（按需列印，無個人資訊）
checklist-header = 遠程視訊公證
checklist-title = 公證材料清單
checklist-printed-at = 列印時間：{ $time }
checklist-section-matter = 辦理事項
checklist-section-materials = 需要準備的材料
checklist-matter = 公證事項
checklist-office = 公證處
checklist-number = 第 { $n } 項
checklist-number-none = —
checklist-none = 不需要另外準備材料。
checklist-required = 必需，請帶原件
checklist-if-any = 如有請帶上
checklist-e-licence = ；可用電子證照代替
checklist-hint = 視訊公證時，請把以上材料的原件放在手邊，公證員會請您對著攝影機出示。材料以公證處的要求為準，有疑問請問窗口工作人員。
checklist-footer = 由自助終端列印 · { $site }
checklist-printed = 材料清單已列印，請在出紙口取走。
checklist-saved = 材料清單已保存，可由工作人員列印。
checklist-no-printer = 本機沒有可用的印表機。螢幕上的材料清單可以用手機拍下來。
