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
legal-slip-hint-application = 法律援助機構一般在 7 日內決定是否給予法律援助。憑查詢編號和身份證號碼後四位，可在自助終端查詢進度、決定和指派的律師。
legal-slip-hint-consultation = 法律援助中心會打電話給您。憑查詢編號和手機號後四位，可在自助終端查詢答覆。

# The family QR code: plain text a relative photographs (no personal data).
family-note-title = 浙閩通辦 · { $item }
family-note-title-notary = 遠程視訊公證 · { $item }
family-note-number = 受理編號：{ $number }
family-note-office = 辦理單位：{ $office }
family-note-materials = 需要的材料：
family-note-no-materials = 不需要另外準備材料。
family-note-material-required = { $n }. { $name }（必需）
family-note-material-optional = { $n }. { $name }（如有）
family-note-more = 還有 { $count } 項，見回執或辦事指南
family-note-track = 查進度：在便民服務中心的自助終端點「查詢進度」，輸入受理編號。
family-note-apply = 帶齊材料，到便民服務中心的自助終端或窗口辦理。
