-- ownership_rows: ownership.csv as written, plus whether each line's team is defined
-- by a team line (rule lines may only point at defined teams).
-- Grain: one row per line of ownership.csv. Input: raw_ownership.
SELECT
    *,
    CASE WHEN team IS NULL THEN NULL
         ELSE lower(trim(team)) IN (SELECT lower(trim(team)) FROM raw_ownership
                                    WHERE lower(trim(rule_type)) = 'team' AND team IS NOT NULL)
    END AS team_is_defined
FROM raw_ownership
