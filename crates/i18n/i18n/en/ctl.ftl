# borderdesk-ctl: what remote support staff read over SSH (issue 13).

## errors of the support commands
error-outbox-entry-not-found = The outbox has no entry with this number.
error-outbox-not-set-aside = This entry is not set aside (an entry still waiting its turn cannot be retried or discarded).
error-reason-required = Give a reason on one line (at most 500 characters).
error-not-borderdesk-database = This file is not a BorderDesk device database; nothing was restored.
error-database-in-use = The database is open in another program (the app). Close the app, then restore.
error-backup-exists = The backup file exists already; choose another name.
error-backup-other-key = This backup was sealed with another device's key and does not open here; nothing was restored.

## doctor
ctl-check-server = Server
ctl-check-tls = Encryption
ctl-check-clock = Clock offset
ctl-check-disk = Free disk
ctl-check-integrity = Database integrity
ctl-check-key = Key file
ctl-check-printer = Printer
ctl-check-scanner = Scanner folder
ctl-check-card_reader = ID card reader
ctl-check-outbox = Outbox
ctl-check-settings = Settings file
ctl-status-ok = OK
ctl-status-warn = WARN
ctl-status-fail = FAIL
ctl-status-skip = SKIP
ctl-server-reachable = reachable: { $url }
ctl-server-unreachable = not reachable: { $url } ({ $reason })
ctl-not-enrolled = this device is not enrolled
ctl-tls-https = HTTPS
ctl-tls-loopback = HTTP to this machine's loopback (a local TLS proxy encrypts it)
ctl-tls-plain = plain HTTP over the network: not safe
ctl-clock-offset = this device's clock is { $seconds } s { $direction ->
    [ahead] ahead of
   *[behind] behind
} the server's
ctl-clock-unknown = not measured (the server did not answer)
ctl-disk-free = { $mb } MB free
ctl-disk-unknown = cannot be read
ctl-integrity-ok = ok
ctl-integrity-bad = damaged: { $detail }
ctl-key-ok = mode 0600, owned by this user: { $path }
ctl-key-bad = { $path }: { $problem }
ctl-key-missing = no key file at { $path }
ctl-key-mode = mode is { $mode }, should be 0600
ctl-key-owner = owned by another user
ctl-settings-absent = none at { $path } (the environment and the defaults)
ctl-settings-ok = { $path }: { $count } settings
ctl-settings-bad = { $path } is ignored: { $problems }
printer-ready = ready
printer-paused = paused
printer-out_of_paper = out of paper
printer-no_printer = no printer set up
printer-lpstat_missing = lpstat is not installed (no CUPS)
printer-unknown = state unknown
scanner-not_configured = not set (this device has no scanner)
scanner-missing = the folder is not there
scanner-not_writable = the folder is not writable
scanner-ready = ready
card-reader-not_configured = not set (this device has no reader; ID numbers are typed)
card-reader-ready = ready
card-reader-not_answering = does not answer (check the USB cable and the device path)
ctl-outbox-summary = { $waiting } waiting, { $set_aside } set aside
ctl-doctor-ok = All checks done: nothing wrong.
ctl-doctor-failed = All checks done: { $count } failed.

## outbox
ctl-outbox-empty = The outbox is empty.
ctl-outbox-header = No.	Kind	State	Waiting for	Attempts	Code
ctl-state-waiting = waiting
ctl-state-set_aside = set aside
ctl-age-minutes = { $n } min
ctl-age-hours = { $n } h
ctl-age-days = { $n } d
ctl-retried = Back in the queue: #{ $seq } { $kind }; the next sync sends it again. Written to this device's audit log.
ctl-discarded = Discarded: #{ $seq } { $kind }; the server will never get it. The reason is in this device's audit log.

## backup and restore
ctl-backup-done = Backed up to { $path } ({ $bytes } bytes).
ctl-backup-key-note = Personal data in the backup stays sealed with this device's key. The key file is NOT in the backup: keep it safe separately (without it the backup does not open on another machine).
ctl-restore-done = Database restored from { $path }.
ctl-restore-previous = The database as it was is kept as { $path }.

## install-update
error-update-key-missing = The settings file has no county update public key (update_public_key): updates cannot be installed.
error-update-signature = The update's signature is wrong (not the county's key, or the package was changed): not installed.
error-update-not-ours = This is not a BorderDesk package: not installed.
error-update-not-newer = The package version { $offered } is not newer than the installed { $installed }: not installed (updates only go up).
error-update-install-failed = The package manager failed to install it; the version before stays.
ctl-update-installed = BorderDesk { $version } installed (it was { $before }).

## device settings file problems (one per key)
ctl-settings-ignored = settings file ignored: { $problem }
device-setting-not-toml = not TOML: { $reason }
device-setting-unreadable = { $path } cannot be read: { $reason }
device-setting-unknown-key = { $key }: unknown key (known: { $known })
device-setting-text = { $key }: must be a non-empty text in quotes
device-setting-one-of = { $key }: must be one of { $words }
device-setting-county = { $key }: must be a 6-digit county code, e.g. "330329"
device-setting-seconds = { $key }: must be a whole number of seconds, at least { $min }
device-setting-count = { $key }: must be a whole number from { $min } to { $max }
device-setting-port = { $key }: must be a port number from 1 to 65535
device-setting-path = { $key }: must be an absolute path
device-setting-url = { $key }: must start with https:// (plain http only to this machine)
device-setting-word = { $key }: must be one word of at most 128 characters
device-setting-place-name = { $key }: must be a place name in quotes, at most { $max } characters
device-setting-public-key = { $key }: must be the county's update public key (the text of its .pub file, base64)

## status and sync
ctl-status-database = database
ctl-status-device-code = device code
ctl-status-server = server
ctl-status-site = site
ctl-status-outbox = outbox
ctl-status-last-sync = last sync
ctl-status-cursor = cursor
ctl-status-last-error = last error
ctl-status-catalog = catalog items
ctl-value-none = -
ctl-never = never
ctl-device-code-provisional = { $code } (provisional, until the server assigns one)
ctl-outbox-counts = { $waiting } waiting, { $rejected } rejected
ctl-synced = pushed { $pushed } (duplicates { $duplicates }, rejected { $rejected }), pulled { $pulled }; { $waiting } still waiting
ctl-synced-reset = the server asked for a full resync: everything was pulled again.
