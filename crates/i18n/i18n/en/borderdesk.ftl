# What the Rust side says: errors (by stable code), statuses, built-in question labels.

## Answers and validators
error-id-number-format = An ID number has 18 characters: 17 digits, then a digit or the letter X.
error-id-number-region = The region code at the start of the ID number is not right. Please check the first two digits.
error-id-number-birth-date = The birth date inside the ID number is not a real date. Please check digits 7 to 14.
error-id-number-check-char = This ID number is not right; one character may be mistyped. Please check it digit by digit.
error-phone-format = Please enter an 11-digit mobile number, for example 138 0013 8000.
error-credit-code-format = A unified social credit code has 18 digits or capital letters (no I, O, S, V or Z).
error-credit-code-check-char = This credit code is not right; one character may be mistyped.
error-tracking-number-format = A tracking number has 12 digits.
error-tracking-number-check = One digit of this tracking number is wrong. Please check the number on your receipt.
error-answer-required = This answer is required.
error-answer-too-long = This answer is too long: at most { $max } characters.
error-answer-not-an-option = Please choose one of the options shown.
error-date-format = Please enter a real date as year-month-day, for example 2024-03-15.
error-unknown-item = This service could not be found; it may have been withdrawn.
error-unknown-question = This question does not belong to this service.
error-status-transition = This step is not possible in the current status.
error-device-code = This device's number is not valid. Please ask a member of staff.
error-attachment-empty = This file is empty. Please scan again or choose another file.
error-attachment-type = Only images (JPEG, PNG) and PDF files can be handed in.
error-attachment-too-large = The file is too large: each material can be at most { $max_mb } MB. Please scan at a lower resolution and try again.
error-too-many-attachments = One application can carry at most { $max } files.
error-unknown-material = This service does not list that material.
error-material-no-e-licence = No electronic licence can stand in for this material.
error-materials-outstanding = Some required materials are not checked as in order yet, so the application cannot be accepted.
error-attachment-not-found = This file cannot be found; it may have been removed.
error-scanner-unavailable = No scanner is connected to this machine. Please hand the paper documents to the staff at the window.
error-scanner-empty = Nothing has been scanned yet. Place the document on the scanner, scan it, then press again.
error-card-reader-unavailable = No ID card reader is connected to this machine. Please type the details in.
error-card-reader-not-answering = The ID card reader does not answer. Please type the details in, or call a member of staff.
error-card-reader-busy = A card is being read. Please wait a moment.
error-card-not-present = No ID card was found. Lay the card flat on the reader, then press "Read ID card" again.
error-card-removed = The card was taken away before it was read. Leave it on the reader without moving it and read it again.
error-card-read-failed = The card could not be read. Take it off the reader, put it back and try again, or type the details in.
error-card-not-an-id-card = This card is not a resident ID card and cannot be read. Use your ID card, or type the details in.
error-card-read-cancelled = Card reading cancelled.
error-id-card-expired = This ID card is out of date and cannot be used. Please use a valid ID card, or ask the staff at the window.
error-id-card-inconsistent = The card could not be read. Take it off the reader, put it back and try again, or type the details in.
error-rating-already-given = This service has been rated already. Thank you.
error-rating-reason-unknown = Please pick from the reasons listed.
error-rating-followed-up = The follow-up of this rating has been recorded already.
error-rating-by-staff = No rating while staff are logged in: citizens rate the service themselves at a kiosk.
error-bundled-data = The reference data that came with this app cannot be read. Please ask the county administrator to reinstall it.
error-legal-aid-form-unavailable = This application form cannot be printed here: only the person who has just submitted it can print it, a limited number of times. Please ask at the legal aid window.
error-checklist-print-limit = { $max } checklists have been printed in this visit; no more can be printed. Please ask at the window if you need another.
error-family-phone-same = The family member's number cannot be your own. Leave it empty if no one else should get the reminders.
error-family-consent-needed = Please ask your family member first and tick "My family member agrees" below.
error-signature-empty = The signature box is still empty: please write your name in it with your finger, or choose to sign at the office.
error-signature-unreadable = The signature could not be kept. Please tap "Start again" and sign once more.
error-resume-code-format = A resume code has 10 letters and digits. Please check the slip and type it again.
error-resume-code-check = One character of the resume code is wrong. Please check the slip and type it again.
error-enrollment-code-format = An enrollment code is 10 letters and digits.
error-enrollment-code-check = The enrollment code has a mistyped character; check it against the screen and type it again.
error-enrollment-code-unknown = This enrollment code cannot be used: it may be mistyped, used, cancelled or expired. Ask the administrator for a new one.
error-enrollment-codes-too-many = There are too many open enrollment codes; cancel the ones not needed first.
error-text-control-character = This text holds a control character that cannot be saved (often a hidden character from pasted text). Please remove it and type it again.
error-resume-code-unknown = No saved application has this code. Please check the code on the slip.
error-resume-code-used = This resume code has been used already: the application continued with it was submitted, or saved again under a new code.
error-resume-code-expired = This saved application was kept for 7 days and has been deleted. Please fill it in again.
error-resume-code-offline = This machine is offline, so only applications saved here can be resumed. Try again when it is online, or at the kiosk where you saved it.
error-booking-not-found = No such booking was found. Please check the tracking number and the last four characters of the ID number.
error-cancel-code-wrong = The cancel code is wrong. Please check it against the booking receipt.
error-booking-not-active = This booking was cancelled or never confirmed, so it cannot be cancelled.
error-staff-login-required = A member of staff must log in first.
error-kiosk-no-assist = Applications are filled in for citizens at a desk, not at a self-service kiosk.
error-export-failed = The file could not be saved. Check the export folder, or ask technical support.
legal-form-deciding-standard = Against the hardship standard of the province of { $office }: { $outcome }
error-video-not-yet = It is not time for the video call yet. You can join from { $time } on { $date }.
error-video-over = The time for this video call has passed. Please move the booking with the cancel code, or ask a member of staff.
error-video-window = The video window cannot be opened. Please ask a member of staff.

## Server and sync
error-unauthorized = This device is not registered with the server, or its registration has expired. Please ask a member of staff.
error-forbidden = You are not allowed to do this.
error-protocol-unsupported = This app is too old for the server. Please ask a member of staff to update it. Nothing saved is lost.
error-app-version-old = This app must be updated before it syncs again; the update comes by itself. Everything saved stays on this device and is sent after the update.
error-bad-request = The server could not understand the request.
error-payload-too-large = What was sent is too large.
error-batch-too-large = Too much was sent at once.
error-not-found = No matching record was found.
error-cursor-invalid = The sync position is not valid; syncing again from the start.
error-page-limit-invalid = The number of rows per page must be a whole number above zero.
error-page-cursor-invalid = The page position is not valid; start again from the first page.
error-site-mismatch = This record does not belong to this service point.
error-tracking-number-taken = This tracking number is already used by another application. Staff will resolve it.
error-internal = The server has a temporary problem; it will be retried automatically. Nothing saved is lost.
error-mutation-unappliable = The server could not apply this one record (its content is faulty); everything else went through. It has been set aside for staff to look at.
error-too-many-requests = Too many requests. Please try again in a little while.
error-cancel-code-locked = The cancel code of this booking was mistyped too often: it can now be cancelled or moved only at the notary office.
error-bookings-per-person = This applicant has made as many bookings today as one person may. Please book again tomorrow, or contact the notary office.

## This device
error-storage = This device could not store the data. Please ask a member of staff. Nothing saved is lost.
error-server-unreachable = The server cannot be reached right now. Your application is saved here and will be sent when the network is back.
error-server-error = The server cannot handle this right now; it will be retried automatically.
error-not-enrolled = This device is not registered with a server yet; everything is saved on this device.
error-database-newer = The data on this device was written by a newer version of BorderDesk, which this version cannot open. It is kept as it is, nothing is lost: staff, please install the newer version.
app-cannot-start = This device cannot be used for now
error-server-not-https = To protect the device keys, enrollment needs an https server address (or a server on this machine).
error-server-url-missing = With a bare enrollment code the server's address is needed too (--server); the QR code's text carries it.
error-device-already-enrolled = This device is already enrolled. To move it to another site, ask the county administrator to do it on the server.
error-enroll-server-missing = With the code alone this device also needs the server address (server_url). Scan the QR code in the console instead: it carries the address.
error-application-not-found = Nothing was found. Please check the tracking number and the last four characters (of the ID number; for a consultation, of the phone number).
error-id-last-four = Please enter the last four characters of the ID number.

## Application status
status-submitted = Submitted
status-accepted = Accepted
status-forwarded = Forwarded to the handling office
status-in-progress = In progress
status-completed = Completed
status-refused = Not accepted

## Built-in questions
question-name = Applicant's full name
question-id-number = Applicant's ID number
question-phone = Mobile phone number
question-address = Address
question-generic = Please answer

## Life events (services by what happened)
life-event-moving = Moving home
life-event-retiring = Retiring, pensions
life-event-new-baby = Having a baby
life-event-marriage = Marriage or divorce
life-event-starting-business = Starting a business
life-event-closing-business = Closing a business
life-event-buying-car = Buying or driving a car
life-event-job-change = Changing or losing a job
life-event-housing = Buying or renting a home
life-event-lost-documents = Lost documents
life-event-medical-care = Seeing a doctor

## Remote video notarization
error-notary-not-remote = This matter cannot be notarized by video. Please book an in-person appointment at the notary office.
error-notary-matter-not-offered = This notary office does not handle this matter.
error-slot-on-holiday = The notary office is closed on { $date } (public holiday).
error-slot-not-offered = There is no appointment at this time. Please choose one from the list.
error-slot-too-soon = Appointments must be booked at least { $hours } hours ahead.
error-slot-beyond-horizon = Appointments can be booked at most { $days } days ahead.
error-slot-full = This time is fully booked. Please choose another.
error-cancel-too-late = Less than { $hours } hours before the appointment it can no longer be cancelled or moved. Please contact the notary office.
error-notary-calendar = The notary office's booking calendar is not usable. Please ask a member of staff.

## Legal aid
error-legal-aid-household-size-zero = A household has at least one person
error-legal-aid-household-too-large = A household cannot have more than { $max } people; please check
error-legal-aid-area-code = An area code has 6 digits
error-legal-aid-no-place-given = Say where the court sits, where the other party is, or where it happened
error-legal-aid-no-office-for-area = No legal aid office is known for area { $area }; please ask a member of staff
error-legal-aid-unknown-office = The routing rules name an unknown legal aid office ({ $office }); please tell the administrator
error-legal-aid-holidays-unknown = The { $year } public holidays are not loaded, so the time limit cannot be worked out
error-legal-aid-reference-data = Legal aid reference data is inconsistent: { $what }
legal-aid-matter-state-compensation = Compensation from the state for a wrongful official act
legal-aid-matter-social-insurance = Social insurance benefits (pension, medical, unemployment, work injury, maternity)
legal-aid-matter-social-assistance = Social assistance (minimum living allowance, extreme-poverty support, temporary relief)
legal-aid-matter-pension-for-martyrs = Survivor's or disability pension (抚恤金)
legal-aid-matter-support-payments = Support payments for parents, children or a spouse
legal-aid-matter-labour-relations-or-wages = Unpaid wages, or proving you were employed
legal-aid-matter-civil-capacity-declaration = Declaring a person unable, or partly unable, to manage their own affairs
legal-aid-matter-personal-injury-work = Work injury compensation
legal-aid-matter-personal-injury-traffic = Traffic accident compensation
legal-aid-matter-personal-injury-food-drug = Injury from unsafe food or medicine
legal-aid-matter-personal-injury-medical = Medical accident compensation
legal-aid-matter-environmental-damage = Damage from pollution or harm to the environment
legal-aid-matter-other-by-law = Another matter a law or regulation covers
legal-aid-matter-not-listed = None of these
legal-aid-situation-hero-martyr-reputation = Protecting a hero's or martyr's good name (as a close relative)
legal-aid-situation-good-samaritan = A claim arising from helping someone in danger (见义勇为)
legal-aid-situation-acquitted-state-compensation = State compensation after acquittal on retrial
legal-aid-situation-abuse-abandonment-domestic-violence = You suffered abuse, abandonment or domestic violence
legal-aid-status-minor = A minor without a fixed income
legal-aid-status-elderly-without-income = An older person without a fixed income
legal-aid-status-disabled-without-income = A person with a disability without a fixed income
legal-aid-status-social-assistance-recipient = Receiving social assistance
legal-aid-status-judicial-assistance-recipient = Receiving judicial assistance
legal-aid-status-preferential-treatment-recipient = Entitled to preferential treatment (e.g. veterans, martyrs' families)
legal-aid-status-migrant-worker-wages-or-injury = A migrant worker claiming wages or work-injury compensation
legal-aid-outcome-likely-eligible = You are likely to qualify for legal aid
legal-aid-outcome-likely-not = You may not qualify for legal aid, but other free help is available
legal-aid-outcome-clerk-must-decide = A member of staff needs to decide
legal-aid-basis-no-hardship-check = In this situation your income is not checked
legal-aid-basis-hardship-presumed = Your status counts as hardship; bring proof of it
legal-aid-basis-income-within-standard = Household income per person is ¥{ $per_person } a month, not above the { $province ->
        [zhejiang] Zhejiang
       *[fujian] Fujian
    } standard of ¥{ $standard }
legal-aid-reason-matter-not-listed = Legal aid does not cover this kind of matter
legal-aid-reason-income-above-standard = Household income per person is ¥{ $per_person } a month, above the { $province ->
        [zhejiang] Zhejiang
       *[fujian] Fujian
    } standard of ¥{ $standard }
legal-aid-reason-assets-above-limit = Household assets of ¥{ $assets } exceed the { $province ->
        [zhejiang] Zhejiang
       *[fujian] Fujian
    } limit of ¥{ $limit }
legal-aid-reason-migrant-worker-status-only-for-wages-or-injury = Migrant-worker status counts as hardship only for wages or work injury
legal-aid-clerk-matter-set-by-other-law = Staff need to confirm which rule covers this
legal-aid-clerk-income-not-given = Household income was not given
legal-aid-clerk-deciding-province-unknown = It is not yet clear which office will handle this
legal-aid-clerk-no-standard-for-province = The { $province ->
        [zhejiang] Zhejiang
       *[fujian] Fujian
    } hardship standard is not loaded
legal-aid-alternative-consultation = Free legal advice (legal aid centre or village legal adviser)
legal-aid-alternative-mediation = Free mediation by the village or township committee
legal-aid-alternative-legal-hotline-12348 = Call the 12348 legal services hotline
legal-aid-alternative-labour-inspection = Report unpaid wages to the labour inspectorate (12333)
legal-aid-alternative-labour-arbitration = Apply for labour arbitration (free)
legal-aid-alternative-womens-federation = Contact the Women's Federation (12338)
legal-aid-alternative-traffic-accident-mediation = Mediation by the traffic police or the accident mediation committee
legal-aid-alternative-consumer-complaint = Complain through 12315
legal-aid-alternative-medical-dispute-mediation = Medical dispute mediation committee
legal-aid-alternative-apply-anyway = You can still apply; the office answers in writing with reasons
legal-aid-routing-court-seat = Handled by { $office }: the court or authority sits there
legal-aid-routing-obligor-location = Handled by { $office }: the other party is there
legal-aid-routing-events-location = Handled by { $office }: it happened there
legal-aid-routing-cross-city = Forwarded to another city; this hall collects your papers
legal-aid-routing-cross-province = Forwarded across the provincial border; this hall collects your papers
legal-aid-routing-first-to-receive = Another office is competent too; the first to receive it handles it
legal-aid-urgent-deadline-soon = Deadline less than 7 days away: handled first
legal-aid-urgent-evidence-at-risk = Evidence may be lost: handled first
legal-aid-urgent-property-at-risk = Property needs urgent protection: handled first

## Staff accounts and roles (issue 5)
error-login-failed = The user name or password is wrong.
error-offline-first-login = The server cannot be reached, and this account has not logged in on this device before: the first login needs the network. Try again when the network is back, or use an account that has logged in here.
error-account-locked = Too many failed logins: this account is locked. Try again in { $minutes } min.
error-offline-login-expired = The offline login has expired. Log in once while the network is available.
error-permission-denied = Your role does not allow this.
error-password-too-short = A password needs at least { $min } characters.
error-staff-session-expired = Your login has ended. Please log in again.
error-user-name-taken = This user name is taken.
role-clerk = Service window clerk
role-outreach = Outreach worker
role-legal-aid-officer = Legal aid officer
role-notary-staff = Notary office staff
role-admin = Administrator

## Notary office operations and SMS (issue 6); SMS text never holds an ID number
error-notary-office-unknown = There is no such notary office.
error-slot-has-bookings = This time has bookings and cannot be closed.
error-slot-below-taken = The capacity cannot be less than the bookings already made.
error-outcome-not-confirmed = Only a confirmed booking can be marked.
error-outcome-too-early = A booking can be marked once its time has started.
error-outcome-recorded = This booking has been marked already.
sms-booking-confirmed = [BorderDesk] Your video notarization at { $office } is confirmed: { $time }, receipt { $tracking }.
sms-booking-rejected = [BorderDesk] Your video notarization at { $office } on { $time } could not be confirmed, receipt { $tracking }. Please choose another time at a kiosk with your receipt.
sms-booking-cancelled = [BorderDesk] Your video notarization at { $office } on { $time } is cancelled, receipt { $tracking }.
sms-booking-rescheduled = [BorderDesk] Your video notarization has moved to { $time } ({ $office }), receipt { $tracking }.
sms-family-prefix = [For family, forwarded with your agreement]
sms-reminder-day-before = [BorderDesk] Reminder: video notarization tomorrow { $time } at { $office }, receipt { $tracking }. Please bring your ID and documents.
sms-reminder-hour-before = [BorderDesk] Reminder: your video notarization starts at { $time } ({ $office }). Please come to the kiosk a little early, receipt { $tracking }.
sms-legal-aid-accepted = [BorderDesk] { $office } has accepted your legal aid application { $tracking } and decides within about 7 days.
sms-legal-aid-materials-requested = [BorderDesk] { $office } needs more papers for your legal aid application { $tracking }; see which at a kiosk with the number.
sms-legal-aid-approved = [BorderDesk] { $office } grants you legal aid ({ $tracking }) and will assign a lawyer.
sms-legal-aid-refused = [BorderDesk] { $office } refused legal aid ({ $tracking }); the reasons and how to appeal are at a kiosk with the number.
sms-legal-aid-assigned = [BorderDesk] { $office } has assigned a lawyer to your legal aid case { $tracking }; they will contact you.
sms-legal-aid-transferred = [BorderDesk] Your legal aid application { $tracking } was passed to { $office }.

## Legal aid at the offices (issue 4): pushed requests, the office workflow, figures
error-legal-aid-request-malformed = The legal aid request lacks required details. Please ask staff to help fill it in again.
error-legal-aid-request-unknown = No legal aid request was found. Check the tracking number and the last four characters.
error-legal-aid-wrong-state = This step is not possible while the request is at its current stage.
error-legal-aid-materials-requested-already = The notice of missing materials was sent already: each request gets one notice listing everything that is missing.
error-legal-aid-materials-empty = A notice of missing materials lists at least one item.
error-legal-aid-reasons-required = A refusal of legal aid needs written reasons.
error-legal-aid-note-required = Please write a note.
error-legal-aid-lawyer-incomplete = Enter the assigned lawyer's name, law firm and phone number.
error-legal-aid-office-unknown = There is no such legal aid office.
error-legal-aid-transfer-same-office = The request is at this office already; no transfer is needed.
error-legal-aid-action-id-reused = This action number was used for another step. Refresh and try again.
error-legal-aid-wrong-kind = This step does not apply to this kind of request.
error-legal-aid-reference-missing = The server has no legal aid reference data yet. The request is saved on this device and will be sent later.
legal-aid-progress-received = Received
legal-aid-progress-waiting = Saved on this kiosk, waiting to be sent: no legal aid office has it yet
legal-aid-progress-accepted = Accepted
legal-aid-progress-materials-requested = Materials needed
legal-aid-progress-approved = Legal aid granted
legal-aid-progress-refused = Legal aid refused
legal-aid-progress-assigned = Lawyer assigned
legal-aid-progress-transferred = Transferred
legal-aid-progress-answered = Answered
legal-aid-figures-office-code = Office code
legal-aid-figures-office-name = Legal aid office
legal-aid-figures-period = Period
legal-aid-figures-consultations-answered = Consultations answered
legal-aid-figures-applications-received = Applications received
legal-aid-figures-accepted = Accepted
legal-aid-figures-approved = Approved
legal-aid-figures-refused = Refused
legal-aid-figures-assigned = Assigned
legal-aid-figures-assigned-same-day = Assigned the same day
legal-aid-figures-ratings-given = Ratings given
legal-aid-figures-ratings-poor = Of which poor
legal-aid-figures-average-hours-to-assignment = Average hours to assignment
error-speech-unavailable = Read aloud is not available on this device.
error-staff-wrong-site = This account belongs to another site: log in on a device of your own site.
error-staff-wrong-office = This account works only for its own office.
error-staff-office-required = Legal aid officers and notary staff need the office they work for.
error-staff-office-not-for-role = This role does not work for an office; leave the office empty.
error-staff-office-unknown = No such office in the reference data, or not an office of this role.
error-console-not-for-role = The county console is for administrators and legal aid offices; log in on a desk device for window work.
error-staff-disable-self = You cannot disable your own account.
error-staff-change-own-role = You cannot change your own role.
error-csrf-token-invalid = This page is out of date; reload it and try again.
error-catalog-file-bad = The file has { $problems } problem(s); the catalog has not changed.
error-catalog-version-not-kept = This version kept no copy of the catalog, so it cannot be compared or gone back to.
error-catalog-items-in-use = Some items added since that version still have applications being handled, so the catalog cannot go back to it yet. Try again once they are finished.
error-staff-no-office = Your account has no office yet; ask an administrator.
