"""The matching domain: plain rules, no I/O (eligibility, time out, matching, offers)."""
