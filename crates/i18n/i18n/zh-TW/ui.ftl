# UI strings (owned by the UI). Same keys in every language; zh-CN is the fallback.

## Frame: header, language switch, footer
app-name = 浙閩通辦自助服務
nav-home = 首頁
language-switch-label = 選擇語言
language-switch-failed = 沒能切換語言。請再點一次，或請工作人員幫忙。
back = 返回
loading = 載入中…
ui-error-line = 錯誤：{ $message }
ui-error-unexpected = 出了點問題，請再試一次。如果還是不行，請找工作人員協助。
footer-status-label = 本機狀態
sync-online = 已連線
sync-offline = 未連線
sync-not-enrolled = 本機未登記
sync-unknown = 正在讀取本機狀態…
sync-last = 上次同步 { $time }
sync-never = 尚未同步
sync-waiting = { $count } 件待傳送

## Elder mode (长辈模式) and calling staff: header and footer, every screen
elder-toggle = 長輩模式
call-staff = 呼叫工作人員
call-staff-sent = 已通知工作人員，請稍候
call-staff-wait = 已呼叫，{ $seconds } 秒後可再次呼叫

## Home
home-title = 泰順便民服務自助終端
home-greeting = 您好！請點選您要辦理的事項。不會操作也沒關係，隨時可以請工作人員協助。
tile-services = 浙閩通辦
tile-services-desc = 浙江、福建兩地的政務服務，在這裡就能申請
tile-track = 查詢辦理進度
tile-track-desc = 憑收據上的查詢編號，看看辦到哪一步了
tile-notary = 遠端視訊公證
tile-notary-desc = 在這裡與公證員視訊辦理公證
tile-legal-aid = 法律扶助
tile-legal-aid-desc = 申請免費的法律協助，或諮詢法律問題
tile-coming-soon = 即將開放

## Services
services-title = 浙閩通辦事項
services-search-label = 搜尋事項
services-search-placeholder = 輸入事項名稱，例如：醫保、身分證明
services-category-label = 依類別查看
services-count = 共 { $count } 項
services-count-more = 共 { $count } 項，下面是最相關的 { $shown } 項。多輸入幾個字可以找得更準。
services-no-results = 找不到相關事項。可以換個詞試試，或請工作人員協助。
category-all = 全部
category-medical_insurance = 醫療保險
category-social_security = 社會保障
category-household = 戶籍證件
category-housing_fund = 住房公積金
category-marriage_birth = 婚姻生育
category-business = 企業經營
category-transport = 交通出行
side-zhejiang = 浙江辦理
side-fujian = 福建辦理
time-limit = 承諾 { $days } 個工作天辦結

## Item
item-office = 辦理單位
item-side = 辦理地
item-mode = 辦理方式
item-time-limit = 承諾時限
item-time-limit-value = { $days } 個工作天
item-fee = 收費
fee-free = 免費
fee-amount = ¥{ $amount }
mode-fully-online = 全程網辦
mode-collected-and-forwarded = 異地代收代辦
mode-multi-office = 多地聯辦
item-materials = 需要準備的文件
material-required = 必須提供
material-optional = 可選
material-e-licence = 可用電子證照代替
item-start-hint = 接下來每頁問一個問題，依提示填寫即可。填錯了可以返回修改。
start-application = 開始申請
item-sample-note = 本事項為範例資料，正式內容以辦理單位公布為準。
item-load-failed = 暫時無法開啟這個事項

## Interview
interview-progress = 第 { $step } 步，共 { $total } 步
question-optional = （選填）
hint-id-number = 18位，最後一位可能是字母 X
hint-phone = 11位手機號碼，辦理單位會用它聯絡您
hint-date = 請填寫年、月、日，例如 2024-03-15
next = 下一步

## Check your answers
check-title = 請核對您填寫的資料
check-intro = 確認無誤後再送出。哪一項需要修改，就點選它後面的「修改」。
change = 修改
change-what = ：{ $question }
answer-empty = 未填寫
check-declaration = 送出即表示您確認以上資料真實、正確。
submit = 確認送出
submitting = 正在送出…

## Confirmation
confirm-title = 申請已送出
confirm-number-label = 查詢編號
confirm-number-hint = 請記下或拍下這個查詢編號。日後憑它和身分證號碼末四碼，就能查詢辦理進度。
confirm-waiting = 已儲存在本機，連線後會自動傳送。
confirm-next-heading = 接下來的流程
confirm-next-body = { $office }會在 { $days } 個工作天內辦理，如有需要會致電與您聯絡。
back-home = 返回首頁

## Track
track-title = 查詢辦理進度
track-intro = 請填寫收據上的查詢編號，以及申請人身分證號碼的末四碼。
track-number-label = 查詢編號
track-number-hint = 收據上的12位數字
track-id-label = 身分證號碼末四碼
track-id-hint = 最後一碼可能是字母 X
track-submit = 查詢
track-busy = 查詢中…
track-result-heading = 查詢結果
track-item = 辦理事項
track-status = 目前狀態
track-submitted-at = 送出時間
track-history = 辦理紀錄
confirm-printing = 正在列印回執……
confirm-reprint = 再列印一份回執

## Services: browsing without a keyboard
services-popular-heading = 常辦事項
services-life-event-heading = 依生活中的事查找
services-life-event-hint = 不知道事項叫什麼？點一下您遇到的事，就能看到要辦哪些事項。
services-life-event-results = 與「{ $event }」有關的事項
services-life-event-back = 看看其他的事
services-life-event-empty = 暫時沒有相關事項。可以依類別查看，或請工作人員協助。

## Idle warning (shown when nobody has touched the screen for a while)
idle-title = 您還在辦理嗎？
idle-countdown = { $seconds } 秒後將返回首頁，您填寫的內容會被清除
idle-hint = 還要繼續辦理，請點下面的「繼續」。
idle-continue = 繼續

# Materials step
materials-title = 提交材料
materials-intro-scanner = 把材料放在掃描器上，再點這項材料後面的「掃描」。不掃描的材料，可以到窗口交紙本正本。
materials-no-scanner = 本機沒有掃描器。請直接點「下一步」，紙本材料交給窗口工作人員。
material-scan = 掃描
material-scan-more = 再掃一頁
material-scanning = 正在掃描…
material-remove = 刪除
material-file = 已掃描：{ $kind } 檔案，{ $size }
material-state-e-licence = 未掃描：可調用電子證照
material-state-window = 未掃描：請到窗口交紙本材料
material-scanned = 已掃描：{ $name }
material-removed = 已刪除：{ $name }
file-size-mb = { $size } MB
file-size-kb = { $size } KB
check-materials = 材料
check-material-scanned = 已掃描（{ $count } 個檔案）
check-materials-change = 修改材料
confirm-bring-heading = 還需要交的材料
confirm-bring-body = 以下材料沒有掃描，請帶正本到窗口交給工作人員：

# Save for later (暫存) and resume (繼續辦理)
save-later = 暫存，下次再辦
save-later-saving = 正在暫存…
save-later-hint = 會列印一張憑條，憑上面的碼 7 天內可在任意自助終端接著填。
saved-title = 已暫存
saved-code-label = 繼續辦理碼
saved-valid-until = 請保管好憑條。{ $date } 前，憑此碼可在任意一台自助終端接著填寫。
saved-write-down = 憑條沒有列印出來，請把上面的碼抄下來。
saved-next-heading = 下次怎麼繼續
saved-next-body = 在首頁點「繼續辦理」，輸入憑條上的碼，已填的內容都在。此碼只能用一次；已掃描的材料需要重新掃描。
tile-resume = 繼續辦理
tile-resume-desc = 上次沒填完？輸入暫存憑條上的碼接著填
resume-title = 繼續辦理
resume-intro = 請輸入暫存憑條上的繼續辦理碼。
resume-code-label = 繼續辦理碼
resume-code-hint = 10 位字母和數字，例如 K7M2Q-9XAB3，短橫線可以不輸。
resume-submit = 繼續
resume-busy = 正在查找…

# Remote video notarization (遠程視訊公證)
notary-title = 遠程視訊公證
notary-intro = 先選要辦的公證事項，再選公證處和視訊時間。到時間在自助終端和公證員視訊辦理。
notary-find-link = 已經預約了？查看或取消預約
notary-remote-heading = 可以視訊辦理的事項
notary-in-person-heading = 需要到公證處現場辦理的事項
notary-in-person-intro = 以下事項按規定不能視訊辦理，點一下可以看原因。
notary-in-person-tag = 需現場辦理
notary-not-remote-default = 按規定不能視訊辦理。
notary-in-person = 請攜帶身分證件到公證處現場辦理，可先電話諮詢公證處。
notary-place-title = 您的戶籍在哪裡？
notary-place-intro = 公證由戶籍所在地（或事情發生地）的公證處辦理。請選一個地方。
county-330329 = 泰順縣
county-330327 = 蒼南縣
county-350982 = 福鼎市
county-350926 = 柘榮縣
county-350924 = 壽寧縣
county-other = 其他地方
notary-offices-heading = 可以辦理的公證處
notary-no-office = 這幾個公證處都不能辦理這個事項。請諮詢工作人員。
notary-materials-heading = 需要準備的材料
notary-slots-title = 選一個視訊時間
notary-slots-as-of = 空餘名額為 { $time } 時的情況，提交後以公證處確認為準。
notary-slots-no-server = 本機還沒有連網取得名額情況，提交後以公證處確認為準。
notary-slots-none = 近期沒有可預約的時間。請過幾天再看，或諮詢工作人員。
notary-slots-days = 日期
notary-slot-full = 已約滿
notary-slot-free = 餘 { $count } 個
notary-applicant-title = 請填寫預約人資料
notary-applicant-note = 手機號碼用於簡訊通知預約結果和提醒。
notary-book = 確認預約
notary-booking = 正在預約…
notary-done-title = 預約已提交
notary-done-rejected-title = 這個時間已約滿
notary-office-label = 公證處
notary-matter-label = 公證事項
notary-time-label = 視訊時間
notary-cancel-code-label = 取消碼
notary-cancel-hint = 在預約回執上，6 位數字。
notary-cancel = 取消預約
notary-pick-other = 另選時間
notary-move-heading = 改約到其他時間
notary-move-intro = 選一個新時間，輸入上面的取消碼，再點「改約」。原時間在公證處確認改約前仍然有效。
notary-move = 改約
notary-move-pending = 已申請改到 { $time }，等待公證處確認；確認前原時間仍然有效。
notary-join-video = 進入視訊公證
notary-video-hint = 預約時間前 15 分鐘起可以進入。視訊視窗會請求使用攝影機和麥克風，請允許。
notary-video-offline = 本機現在沒有連網，無法進入視訊。請聯繫工作人員，或憑取消碼改約到其他時間。
notary-alternatives = 公證處還有這些時間有空：
notary-find-title = 查看或取消預約
notary-status-pending = 待確認：本機連網後由公證處確認，結果會簡訊通知。
notary-status-confirmed = 已確認。到時間請憑查詢編號在自助終端進入視訊公證。
notary-status-rejected = 沒有約上：這個時間已被約滿，本次預約沒有生效。
notary-status-cancel-pending = 正在取消：本機連網後通知公證處。
notary-status-cancelled = 已取消。

# Staff login and clerk desk (窗口工作台)
staff-entry = 工作人員登入
staff-desk-link = 工作台
staff-login-title = 工作人員登入
staff-user-label = 使用者名稱
staff-password-label = 密碼
staff-login = 登入
staff-logging-in = 正在登入…
clerk-title = 窗口工作台
clerk-who = { $name }（{ $role }）
clerk-offline-login = 離線登入
clerk-sync = 立即同步
clerk-syncing = 正在同步…
clerk-synced = 同步完成。
clerk-refresh = 重新整理
clerk-logout = 登出
clerk-files-waiting = { $count } 個材料檔案待上傳
clerk-last-error = 上次同步出錯：{ $error }
clerk-reprint-label = 補印回執：輸入查詢編號
clerk-reprint = 補印
clerk-queue-heading = 本機辦理的事項
clerk-queue-empty = 本機還沒有辦理過事項。
clerk-col-number = 查詢編號
clerk-col-what = 事項
clerk-col-status = 狀態
clerk-col-time = 時間
clerk-waiting = 待傳送
clerk-refused = 被拒收：{ $error }
read-aloud = 朗讀
read-aloud-stop = 停止朗讀
read-aloud-unavailable = 本機不支援朗讀
read-aloud-failed = 朗讀沒有成功，請再試一次或呼叫工作人員
close-unsent-title = 還有 { $count } 件沒有傳送
close-unsent-body = 這些件保存在本機，不會遺失；下次連上網路同步時會傳送。現在關閉嗎？
close-unsent-keep = 先不關
close-unsent-anyway = 仍然關閉
close-unsent-failed = 沒能關閉視窗，請再試一次

# Notary office desk (公證處工作台)
notary-desk-title = 公證處工作台
notary-desk-prev = 前一天
notary-desk-next = 後一天
notary-desk-slots = 當天時段
notary-desk-no-slots = 這一天不開放視訊公證。
notary-desk-places = 名額
notary-desk-taken = 已約 { $taken } / 共 { $capacity }
notary-desk-closed = 已關閉
notary-desk-actions = 操作
notary-desk-open = 開放
notary-desk-close = 關閉
notary-desk-more = 加一個名額
notary-desk-fewer = 減一個名額
notary-desk-bookings = 當天預約
notary-desk-no-bookings = 這一天沒有預約。
notary-outcome-completed = 已辦結
notary-outcome-no-show = 未到場
notary-desk-sms = 簡訊發送情況
notary-desk-no-sms = 這一天沒有簡訊。
notary-desk-sms-kind = 簡訊
notary-sms-kind-day-before = 前一天提醒
notary-sms-kind-hour-before = 一小時前提醒
notary-sms-kind-decision = 預約結果
notary-sms-status-queued = 待發送
notary-sms-status-sent = 已發送
notary-sms-status-failed = 發送失敗
notary-desk-attempts = 已嘗試 { $count } 次

# Legal aid at the kiosk (法律援助)
legal-title = 法律援助
legal-intro = 經濟困難的人遇到法律問題，可以申請免費的律師幫助。先用一分鐘看看是否符合條件，或者直接留下問題，由法律援助中心回電話解答。
legal-check-tile = 看看能不能申請
legal-check-tile-desc = 回答幾個簡單問題，馬上知道結果
legal-consult-tile = 法律諮詢
legal-consult-tile-desc = 留下問題和電話，法律援助中心回電解答
legal-matter-title = 您遇到的是哪一類事？
legal-matter-intro = 選最接近的一項。不確定也沒關係，選「以上都不是」。
legal-situations-title = 有沒有下面這些情況？
legal-statuses-title = 您（申請人）是不是下面這些人？
legal-tick-all = 有就勾上，可以勾多項；都沒有就直接點「下一步」。
legal-household-title = 家庭人口和收入
legal-household-size = 家裡一起生活的有幾口人？
legal-household-income = 全家每月收入一共多少元？
legal-household-income-hint = 工資、養老金、低保等都算，大概數字就行。
legal-income-unknown = 不清楚或不想說（由工作人員判斷）
legal-household-size-invalid = 請填寫家庭人口數，至少 1 人。
legal-income-invalid = 請填寫每月收入（元），或者勾選「不清楚或不想說」。
legal-check-button = 看結果
legal-office-decides = 最終由{ $office }審查決定。
legal-alternatives = 還可以找這些免費幫助
legal-apply-at-window = 要正式申請法律援助，請到窗口，由工作人員協助填寫申請表。也可以先留下問題諮詢。
legal-consult-title = 法律諮詢
legal-consult-intro = 寫下您的問題和電話，法律援助中心會打電話給您解答。
legal-consult-topic = 是什麼方面的事？
legal-consult-topic-hint = 例如：拖欠工資、離婚、交通事故
legal-consult-question = 您的問題
legal-consult-callback = 什麼時候方便接電話？（可不填）
legal-consult-callback-hint = 例如：工作日上午
legal-consult-name = 怎麼稱呼您？（可不填）
legal-consult-send = 提交諮詢
legal-consult-done = 諮詢已提交
legal-consult-next = { $office }會打電話給您。憑查詢編號和手機號後四位可以查詢進度。
