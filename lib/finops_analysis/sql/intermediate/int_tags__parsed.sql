-- int_tags__parsed: every key/value pair of every distinct Tags object, parsed once.
-- Grain: one row per distinct Tags text and tag key in it.
-- Input: stg_billing__tags (the distinct Tags texts). Charges join back on the Tags text,
-- so each distinct tag set is parsed once however many rows carry it. Keys and values are
-- trimmed and lower-cased.
WITH objects AS (
    SELECT Tags
    FROM stg_billing__tags
    -- CASE, not AND: json_type raises on text that is not JSON
    WHERE CASE WHEN json_valid(Tags) THEN json_type(Tags) = 'OBJECT' ELSE false END
)
SELECT
    t.Tags,
    lower(trim(pair.key))                              AS tag_name,
    lower(trim(json_extract_string(pair.value, '$')))  AS tag_value
FROM objects AS t, json_each(t.Tags) AS pair
WHERE nullif(trim(json_extract_string(pair.value, '$')), '') IS NOT NULL
