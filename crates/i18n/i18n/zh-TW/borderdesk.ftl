# What the Rust side says: errors (by stable code), statuses, built-in question labels.

## Answers and validators
error-id-number-format = 身分證號碼應為18位：前17位是數字，最後一位是數字或字母X。
error-id-number-region = 身分證號碼開頭的地區代碼不正確，請核對前兩位。
error-id-number-birth-date = 身分證號碼中的出生日期不正確，請核對第7到14位。
error-id-number-check-char = 身分證號碼有誤，可能有一位輸錯了，請逐位核對。
error-phone-format = 請填寫11位手機號碼，例如 138 0013 8000。
error-credit-code-format = 統一社會信用代碼應為18位數字或大寫字母（不含 I、O、S、V、Z）。
error-credit-code-check-char = 統一社會信用代碼有誤，可能有一位輸錯了，請核對。
error-tracking-number-format = 查詢編號應為12位數字。
error-tracking-number-check = 查詢編號有一位數字不對，請核對回執上的號碼。
error-answer-required = 這一項必須填寫。
error-answer-too-long = 填寫內容太長了，最多 { $max } 個字。
error-answer-not-an-option = 請從給出的選項中選擇一項。
error-date-format = 請按「年-月-日」填寫一個真實的日期，例如 2024-03-15。
error-unknown-item = 沒有找到這個辦理事項，可能已經下架。
error-unknown-question = 這個問題不屬於目前事項。
error-status-transition = 目前狀態下不能進行這一步操作。
error-device-code = 本機編號不正確，請聯繫工作人員。

## Server and sync
error-unauthorized = 本機尚未登記或登記已失效，請聯繫工作人員。
error-forbidden = 沒有權限進行這項操作。
error-protocol-unsupported = 本機軟體版本過舊，伺服器已不再支援，請聯繫工作人員升級。已儲存的內容不會遺失。
error-bad-request = 請求內容有誤，伺服器無法處理。
error-payload-too-large = 傳送的內容太大了。
error-batch-too-large = 一次傳送的內容太多了。
error-not-found = 沒有找到相關記錄。
error-cursor-invalid = 同步位置無效，將重新同步。
error-site-mismatch = 這筆記錄不屬於本服務點。
error-tracking-number-taken = 查詢編號與其他申請重複，請工作人員處理。
error-internal = 伺服器暫時出了問題，稍後會自動重試。已儲存的內容不會遺失。

## This device
error-storage = 本機儲存出錯，請聯繫工作人員。已儲存的內容不會遺失。
error-server-unreachable = 暫時連不上伺服器，內容已儲存在本機，連線後自動傳送。
error-server-error = 伺服器暫時無法處理，稍後會自動重試。
error-not-enrolled = 本機尚未登記到伺服器，內容會儲存在本機。
error-application-not-found = 沒有找到這個申請，請核對查詢編號和身分證號碼後四位。
error-id-last-four = 請填寫身分證號碼的後四位。

## Application status
status-submitted = 已提交
status-accepted = 已受理
status-forwarded = 已轉交辦理地
status-in-progress = 辦理中
status-completed = 已辦結
status-refused = 不予受理

## Built-in questions
question-name = 申請人姓名
question-id-number = 申請人身分證號碼
question-phone = 聯絡電話（手機）
question-address = 聯絡地址
question-generic = 請填寫

## Life events (services by what happened)
life-event-moving = 搬家、遷戶口
life-event-retiring = 退休、領養老金
life-event-new-baby = 生孩子
life-event-marriage = 結婚、離婚
life-event-starting-business = 開店、辦企業
life-event-closing-business = 關店、註銷企業
life-event-buying-car = 買車、開車
life-event-job-change = 換工作、失業
life-event-housing = 買房、租房
life-event-lost-documents = 證件丟了
life-event-medical-care = 看病就醫

## Remote video notarization
error-notary-not-remote = 該事項不能通過遠程視頻辦理，請預約到公證處當面辦理。
error-notary-matter-not-offered = 該公證處不辦理此事項。
error-slot-on-holiday = 公證處 { $date } 放假，不辦理預約。
error-slot-not-offered = 該時間沒有可預約的時段，請從列表中選擇。
error-slot-too-soon = 請至少提前 { $hours } 小時預約。
error-slot-beyond-horizon = 最多只能預約 { $days } 天內的時段。
error-slot-full = 該時段已約滿，請選擇其他時段。
error-cancel-too-late = 距預約時間不足 { $hours } 小時，不能取消或改約，請聯繫公證處。
error-notary-calendar = 公證處的預約日曆有誤，請聯繫工作人員。
