# The printed receipt (回执), owned by crates/receipt. Same keys in every language;
# zh-CN is the fallback.

receipt-header = Zhejiang–Fujian Self-Service
receipt-title = Application Receipt
receipt-number-label = Tracking number
receipt-qr-caption = Scan at a kiosk or a service window to check progress
receipt-item-label = Service
receipt-office-label = Handling office
receipt-time-limit-label = Time limit
# $days: working days; $days-plural: "one" or "other" (used by English); $office: office name
receipt-time-limit = { $days-plural ->
    [one] Done within 1 working day of acceptance
   *[other] Done within { $days } working days of acceptance
}
receipt-submitted-label = Submitted
# Asia/Shanghai. $month and $day unpadded, $month2 and $day2 two digits, $time HH:MM
receipt-submitted-at = { $year }-{ $month2 }-{ $day2 } { $time }
receipt-site-label = Submitted at
receipt-reprint = Reprint, { $time }
receipt-materials-label = Materials
receipt-materials-none = No paper materials needed
receipt-material-attached = { $name } (scanned and handed in)
receipt-material-e-licence = { $name } (electronic licence, no paper needed)
receipt-material-missing = { $name } (still needed: bring the original to the window)
receipt-materials-unknown = The handling office will check the materials
receipt-waiting = Saved on this kiosk. It will be sent to the handling office automatically when the network is back; you do not need to submit again.
receipt-sample = This service is sample data. The handling office's published details apply.
receipt-track-hint = With the tracking number and the last four characters of the applicant's ID number you can check progress at a kiosk or a service window.
receipt-keep = Please keep this receipt. For a copy, ask the staff at the service window.

## What printing answers (shown on the confirmation screen)
receipt-printed = Your receipt has been printed. Please take it from the printer.
receipt-saved = Your receipt has been saved; the staff can print it for you.
receipt-no-printer = There is no printer here. Please write down the tracking number, or ask the staff at the service window to print the receipt.

## Errors
error-receipt-font-missing = This kiosk has no Chinese font, so the receipt cannot be made. Please ask the staff.
error-receipt-font-unusable = The receipt's font file cannot be used. Please ask the staff.
error-receipt-qr = The QR code for the receipt could not be made. Please write down the tracking number.
error-receipt-print-failed = The receipt could not be printed. Please write down the tracking number, or ask the staff at the service window for a copy.
error-receipt-save-failed = The receipt could not be saved. Please write down the tracking number, or ask the staff at the service window for a copy.

# Resume slip
slip-title = Saved application
slip-code-label = Resume code
slip-qr-caption = Enter this code at a self-service kiosk to continue
slip-saved-label = Saved
slip-valid-label = Valid until
slip-hint = With the resume code you can continue at any self-service kiosk; your answers so far are kept. The code works until the application is submitted; saving again gives a new slip. Scanned materials must be scanned again.
slip-keep = Keep this slip safe and do not give it to others: the code shows the answers you gave.
slip-printed = Your slip has been printed. Please take it from the printer.
slip-saved = Your slip has been saved; the staff can print it for you.
slip-no-printer = There is no printer here.

# Notarization booking receipt
booking-header = Remote video notarization
booking-title = Booking receipt
booking-matter-label = Notarization
booking-office-label = Notary office
booking-time-label = Video call time
booking-status-label = Status
booking-status-confirmed = Confirmed
booking-status-pending = Waiting for confirmation
booking-cancel-code-label = Cancel code
booking-materials-label = Have ready
booking-pending-note = This booking is saved on this machine; the notary office confirms it once the machine is online. Check the result at a kiosk with the tracking number; you will also get a text message.
booking-hint = At the booked time, enter the tracking number at a kiosk to join the video call. To cancel or move the booking use the cancel code, at least 24 hours ahead.
booking-keep = Keep this receipt safe and do not tell anyone the cancel code.

# Legal aid receipt
legal-slip-header = Legal aid
legal-slip-title-application = Legal aid application receipt
legal-slip-title-consultation = Legal consultation receipt
legal-slip-office-label = Handled by
legal-slip-why-label = Why this office
legal-slip-urgent-label = Handled first
legal-slip-signed-label = Signature
legal-slip-signed = Signed on screen; the signature was sent with the application
legal-slip-unsigned = Not signed: please sign or give a fingerprint at the office
legal-slip-hint-application = The legal aid office normally decides within 7 days. With the tracking number and the last four characters of the ID number you can check progress, the decision and the assigned lawyer at a kiosk.
legal-slip-hint-consultation = The legal aid centre will call you. With the tracking number and the last four digits of your phone you can check the answer at a kiosk.

# The family QR code: plain text a relative photographs (no personal data).
family-note-title = Zhejiang–Fujian services · { $item }
family-note-title-notary = Video notarization · { $item }
family-note-title-legal-aid = { $item }
family-note-legal-aid-application = Legal aid application
family-note-legal-consultation = Legal consultation
family-note-number = Tracking number: { $number }
family-note-office = Handled by: { $office }
family-note-materials = Materials needed:
family-note-no-materials = No other materials are needed.
family-note-material-required = { $n }. { $name } (required)
family-note-material-optional = { $n }. { $name } (if you have it)
family-note-more = { $count } more: see the receipt or the service guide
family-note-track = To follow it: at a service centre kiosk press "Track", then type the tracking number.
family-note-apply = Bring the materials to a service centre kiosk or window.

## Legal aid application form and personal integrity pledge (pre-filled, signed on screen)
form-application-title = Legal Aid Application Form
form-pledge-title = Personal Integrity Pledge
form-number-line = Reference: { $number }
form-date = { $year }-{ $month }-{ $day }
form-date-line = Date: { $date }
form-footer = Pre-filled and printed at a self-service kiosk · { $site } · No. { $number }
form-continued = {" "}(continued)
form-section-applicant = Applicant
form-section-agent = Person applying on the applicant's behalf
form-section-case = The matter
form-section-hardship = Financial hardship
form-section-office = Receiving office
form-name = Name
form-sex = Sex
form-sex-male = Male
form-sex-female = Female
form-birth-date = Date of birth
form-phone = Phone
form-id-number = ID number
form-address = Address
form-agent-relation = Relation to the applicant
form-matter = Matter
form-opposing = Other party
form-opposing-kind = Other party is
form-opposing-person = a person
form-opposing-organisation = an organisation
form-events-date = When it happened
form-events-place = Where it happened
form-stage = Stage of the case
form-stage-not-in-court = Not yet before a court or arbitration
form-facts = Facts and reasons
form-household-size = Household members
form-household-income = Household monthly income
form-yuan = { $yuan } yuan
form-hardship-proof = How hardship is shown
form-hardship-pledge = Personal integrity pledge (attached)
form-hardship-exempt = Exempt from the hardship check: { $grounds }
form-office = Office
form-submitted = Applied
form-urgent = Urgent
form-urgent-deadline = A time limit runs out on { $date }
form-urgent-evidence = Evidence may be lost
form-urgent-property = Property may be moved away
form-application-declaration = I confirm that what is written above is true and complete, and I accept the legal consequences of anything false.
form-signer-applicant = Applicant (signature):
form-signer-pledge = Signed:
form-unsigned = Not signed on screen: please sign or give a fingerprint at the office
form-pledge-intro = I, { $name }, ID number { $id }, apply to { $office } for legal aid in a matter of { $matter }. Under Article 41 of the Legal Aid Law of the People's Republic of China I solemnly pledge:
form-pledge-1 = 1. The income and property of my household and me are stated truthfully, nothing hidden or overstated.
form-pledge-2 = 2. My financial situation meets the legal aid hardship standard where I apply.
form-pledge-3 = 3. I agree that the legal aid office may check this, and I will give it the facts and papers it asks for.
form-pledge-4 = 4. If anything is untrue, I accept that legal aid may be ended and that I must pay the costs already incurred (Legal Aid Law, Articles 48 and 64).
form-printed = Your application form has been printed. Please take it from the printer and keep it.
form-saved = There is no printer here; the form is kept on this machine only until you leave. Please ask the staff to print it now.
form-no-printer = There is no printer here. Your application has been sent; ask at the legal aid window for the form.

## Notarization materials checklist (printed on request, no personal data)
checklist-header = Video notarization
checklist-title = Materials checklist
checklist-printed-at = Printed { $time }
checklist-section-matter = What you are notarizing
checklist-section-materials = What to prepare
checklist-matter = Matter
checklist-office = Notary office
checklist-number = No. { $n }
checklist-number-none = —
checklist-none = Nothing to prepare.
checklist-required = required, bring the original
checklist-if-any = bring it if you have it
checklist-e-licence = ; an electronic licence will do
checklist-hint = Keep the originals of these at hand during the video call: the notary will ask you to hold them up to the camera. The notary office's own requirements decide; ask at the window if unsure.
checklist-footer = Printed at a self-service kiosk · { $site }
checklist-printed = Your checklist has been printed. Please take it from the printer.
checklist-saved = Your checklist has been saved; the staff can print it for you.
checklist-no-printer = There is no printer here. You can photograph the list on the screen.
