# What the Rust side says: errors (by stable code), statuses, built-in question labels.

## Answers and validators
error-id-number-format = 身份證號碼應為18位：前17位是數字，最後一位是數字或字母X。
error-id-number-region = 身份證號碼開頭的地區代碼不正確，請核對前兩位。
error-id-number-birth-date = 身份證號碼中的出生日期不正確，請核對第7到14位。
error-id-number-check-char = 身份證號碼有誤，可能有一位輸錯了，請逐位核對。
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
error-attachment-empty = 這個檔案是空的，請重新掃描或換一個檔案。
error-attachment-type = 只能提交圖片（JPEG、PNG）或 PDF 檔案。
error-attachment-too-large = 檔案太大了，每份材料不能超過 { $max_mb } MB。請調低掃描解析度後再試。
error-too-many-attachments = 一份申請最多提交 { $max } 個檔案。
error-unknown-material = 這個事項沒有這項材料。
error-material-no-e-licence = 這項材料沒有可以代替的電子證照。
error-materials-outstanding = 還有必交材料沒有核驗通過，暫不能受理。
error-attachment-not-found = 找不到這份材料，可能已被刪除。
error-scanner-unavailable = 本機沒有連接掃描器。請把紙本材料交給窗口工作人員。
error-scanner-empty = 還沒有掃描到材料。請把材料放在掃描器上掃描，然後再點一次。
error-card-reader-unavailable = 本機沒有連接身份證讀卡機。請直接填寫。
error-card-reader-not-answering = 身份證讀卡機沒有回應。請直接填寫，或呼叫工作人員。
error-card-reader-busy = 正在讀卡，請稍候。
error-card-not-present = 沒有讀到身份證。請把身份證平放在讀卡區，再點「讀身份證」。
error-card-removed = 身份證拿開得太早，沒有讀完。請把身份證放在讀卡區不要移動，再讀一次。
error-card-read-failed = 讀卡出錯。請把身份證拿開，重新放好後再讀一次；也可以直接填寫。
error-card-not-an-id-card = 這張卡不是居民身份證，讀不出來。請放身份證，或直接填寫。
error-card-read-cancelled = 已取消讀卡。
error-id-card-expired = 這張身份證已過有效期，不能用來辦理。請使用有效的身份證，或諮詢窗口工作人員。
error-id-card-inconsistent = 讀卡出錯。請把身份證拿開，重新放好後再讀一次；也可以直接填寫。
error-rating-already-given = 這次辦理已經評價過了，謝謝您。
error-rating-reason-unknown = 請從列出的原因中選擇。
error-rating-followed-up = 這條差評已經登記過回訪結果。
error-rating-by-staff = 工作人員登入時不能評價。評價由民眾本人在自助終端上完成。
error-bundled-data = 本機自帶的參考資料無法讀取。請聯絡縣裡的管理員重新安裝本軟體。
error-legal-aid-form-unavailable = 這份申請表不能在這裡列印：只有剛提交的本人可以列印，次數有限。請到法律援助窗口索取。
error-checklist-print-limit = 這次已經列印了 { $max } 份材料清單，不能再列印了。如還需要，請找窗口工作人員。
error-family-phone-same = 家人的手機號不能和您自己的一樣。不需要家人接收提醒的話，這裡空著就行。
error-family-consent-needed = 請先徵得家人同意，並勾選下面的「家人已同意」。
error-signature-empty = 簽名框裡還沒有字：請用手指在框裡寫下您的名字，或選擇「到窗口簽名」。
error-signature-unreadable = 簽名沒能保存好，請點「重寫」後再簽一次。
error-resume-code-format = 繼續辦理碼是 10 位字母和數字，請對照憑條重新輸入。
error-resume-code-check = 繼續辦理碼有一位輸錯了，請對照憑條重新輸入。
error-enrollment-code-format = 設備登記碼是 10 位字母和數字。
error-enrollment-code-check = 設備登記碼有一位輸錯了，請對照螢幕再輸一次。
error-enrollment-code-unknown = 這個設備登記碼不能用：可能輸錯了、已經用過、已作廢或已過期。請向管理員要一個新的。
error-enrollment-codes-too-many = 有效的登記碼太多了，請先作廢不用的。
error-text-control-character = 這段文字裡有無法保存的控制字元（例如從別處貼上的隱藏字元），請刪去後重新輸入。
error-resume-code-unknown = 沒有找到用這個碼暫存的申請。請核對憑條上的碼。
error-resume-code-used = 這個繼續辦理碼已經用過了：用它接著填的申請已經提交，或者已經換了新的碼。
error-resume-code-expired = 這份暫存的申請已超過 7 天，已經刪除。請重新填寫。
error-resume-code-offline = 本機現在沒有連網，只能繼續在本機暫存的申請。請連網後再試，或到暫存時的自助終端辦理。
error-booking-not-found = 沒有找到這個預約。請核對查詢編號和身份證號碼後四位。
error-cancel-code-wrong = 取消碼不對。請對照預約回執上的取消碼重新輸入。
error-booking-not-active = 這個預約已經取消或沒有預約成功，不能再取消。
error-staff-login-required = 請工作人員先登入。
error-kiosk-no-assist = 自助機上不能代辦，請在窗口電腦上為民眾填寫申請。
error-export-failed = 檔案沒能保存。請檢查匯出資料夾，或聯繫技術支援。
legal-form-deciding-standard = 按{ $office }所在省的經濟困難標準：{ $outcome }
error-video-not-yet = 還沒到視訊時間。{ $date } { $time } 起可以進入。
error-video-over = 這次視訊時間已經過了。請憑取消碼改約，或聯繫工作人員。
error-video-window = 視訊視窗打不開。請聯繫工作人員。

## Server and sync
error-unauthorized = 本機尚未登記或登記已失效，請聯繫工作人員。
error-forbidden = 沒有權限進行這項操作。
error-protocol-unsupported = 本機軟體版本過舊，伺服器已不再支援，請聯繫工作人員升級。已儲存的內容不會遺失。
error-app-version-old = 本機軟體需要更新後才能繼續同步，更新會自動進行。已儲存的內容都在本機，更新後會自動送達。
error-bad-request = 請求內容有誤，伺服器無法處理。
error-payload-too-large = 傳送的內容太大了。
error-batch-too-large = 一次傳送的內容太多了。
error-not-found = 沒有找到相關記錄。
error-cursor-invalid = 同步位置無效，將重新同步。
error-page-limit-invalid = 每頁筆數須為大於零的整數。
error-page-cursor-invalid = 翻頁位置無效，請從第一頁重新查看。
error-site-mismatch = 這筆記錄不屬於本服務點。
error-tracking-number-taken = 查詢編號與其他申請重複，請工作人員處理。
error-internal = 伺服器暫時出了問題，稍後會自動重試。已儲存的內容不會遺失。
error-mutation-unappliable = 伺服器無法辦理這一筆紀錄（內容有誤），其餘紀錄已正常提交。這一筆已單獨留存，請工作人員查看。
error-too-many-requests = 查詢太頻繁了，請稍後再試。
error-cancel-code-locked = 這個預約的取消碼輸錯次數太多，已不能在自助機上取消或改期，請聯繫公證處辦理。
error-bookings-per-person = 這位申請人今天的預約次數已經到上限了。請明天再約，或聯繫公證處。

## This device
error-storage = 本機儲存出錯，請聯繫工作人員。已儲存的內容不會遺失。
error-server-unreachable = 暫時連不上伺服器，內容已儲存在本機，連線後自動傳送。
error-server-error = 伺服器暫時無法處理，稍後會自動重試。
error-not-enrolled = 本機尚未登記到伺服器，內容會儲存在本機。
error-database-newer = 這台設備上的資料是較新版本的 BorderDesk 寫的，這個版本打不開。資料原樣保留，沒有遺失：請工作人員安裝新版本。
app-cannot-start = 本機暫時無法使用
error-server-not-https = 為保護裝置金鑰，只能透過 https 連線伺服器進行登記（本機上的伺服器除外）。
error-server-url-missing = 只輸入了登記碼時，還需要伺服器位址（--server）；掃描 QR 碼得到的內容裡已經帶有位址。
error-device-already-enrolled = 本機已經登記過了。要換到別的網點，請縣裡的管理員在伺服器上操作。
error-enroll-server-missing = 只輸入登記碼時，本機還需要設定伺服器位址（server_url）。請掃描管理台上的二維碼，二維碼裡帶有位址。
error-application-not-found = 沒有找到，請核對查詢編號和末四碼（身份證號碼末四碼；法律諮詢是手機號碼末四碼）。
error-id-last-four = 請填寫身份證號碼的後四位。

## Application status
status-submitted = 已提交
status-accepted = 已受理
status-forwarded = 已轉交辦理地
status-in-progress = 辦理中
status-completed = 已辦結
status-refused = 不予受理

## Built-in questions
question-name = 申請人姓名
question-id-number = 申請人身份證號碼
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
error-notary-not-remote = 該事項不能通過遠程視訊辦理，請預約到公證處當面辦理。
error-notary-matter-not-offered = 該公證處不辦理此事項。
error-slot-on-holiday = 公證處 { $date } 放假，不辦理預約。
error-slot-not-offered = 該時間沒有可預約的時段，請從列表中選擇。
error-slot-too-soon = 請至少提前 { $hours } 小時預約。
error-slot-beyond-horizon = 最多只能預約 { $days } 天內的時段。
error-slot-full = 該時段已約滿，請選擇其他時段。
error-cancel-too-late = 距預約時間不足 { $hours } 小時，不能取消或改約，請聯繫公證處。
error-notary-calendar = 公證處的預約日曆有誤，請聯繫工作人員。

## Legal aid
error-legal-aid-household-size-zero = 家庭人口至少為1人
error-legal-aid-household-too-large = 家庭人口不能超過{ $max }人，請核對
error-legal-aid-area-code = 地區代碼應為6位數字
error-legal-aid-no-place-given = 請說明法院或機關所在地、對方所在地或事情發生地
error-legal-aid-no-office-for-area = 沒有找到負責該地區（{ $area }）的法律援助機構，請工作人員協助
error-legal-aid-unknown-office = 轉辦規則指向未知的法律援助機構（{ $office }），請聯繫管理員
error-legal-aid-holidays-unknown = { $year }年節假日安排尚未載入，無法計算期限
error-legal-aid-reference-data = 法律援助基礎數據有誤：{ $what }
legal-aid-matter-state-compensation = 要求國家賠償（公家辦錯事造成損失）
legal-aid-matter-social-insurance = 社保待遇（養老、醫療、失業、工傷、生育保險）
legal-aid-matter-social-assistance = 社會救助（低保、特困供養、臨時救助等）
legal-aid-matter-pension-for-martyrs = 撫卹金
legal-aid-matter-support-payments = 贍養費、撫養費、扶養費（老人、孩子、配偶的生活費）
legal-aid-matter-labour-relations-or-wages = 拖欠工資、沒簽勞動合同
legal-aid-matter-civil-capacity-declaration = 認定家人無民事行為能力或限制民事行為能力
legal-aid-matter-personal-injury-work = 工傷賠償
legal-aid-matter-personal-injury-traffic = 交通事故賠償
legal-aid-matter-personal-injury-food-drug = 食品、藥品安全事故受傷賠償
legal-aid-matter-personal-injury-medical = 醫療事故賠償
legal-aid-matter-environmental-damage = 環境污染、生態破壞造成的損失
legal-aid-matter-other-by-law = 法律法規規定的其他事項
legal-aid-matter-not-listed = 以上都不是
legal-aid-situation-hero-martyr-reputation = 作為近親屬維護英雄烈士的名譽
legal-aid-situation-good-samaritan = 見義勇為後主張權益
legal-aid-situation-acquitted-state-compensation = 再審改判無罪後申請國家賠償
legal-aid-situation-abuse-abandonment-domestic-violence = 遭受虐待、遺棄或家庭暴力
legal-aid-status-minor = 未成年人，沒有固定生活來源
legal-aid-status-elderly-without-income = 老年人，沒有固定生活來源
legal-aid-status-disabled-without-income = 殘疾人，沒有固定生活來源
legal-aid-status-social-assistance-recipient = 領取低保、特困供養等社會救助
legal-aid-status-judicial-assistance-recipient = 司法救助對象
legal-aid-status-preferential-treatment-recipient = 優撫對象（如退役軍人、烈士家屬）
legal-aid-status-migrant-worker-wages-or-injury = 進城務工人員，討要工資或工傷賠償
legal-aid-outcome-likely-eligible = 您很可能符合法律援助條件
legal-aid-outcome-likely-not = 您可能不符合法律援助條件，但還有其他免費幫助
legal-aid-outcome-clerk-must-decide = 需要工作人員為您判斷
legal-aid-basis-no-hardship-check = 這種情況不審查經濟狀況
legal-aid-basis-hardship-presumed = 您的身份視為經濟困難，請帶上證明材料
legal-aid-basis-income-within-standard = 家庭人均月收入{ $per_person }元，不高於{ $province ->
        [zhejiang] 浙江
       *[fujian] 福建
    }標準{ $standard }元
legal-aid-reason-matter-not-listed = 這類事項不在法律援助範圍內
legal-aid-reason-income-above-standard = 家庭人均月收入{ $per_person }元，高於{ $province ->
        [zhejiang] 浙江
       *[fujian] 福建
    }標準{ $standard }元
legal-aid-reason-assets-above-limit = 家庭財產{ $assets }元，超過{ $province ->
        [zhejiang] 浙江
       *[fujian] 福建
    }上限{ $limit }元
legal-aid-reason-migrant-worker-status-only-for-wages-or-injury = 進城務工人員身份只在討要工資或工傷賠償時視為經濟困難
legal-aid-clerk-matter-set-by-other-law = 需要工作人員確認適用哪項規定
legal-aid-clerk-income-not-given = 沒有填寫家庭收入
legal-aid-clerk-deciding-province-unknown = 還不確定由哪個法律援助機構辦理
legal-aid-clerk-no-standard-for-province = 暫未載入{ $province ->
        [zhejiang] 浙江
       *[fujian] 福建
    }經濟困難標準
legal-aid-alternative-consultation = 免費法律諮詢（法律援助中心或村居法律顧問）
legal-aid-alternative-mediation = 人民調解（村、鄉鎮調解委員會，免費）
legal-aid-alternative-legal-hotline-12348 = 撥打12348公共法律服務熱線
legal-aid-alternative-labour-inspection = 向勞動保障監察投訴欠薪（12333）
legal-aid-alternative-labour-arbitration = 申請勞動爭議仲裁（不收費）
legal-aid-alternative-womens-federation = 聯繫婦聯（12338）
legal-aid-alternative-traffic-accident-mediation = 交警或交通事故調解委員會調解
legal-aid-alternative-consumer-complaint = 撥打12315投訴
legal-aid-alternative-medical-dispute-mediation = 醫療糾紛人民調解委員會（醫調委）
legal-aid-alternative-apply-anyway = 仍可申請，法律援助機構會書面答覆並說明理由
legal-aid-routing-court-seat = 由{ $office }辦理：法院或機關在其轄區
legal-aid-routing-obligor-location = 由{ $office }辦理：對方在其轄區
legal-aid-routing-events-location = 由{ $office }辦理：事情發生在其轄區
legal-aid-routing-cross-city = 跨市轉辦，材料由本服務廳代收
legal-aid-routing-cross-province = 跨省轉辦，材料由本服務廳代收
legal-aid-routing-first-to-receive = 另有機構也可辦理，由先收到申請的機構辦理
legal-aid-urgent-deadline-soon = 期限不足7天，優先處理
legal-aid-urgent-evidence-at-risk = 證據可能滅失，優先處理
legal-aid-urgent-property-at-risk = 財產需緊急保全，優先處理

## Staff accounts and roles (issue 5)
error-login-failed = 使用者名稱或密碼不正確。
error-offline-first-login = 現在連不上伺服器。這個帳號還沒有在本機連網登入過，第一次登入需要連網；網路恢復後再試，或改用已在本機登入過的帳號。
error-account-locked = 登入失敗次數過多，帳戶已鎖定，請 { $minutes } 分鐘後再試。
error-offline-login-expired = 離線登入已過期，請在連網時登入一次。
error-permission-denied = 您的職務沒有這項操作的權限。
error-password-too-short = 密碼至少需要 { $min } 個字元。
error-staff-session-expired = 登入已失效，請重新登入。
error-user-name-taken = 這個使用者名稱已被使用。
role-clerk = 窗口工作人員
role-outreach = 外出服務
role-legal-aid-officer = 法律援助經辦
role-notary-staff = 公證員/公證處工作人員
role-admin = 管理員

## Notary office operations and SMS (issue 6); SMS text never holds an ID number
error-notary-office-unknown = 沒有這個公證處。
error-slot-has-bookings = 這個時段已有預約，不能關閉。
error-slot-below-taken = 名額不能少於已預約的人數。
error-outcome-not-confirmed = 只有已確認的預約才能登記辦理結果。
error-outcome-too-early = 預約時段開始後才能登記辦理結果。
error-outcome-recorded = 這個預約的辦理結果已經登記過了。
sms-booking-confirmed = 【邊境通辦】您在{ $office }的視訊公證預約已確認：{ $time }，回執號{ $tracking }。
sms-booking-rejected = 【邊境通辦】您在{ $office }{ $time }的視訊公證預約未能確認，回執號{ $tracking }。請憑回執到自助終端選擇其他時段。
sms-booking-cancelled = 【邊境通辦】您在{ $office }{ $time }的視訊公證預約已取消，回執號{ $tracking }。
sms-booking-rescheduled = 【邊境通辦】您的視訊公證預約已改到{ $time }（{ $office }），回執號{ $tracking }。
sms-family-prefix = 【家人提醒】以下是轉給您的家人的簡訊（本號碼經登記同意）：
sms-reminder-day-before = 【邊境通辦】提醒：您明天{ $time }在{ $office }有視訊公證預約，回執號{ $tracking }。請帶好身份證件和材料。
sms-reminder-hour-before = 【邊境通辦】提醒：您的視訊公證預約{ $time }開始（{ $office }），請提前到自助終端等候，回執號{ $tracking }。
sms-legal-aid-accepted = 【邊境通辦】您的法律援助申請（受理編號{ $tracking }）已由{ $office }受理，一般在 7 日內作出決定。
sms-legal-aid-materials-requested = 【邊境通辦】{ $office }審查您的法律援助申請（受理編號{ $tracking }）需要補充材料，請憑受理編號在自助終端查看要補哪些。
sms-legal-aid-approved = 【邊境通辦】{ $office }決定給予您法律援助（受理編號{ $tracking }），將為您指派律師。
sms-legal-aid-refused = 【邊境通辦】{ $office }決定不予法律援助（受理編號{ $tracking }），理由和救濟途徑請憑受理編號在自助終端查看。
sms-legal-aid-assigned = 【邊境通辦】{ $office }已為您的法律援助案件（受理編號{ $tracking }）指派律師，律師會聯繫您，也可憑受理編號在自助終端查看聯絡方式。
sms-legal-aid-transferred = 【邊境通辦】您的法律援助申請（受理編號{ $tracking }）已轉交{ $office }辦理。

## Legal aid at the offices (issue 4): pushed requests, the office workflow, figures
error-legal-aid-request-malformed = 法律援助申請缺少必填內容，請工作人員協助重新填寫。
error-legal-aid-request-unknown = 沒有找到這個法律援助申請。請核對查詢編號和後四位。
error-legal-aid-wrong-state = 申請目前的辦理狀態不允許這一步操作。
error-legal-aid-materials-requested-already = 已經發過補充材料通知，每個申請只能一次性告知全部需補充的材料。
error-legal-aid-materials-empty = 補充材料通知至少要列出一項材料。
error-legal-aid-reasons-required = 不予法律援助的，必須書面說明理由。
error-legal-aid-note-required = 請填寫說明。
error-legal-aid-lawyer-incomplete = 請填寫指派律師的姓名、律師事務所和電話。
error-legal-aid-office-unknown = 沒有這個法律援助機構。
error-legal-aid-transfer-same-office = 申請已在本機構，不需要轉辦。
error-legal-aid-action-id-reused = 操作編號已用於另一項操作，請重新整理後重試。
error-legal-aid-wrong-kind = 這一步操作不適用於這類申請。
error-legal-aid-reference-missing = 伺服器尚未載入法律援助基礎資料，申請已保存在本機，稍後會自動提交。
legal-aid-progress-received = 已收到
legal-aid-progress-waiting = 儲存在本機，等待傳送：法律援助機構還沒有收到
legal-aid-progress-accepted = 已受理
legal-aid-progress-materials-requested = 需補充材料
legal-aid-progress-approved = 決定給予法律援助
legal-aid-progress-refused = 決定不予法律援助
legal-aid-progress-assigned = 已指派律師
legal-aid-progress-transferred = 已轉辦
legal-aid-progress-answered = 已答覆
legal-aid-figures-office-code = 機構代碼
legal-aid-figures-office-name = 法律援助機構
legal-aid-figures-period = 統計期間
legal-aid-figures-consultations-answered = 答覆諮詢
legal-aid-figures-applications-received = 收到申請
legal-aid-figures-accepted = 受理
legal-aid-figures-approved = 給予援助
legal-aid-figures-refused = 不予援助
legal-aid-figures-assigned = 指派
legal-aid-figures-assigned-same-day = 當日指派
legal-aid-figures-ratings-given = 收到評價
legal-aid-figures-ratings-poor = 其中差評
legal-aid-figures-average-hours-to-assignment = 平均指派用時（小時）
error-speech-unavailable = 本機不支援朗讀。
error-staff-wrong-site = 此帳戶屬於其他站點，只能在本人所在站點的設備上登入。
error-staff-wrong-office = 此帳戶只能辦理本人所屬機構的業務。
error-staff-office-required = 法律援助經辦和公證處工作人員的帳戶必須指定所屬機構。
error-staff-office-not-for-role = 此職務不隸屬於某個機構，不能指定所屬機構。
error-staff-office-unknown = 參考資料中沒有這個機構，或機構類別與職務不符。
error-console-not-for-role = 縣級管理台只對管理員和法律援助機構開放；窗口工作請在本機登入。
error-staff-disable-self = 不能停用自己的帳號。
error-staff-change-own-role = 不能修改自己的崗位。
error-csrf-token-invalid = 頁面已過期，請重新整理後再試。
error-catalog-file-bad = 上傳的檔案有 { $problems } 處問題，目錄沒有任何改動。
error-catalog-version-not-kept = 這個版本沒有保存當時的完整目錄，不能查看差異或恢復。
error-catalog-items-in-use = 這個版本之後新增的事項中，還有正在辦理的申請，不能恢復到這個版本。請等這些申請辦結後再試。
error-staff-no-office = 您的帳戶尚未指定所屬機構，請聯絡管理員。
