-- A qualified translator's review of one script paragraph in one language (desktop/core/scripts/reviews.py).
-- source_revision is a short SHA-256 of the English paragraph the review was made against: when the source
-- changes, the review no longer matches and counts as stale (the paragraph is a draft again). The reviewer's name
-- and credential are copied as text, so the record of who checked stays true if the directory entry changes.
CREATE TABLE script_reviews (
    locale TEXT NOT NULL CHECK (length(locale) > 0),
    context TEXT NOT NULL CHECK (length(context) > 0),     -- the paragraph's msgctxt, e.g. 'consent.2'
    checked INTEGER NOT NULL DEFAULT 0 CHECK (checked IN (0, 1)),
    corrected_text TEXT NOT NULL DEFAULT '',               -- '' = the shipped draft's words stand
    back_translation TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    reviewer_name TEXT NOT NULL CHECK (length(reviewer_name) > 0),
    reviewer_credential TEXT NOT NULL DEFAULT '',
    reviewed_on TEXT NOT NULL,                             -- ISO date
    source_revision TEXT NOT NULL CHECK (length(source_revision) > 0),
    PRIMARY KEY (locale, context)
);
