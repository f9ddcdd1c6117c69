//! Legal aid (法律援助): eligibility, routing to the competent office, deadlines.
