# UI strings (owned by the UI). Same keys in every language; zh-CN is the fallback.

## Frame: header, language switch, footer
app-name = Zhejiang–Fujian Self-Service
nav-home = Home
language-switch-label = Choose a language
language-switch-failed = The language could not be changed. Please tap it again, or ask a member of staff.
back = Back
loading = Loading…
ui-error-line = Error: { $message }
ui-error-unexpected = Something went wrong. Please try again. If it still does not work, ask a member of staff.
footer-status-label = Status of this kiosk
sync-online = Online
sync-offline = Offline
sync-not-enrolled = Kiosk not registered
sync-unknown = Reading the kiosk status…
sync-last = Last synced { $time }
sync-never = Not synced yet
sync-update-needed = sent after the app updates
sync-waiting = { $count ->
    [one] 1 application waiting to send
   *[other] { $count } applications waiting to send
}

## Elder mode (长辈模式) and calling staff: header and footer, every screen
elder-toggle = Large text
call-staff = Call staff
call-staff-calling = Calling staff…
call-staff-unreached = No desk answered. Please go to a service window, or wave to a member of staff in the hall.
call-staff-wait = Called. You can call again in { $seconds } s

## Home
home-title = Taishun Public Services Kiosk
home-greeting = Hello! Tap what you want to do. If you are not sure how, a member of staff can help you at any time.
tile-services = Zhejiang–Fujian services
tile-services-desc = Apply here for public services of both Zhejiang and Fujian
tile-track = Check your application
tile-track-desc = See how far your application has got, with the number on your receipt
tile-notary = Remote video notarization
tile-notary-desc = Have a document notarized by video call from here
tile-legal-aid = Legal aid
tile-legal-aid-desc = Ask for free legal help or advice
tile-coming-soon = Coming soon

## Services
services-title = Zhejiang–Fujian services
services-search-label = Search for a service
services-search-placeholder = Type a name, for example: medical insurance
services-category-label = Browse by category
services-count = { $count ->
    [one] 1 service
   *[other] { $count } services
}
services-count-more = { $count } services found; the { $shown } best matches are shown. Type a few more letters to narrow it down.
services-no-results = No service found. Try another word, or ask a member of staff.
category-all = All
category-medical_insurance = Medical insurance
category-social_security = Social security
category-household = Household and ID
category-housing_fund = Housing fund
category-marriage_birth = Marriage and birth
category-business = Business
category-transport = Transport
side-zhejiang = Handled in Zhejiang
side-fujian = Handled in Fujian
time-limit = { $days ->
    [one] Done within 1 working day
   *[other] Done within { $days } working days
}

## Item
item-office = Handling office
item-side = Handled in
item-mode = How it is handled
item-time-limit = Time limit
item-time-limit-value = { $days ->
    [one] 1 working day
   *[other] { $days } working days
}
item-fee = Fee
fee-free = Free
fee-amount = ¥{ $amount }
mode-fully-online = Fully online
mode-collected-and-forwarded = Collected here, handled there
mode-multi-office = Handled jointly by several offices
item-materials = What you need
material-required = Required
material-optional = Optional
material-e-licence = An electronic licence will do
item-start-hint = We will ask one question per page. You can go back and change any answer.
start-application = Start application
item-sample-note = This service is sample data. The handling office's published details apply.
item-load-failed = This service cannot be opened right now

## Interview
interview-progress = Step { $step } of { $total }
question-optional = (optional)
hint-id-number = 18 characters; the last one may be the letter X
hint-phone = 11-digit mobile number; the office will use it to contact you
hint-date = Enter the year, month and day, for example 2024-03-15
next = Continue

## Check your answers
check-title = Check your answers
check-intro = Make sure everything is right before you submit. To change an answer, tap Change next to it.
change = Change
change-what = : { $question }
answer-empty = Not given
check-declaration = By submitting you confirm that this information is true and correct.
submit = Submit
submitting = Submitting…

## Confirmation
confirm-title = Application submitted
confirm-number-label = Tracking number
confirm-number-hint = Write down or take a photo of this number. With it and the last four characters of your ID number you can check your application.
confirm-waiting = Saved on this kiosk. It will be sent automatically when the network is back.
confirm-next-heading = What happens next
confirm-next-body = { $days ->
    [one] { $office } will handle it within 1 working day and will call you if needed.
   *[other] { $office } will handle it within { $days } working days and will call you if needed.
}
back-home = Back to home

## Track
track-title = Check your application
track-intro = Enter the tracking number from your receipt and the last four characters of the applicant's ID number (for a legal consultation: the last four digits of the phone number you left). Applications, legal aid and notary bookings can all be tracked here.
track-number-label = Tracking number
track-number-hint = The 12 digits on your receipt
track-id-label = Last four of the ID number (consultation: of the phone number)
track-id-hint = The last one may be the letter X
track-booking-manage = Change, cancel or join the video notarization
track-submit = Check
track-busy = Checking…
track-result-heading = Your application
track-item = Service
track-status = Current status
track-submitted-at = Submitted
track-history = History
confirm-printing = Printing your receipt…
confirm-reprint = Print another copy of the receipt

## Services: browsing without a keyboard
services-popular-heading = Most asked
services-life-event-heading = Find by what is happening in your life
services-life-event-hint = Not sure what the service is called? Touch what happened to see what to apply for.
services-life-event-results = Services for: { $event }
services-life-event-back = Other life events
services-life-event-empty = No services for this yet. Browse by category, or ask a member of staff.

## Idle warning (shown when nobody has touched the screen for a while)
idle-title = Are you still there?
idle-countdown = { $seconds ->
    [one] In 1 second this screen goes back to the start and what you entered is cleared
   *[other] In { $seconds } seconds this screen goes back to the start and what you entered is cleared
}
idle-hint = To carry on, touch Continue below.
idle-continue = Continue

# Materials step
materials-title = Hand in materials
materials-intro-scanner = Place a document on the scanner, then press "Scan" next to it. Anything you do not scan can be handed in on paper at the window.
materials-no-scanner = This machine has no scanner. Press "Next" and hand the paper documents to the staff at the window.
card-read-offer = Have your ID card? Put it on the reader and your name and ID number are filled in.
card-read-button = Read ID card
card-read-again = Read again
card-read-waiting = Put your ID card on the reader and keep it still until it is read…
card-read-cancel = Stop reading
card-read-done = Read from the ID card. Please check, then press "Next".
family-qr-title = For your family
family-qr-body = Take a photo of this code with a phone to see the list of materials to bring. It holds no name, ID number or other personal data.
family-qr-body-number = Take a photo of this code with a phone to see the tracking number and the materials, so family can follow it too. It holds no name, ID number or other personal data.
family-qr-alt = QR code: the service, its office and the materials list
family-qr-alt-number = QR code: the tracking number, the service, its office and the materials list
rating-question = How satisfied are you with this service?
rating-hint = One tap is enough; you may also leave it.
rating-level-very_satisfied = Very satisfied
rating-level-satisfied = Satisfied
rating-level-basic = Fairly satisfied
rating-level-dissatisfied = Dissatisfied
rating-level-very_dissatisfied = Very dissatisfied
rating-reasons-question = What went wrong? (Pick any, or none.)
rating-send = Send rating
rating-thanks = Thank you for your rating!
rating-thanks-poor = Thank you for your rating. Staff will follow it up within the set time and improve the service.
clerk-kind-poor-rating = Poor rating
desk-rating-open = To follow up by { $due }
desk-rating-followed-up = Followed up
clerk-follow-up = Record follow-up
clerk-follow-up-heading = Record the follow-up of a poor rating
clerk-follow-up-label = What was done (call back, changes made)
clerk-follow-up-save = Save follow-up
clerk-follow-up-cancel = Cancel
clerk-follow-up-saved = Follow-up recorded.
material-scan = Scan
material-scan-more = Scan another page
material-scanning = Scanning…
material-remove = Remove
material-file = Scanned: { $kind } file, { $size }
material-state-e-licence = Not scanned: the electronic licence can be used
material-state-window = Not scanned: hand in the paper at the window
material-scanned = Scanned: { $name }
material-removed = Removed: { $name }
file-size-mb = { $size } MB
file-size-kb = { $size } KB
check-materials = Materials
check-material-scanned = Scanned ({ $count } file(s))
check-materials-change = Change materials
confirm-bring-heading = Materials still needed
confirm-bring-body = These were not scanned. Please bring the originals to the window:

# Save for later and resume
save-later = Save and finish later
save-later-saving = Saving…
save-later-hint = A slip is printed; with its code you can carry on at any kiosk within 7 days.
saved-title = Saved
saved-code-label = Resume code
saved-valid-until = Keep the slip safe. Until { $date } this code lets you carry on at any self-service kiosk.
saved-write-down = The slip could not be printed: please write the code down.
saved-next-heading = How to carry on
saved-next-body = On the home screen press "Continue an application" and enter the code; your answers are kept. The code works until the application is submitted; scanned materials must be scanned again.
tile-resume = Continue an application
tile-resume-desc = Did not finish last time? Enter the code from your slip
resume-title = Continue an application
resume-intro = Enter the resume code from your slip.
resume-code-label = Resume code
resume-code-hint = 10 letters and digits, e.g. K7M2Q-9XAB3; the dash can be left out.
resume-submit = Continue
resume-busy = Looking it up…

# Remote video notarization
notary-title = Remote video notarization
notary-intro = Choose the notarization, then the notary office and a time. At that time you join a video call with the notary at a kiosk.
notary-find-link = Already booked? See or cancel a booking
notary-remote-heading = Can be done by video
notary-in-person-heading = Must be done in person at the notary office
notary-in-person-intro = By law these cannot be done by video; press one to see why.
notary-in-person-tag = In person only
notary-not-remote-default = By law this cannot be done by video.
notary-in-person = Please go to the notary office in person with your ID; you can phone the office first.
notary-place-title = Where is your household registered?
notary-place-intro = The notary office of your registered household (or of where the matter took place) handles it. Choose a place.
county-330329 = Taishun
county-330327 = Cangnan
county-350982 = Fuding
county-350926 = Zherong
county-350924 = Shouning
county-other = Somewhere else
notary-offices-heading = Notary offices that can handle it
notary-no-office = None of these offices handles this notarization. Please ask a member of staff.
notary-materials-heading = Documents to have ready
notary-slots-title = Choose a time for the video call
notary-slots-as-of = Free places as of { $time }; the notary office confirms your booking.
notary-slots-no-server = This machine has not been online to fetch free places yet; the notary office confirms your booking.
notary-slots-none = No times can be booked soon. Please look again in a few days, or ask a member of staff.
notary-slots-days = Dates
notary-slot-full = Fully booked
notary-slot-free = { $count } free
notary-applicant-title = Who is booking?
notary-applicant-note = The mobile number is for the text messages about your booking and the reminders.
notary-family-phone = A family member's mobile number
notary-family-phone-hint = If given, the booking's decision and reminders are also sent to this family member by SMS.
notary-family-consent = My family member agrees to get these messages
notary-book = Book
notary-booking = Booking…
notary-done-title = Booking made
notary-done-rejected-title = This time is fully booked
notary-office-label = Notary office
notary-matter-label = Notarization
notary-time-label = Video call time
notary-cancel-code-label = Cancel code
notary-cancel-hint = Eight letters and digits, on the booking receipt; capitals or small letters both work.
notary-cancel = Cancel the booking
notary-pick-other = Choose another time
notary-move-heading = Move to another time
notary-move-intro = Choose a new time, enter the cancel code above, then press "Move". The old time stays booked until the notary office confirms the move.
notary-move = Move
notary-move-pending = A move to { $time } waits for the notary office; until then the old time stays booked.
notary-join-video = Join the video call
notary-video-hint = You can join from 15 minutes before the booked time. The video window asks to use the camera and microphone; please allow it.
notary-video-offline = This machine is offline, so the video call cannot start. Please ask a member of staff, or move the booking with the cancel code.
notary-video-browser = No picture in the video window? Open it in the browser instead
notary-alternatives = The notary office still has these times free:
notary-find-title = See or cancel a booking
notary-find-id-label = Last four characters of the booker's ID number
notary-status-pending = Waiting for confirmation: the notary office confirms it once this machine is online; you will get a text message.
notary-status-confirmed = Confirmed. At that time, enter the tracking number at a kiosk to join the video call.
notary-status-rejected = Not booked: this time filled up, so the booking did not go through.
notary-status-cancel-pending = Being cancelled: the notary office is told once this machine is online.
notary-status-cancelled = Cancelled.

# Staff login and clerk desk
staff-entry = Staff login
staff-desk-link = Clerk desk
staff-login-title = Staff login
staff-user-label = User name
staff-password-label = Password
staff-login = Log in
staff-logging-in = Logging in…
clerk-title = Clerk desk
clerk-who = { $name } ({ $role })
clerk-offline-login = Offline login
clerk-sync = Sync now
clerk-syncing = Syncing…
clerk-synced = Sync finished.
clerk-refresh = Refresh
clerk-logout = Log out
clerk-files-waiting = { $count } material file(s) to upload
clerk-last-error = Last sync failed: { $error }
clerk-reprint-label = Reprint a receipt: enter the tracking number
clerk-reprint = Reprint
clerk-reprinting = Reprinting…
clerk-queue-heading = Handled on this machine
clerk-queue-empty = Nothing has been handled on this machine yet.
clerk-col-number = Tracking number
clerk-col-what = Service
clerk-col-status = Status
clerk-col-time = Time
clerk-waiting = Waiting to send
clerk-refused = Refused: { $error }
read-aloud = Read aloud
read-aloud-stop = Stop reading
read-aloud-unavailable = Read aloud not available here
read-aloud-failed = Reading aloud did not work. Try again or call staff.
read-aloud-no-sound = Reading aloud made no sound: this machine's speakers seem not to work. Please call staff.
close-unsent-title = { $count ->
    [one] 1 record has not been sent
   *[other] { $count } records have not been sent
}
close-unsent-other-title = Some work records have not been sent
close-unsent-body = They are saved on this device and will not be lost; they are sent at the next sync with a network. Close now?
close-unsent-keep = Keep open
close-unsent-anyway = Close anyway
close-unsent-failed = The window could not be closed. Please try again.

# Notary office desk
notary-desk-title = Notary office desk
notary-desk-prev = Previous day
notary-desk-next = Next day
notary-desk-slots = Times of the day
notary-desk-no-slots = No video notarization on this day.
notary-desk-places = Places
notary-desk-taken = { $taken } of { $capacity } booked
notary-desk-closed = Closed
notary-desk-actions = Actions
notary-desk-open = Open
notary-desk-close = Close
notary-desk-more = One more place
notary-desk-fewer = One place fewer
notary-desk-bookings = Bookings of the day
notary-desk-no-bookings = No bookings on this day.
notary-outcome-completed = Completed
notary-outcome-no-show = No-show
notary-desk-sms = Text messages
notary-desk-no-sms = No text messages on this day.
notary-desk-sms-kind = Message
notary-sms-kind-day-before = Day-before reminder
notary-sms-kind-hour-before = Hour-before reminder
notary-sms-kind-decision = Booking decision
notary-sms-kind-legal-aid-status = Legal aid progress
notary-sms-status-queued = Queued
notary-sms-status-sent = Sent
notary-sms-status-failed = Failed
notary-desk-attempts = { $count } attempts

# Legal aid at the kiosk
legal-title = Legal aid
legal-intro = People with little money can get a lawyer's help for free. Take a minute to see whether you qualify, or leave your question and the legal aid centre will call you back.
legal-check-tile = Can I get legal aid?
legal-check-tile-desc = Answer a few simple questions and see at once
legal-consult-tile = Legal consultation
legal-consult-tile-desc = Leave your question and phone; the legal aid centre calls back
legal-matter-title = What is it about?
legal-matter-intro = Choose the closest one. Not sure? Choose "None of these".
legal-situations-title = Does any of these apply?
legal-statuses-title = Are you (the applicant) one of these?
legal-tick-all = Tick all that apply; if none does, just press "Next".
legal-household-title = Household and income
legal-household-size = How many people live in your household?
legal-household-income = What is the whole household's monthly income, in yuan?
legal-household-income-hint = Wages, pensions, subsistence allowance and the like all count; a rough figure is fine.
legal-income-unknown = I do not know or would rather not say (a member of staff decides)
legal-household-size-invalid = Enter how many people live in the household, at least 1.
legal-income-invalid = Enter the monthly income in yuan, or tick "I do not know or would rather not say".
legal-check-button = See the result
legal-office-decides = { $office } reviews and decides.
legal-alternatives = Other free help
legal-apply-at-window = To apply for legal aid, please go to the window: the staff help you fill in the application. You can also leave a question first.
legal-consult-title = Legal consultation
legal-consult-intro = Write your question and phone number; the legal aid centre will call you back.
legal-consult-topic = What is it about?
legal-consult-topic-hint = For example: unpaid wages, divorce, a traffic accident
legal-consult-question = Your question
legal-consult-callback = When can we call you? (optional)
legal-consult-callback-hint = For example: weekday mornings
legal-consult-name = What should we call you? (optional)
legal-consult-send = Send
legal-consult-done = Your question has been sent
legal-consult-next = { $office } will call you. With the tracking number and the last four digits of your phone you can check progress.
legal-apply-here = You can apply here and now; the legal aid office answers in writing. You can also leave a question first.
legal-apply = Apply for legal aid
legal-form-title = Legal aid application
legal-form-intro = Please answer truthfully. Fill in what you know.
legal-form-applicant = Applicant
legal-form-matter = What happened
legal-form-opposing = Name of the other party (a person or an organisation)
legal-form-organisation = The other party is an organisation (a company, an authority ...)
legal-form-facts = What happened? Please write a few words
legal-form-events-county = In which county did it happen?
legal-form-place-hint = This decides which legal aid office handles it. Leave out what you do not know, but choose at least one (not needed if you named the court on the screen before).
legal-form-obligor-county = In which county is the other party?
legal-form-county-none = Do not know / not in the list
legal-form-court = Is it already before a court (or arbitration, the police)? Write its name
legal-form-court-hint = Leave it empty if not.
legal-form-court-county = In which county is the court?
legal-form-urgent = Is it urgent?
legal-form-deadline = Is a deadline close (e.g. to sue or appeal)? Write the date
legal-form-evidence = Evidence may be lost
legal-form-property = The other party may move assets away
legal-form-pledge-title = Integrity pledge
legal-form-pledge = I declare that my household's financial hardship is true, and accept responsibility if it is not.
legal-form-exempt = No financial check is needed in your situation, or hardship is presumed: please hand the proof to the staff.
legal-form-done = Application sent
legal-form-next = { $office } reviews it and normally decides within 7 days; you will be told the result.

# Legal aid office desk
legal-desk-title = Legal aid desk
legal-desk-office = Legal aid office
legal-desk-queue = Open requests
legal-desk-empty = No open applications or consultations.
legal-desk-due = Due
legal-desk-steps = Handle
legal-desk-consultation = Consultation
legal-desk-application = Application
legal-desk-urgent = Urgent
legal-desk-overdue = Overdue
legal-desk-misses-target = Missed the same-day target
legal-desk-accept = Accept
legal-desk-approve = Grant legal aid
legal-desk-refuse = Refuse legal aid
legal-desk-reasons = Reasons for refusing (required)
legal-desk-materials = Missing materials, separated by commas
legal-desk-ask-materials = Ask for all missing materials
legal-desk-lawyer = Lawyer's name
legal-desk-firm = Law firm
legal-desk-assign = Assign the lawyer
legal-desk-transfer-to = Transfer to…
legal-desk-transfer = Transfer
legal-desk-transfer-reason = Not within this office's competence
legal-desk-answer-note = The answer
legal-desk-answer = Answered
legal-desk-done = Done; status now: { $status }
legal-desk-figures = Figures
legal-desk-from = From
legal-desk-to = To
legal-desk-show = Show
legal-desk-export = Export CSV
legal-desk-exported = Exported: { $path }
track-legal-note = Answer or reasons
track-legal-lawyer = Assigned lawyer
track-legal-missing = Materials still needed
call-staff-reached = The staff at the window have been told; please wait
clerk-calls = { $count } kiosk(s) calling for staff
clerk-take-call = I'll go
legal-form-review = Next: check the answers
legal-step-sign = Please sign in the box
legal-sign-hint = Write your name in the box below with your finger (or the mouse). The signature is printed on the application form and goes with your application to the legal aid centre.
legal-sign-hint-pledge = Write your name in the box below with your finger (or the mouse). The signature is printed on the application form and the integrity pledge and goes with your application to the legal aid centre.
legal-sign-pad = Signature box
legal-sign-clear = Start again
legal-sign-later = Not now: I will sign or give a fingerprint at the office
legal-review-signature = Signature
legal-review-signed = Signed on screen
legal-review-sign-later = At the office (signature or fingerprint)
legal-form-signed-note = You have signed; your signature was sent with the application.
legal-form-unsigned-note = Please sign or give a fingerprint at the legal aid window when the office receives you.
legal-form-print = Print the application form
legal-form-print-with-pledge = Print the application form and pledge
legal-form-printing = Printing…
enroll-title = Enroll this device
enroll-hint = Installers: type the one-time enrollment code the county console shows, or scan its QR code.
enroll-code-label = Enrollment code
enroll-submit = Enroll
enroll-busy = Enrolling…
enroll-done = This device is enrolled: site { $site }, device { $code }. It syncs by itself when online.
legal-form-family-phone-hint = When the legal aid centre accepts, decides or assigns a lawyer, this family member gets the text message too. It cannot be your own number.
notary-print-checklist = Print the materials checklist
legal-form-for-someone = I am applying for someone else (an agent)
legal-step-agent = Are you applying for yourself, or for someone else?
legal-step-where = Where did it happen, and where is the other party?
legal-form-agent-name = Agent's name
legal-form-agent-id = Agent's ID number
legal-form-agent-relation = How are you related to the applicant?
legal-form-agent-hint = For example: guardian, son or daughter, spouse. Hand the power of attorney or proof of guardianship to the staff.
legal-form-events-date = When did it happen? (optional)
legal-form-materials = Materials (scan what you can; hand the originals to the staff)

# Clerk desk: the site's queue, materials check, assisted applications
clerk-queue-heading-site = This site's work
clerk-queue-source-site = From the server: everything done at this site's kiosks and desks.
clerk-queue-source-device = No server connection (or an offline login): only this device's own work is shown.
clerk-filter-label = Show
clerk-filter-all = All
clerk-kind-application = Cross-province service
clerk-kind-booking = Video notarization
clerk-kind-legal-aid = Legal aid
clerk-kind-consultation = Legal consultation
clerk-kind-staff-call = Call for help
clerk-col-where = From
clerk-lan-device = Kiosk { $code } (over the local network)
clerk-assisted = Assisted
clerk-urgent = Urgent
clerk-open = Open
clerk-open-application = Application { $number }
clerk-close-application = Close
clerk-answers-heading = Answers
clerk-materials-heading = Check the materials
clerk-material-required = Required
clerk-material-optional = Optional
clerk-material-files = { $count } files uploaded
clerk-material-no-files = No file uploaded
clerk-check-seen = Checked
clerk-check-e-licence = E-licence instead
clerk-check-missing = Missing
clerk-check-none = Not checked
clerk-save-checks = Save the checks
clerk-checks-saved = The checks are saved.
clerk-outstanding = { $count } required materials are not checked as in order yet.
clerk-all-in-order = Every required material is in order: the application can be accepted.
clerk-accept = Accept
clerk-accepted = Accepted; the kiosk will receive the new status.
clerk-assisted-by = Filled in by staff member { $user }
clerk-assist = Fill in an application for a citizen
assist-banner = Assisting: you are filling in an application for a citizen; it will be recorded as assisted by { $user }.
assist-stop = Stop assisting
desk-status-saved = Waiting to send
desk-status-open = Waiting
desk-booking-pending = Waiting for confirmation
desk-booking-confirmed = Confirmed
desk-booking-rejected = Not booked
desk-booking-cancelled = Cancelled

## On-screen keyboard
keyboard-label = On-screen keyboard
keyboard-show = Keyboard
keyboard-close = Hide the keyboard
keyboard-close-short = Hide
keyboard-candidates = Suggestions
keyboard-typed-letters = Pinyin typed
keyboard-previous-page = Previous suggestions
keyboard-next-page = More suggestions
keyboard-backspace = Delete
keyboard-space = Space
keyboard-confirm = OK
keyboard-newline = New line
keyboard-done = Done
keyboard-digits = Numbers
keyboard-digits-key = 123
keyboard-abc = Latin letters
keyboard-abc-key = ABC
keyboard-pinyin = Pinyin
keyboard-pinyin-key = 拼音
keyboard-digits-title = Numbers
keyboard-abc-title = Latin letters
keyboard-id-x = X (last character of an ID number)
keyboard-dash = Dash
keyboard-point = Decimal point

# Home in the middle of filling in: ask first
leave-title = Leave this page?
leave-body = What you have filled in is not submitted yet and will be cleared when you go home.
leave-body-save = What you have filled in is not submitted yet. You can save it and carry on another time with the code on the printed slip; otherwise it is cleared when you go home.
leave-stay = Keep filling in
leave-save = Save for later
leave-discard = Don't save, go home
