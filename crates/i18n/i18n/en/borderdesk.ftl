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

## Server and sync
error-unauthorized = This device is not registered with the server, or its registration has expired. Please ask a member of staff.
error-forbidden = You are not allowed to do this.
error-protocol-unsupported = This app is too old for the server. Please ask a member of staff to update it. Nothing saved is lost.
error-bad-request = The server could not understand the request.
error-payload-too-large = What was sent is too large.
error-batch-too-large = Too much was sent at once.
error-not-found = No matching record was found.
error-cursor-invalid = The sync position is not valid; syncing again from the start.
error-site-mismatch = This record does not belong to this service point.
error-tracking-number-taken = This tracking number is already used by another application. Staff will resolve it.
error-internal = The server has a temporary problem; it will be retried automatically. Nothing saved is lost.

## This device
error-storage = This device could not store the data. Please ask a member of staff. Nothing saved is lost.
error-server-unreachable = The server cannot be reached right now. Your application is saved here and will be sent when the network is back.
error-server-error = The server cannot handle this right now; it will be retried automatically.
error-not-enrolled = This device is not registered with a server yet; everything is saved on this device.
error-application-not-found = No application was found. Please check the tracking number and the last four characters of the ID number.
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
