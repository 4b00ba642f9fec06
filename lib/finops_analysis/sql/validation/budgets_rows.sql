-- budgets_rows: budgets.csv as written, plus whether each cost center is one that
-- ownership.csv defines (NULL when there is no ownership.csv to compare with).
-- Grain: one row per line of budgets.csv. Inputs: raw_budgets, stg_ownership.
SELECT
    *,
    CASE WHEN NOT EXISTS (SELECT 1 FROM stg_ownership WHERE rule_type = 'team') OR cost_center IS NULL THEN NULL
         ELSE trim(cost_center) IN (SELECT cost_center FROM stg_ownership WHERE rule_type = 'team')
    END AS cost_center_is_known
FROM raw_budgets
