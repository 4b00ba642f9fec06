-- stg_billing__tags: every distinct Tags text of the billing rows, for owner resolution to
-- parse each tag set once (int_tags__parsed).
-- Grain: one row per distinct non-null Tags text. Input: stg_billing (its Tags column
-- only). Warehouse.materialize keeps it as a table beside the roll-up it builds with it.
SELECT DISTINCT Tags
FROM stg_billing
WHERE Tags IS NOT NULL
