"""The notification feed: records written inside the change's own transaction, read and marked read
(``feed``). Push is only the fast path; the feed is the truth."""
