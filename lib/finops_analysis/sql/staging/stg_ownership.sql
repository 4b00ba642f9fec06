-- stg_ownership: ownership.csv, trimmed; team names lower-cased like tag values.
-- Grain: one row per line of ownership.csv.
-- Input: raw_ownership (the CSV as text, or an empty view when the file is absent).
-- rule_type 'team' defines a team and its cost center and business unit; 'sub_account'
-- maps a SubAccountId (match_value) to a team; 'tag' maps a tag key/value to a team.
SELECT
    lower(trim(rule_type))          AS rule_type,
    nullif(trim(match_key), '')     AS match_key,
    nullif(trim(match_value), '')   AS match_value,
    lower(trim(team))               AS team,
    nullif(trim(cost_center), '')   AS cost_center,
    nullif(trim(business_unit), '') AS business_unit
FROM raw_ownership
