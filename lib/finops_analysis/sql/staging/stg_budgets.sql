-- stg_budgets: monthly budgets per cost center, typed.
-- Grain: one row per month and cost center (budgets.csv).
-- Input: raw_budgets (text, or empty when the file is absent).
SELECT
    TRY_CAST(trim("month") || '-01' AS DATE)       AS budget_month,
    trim(cost_center)                              AS cost_center,
    TRY_CAST(trim(amount) AS DECIMAL(38, 10))      AS budget_amount,
    upper(trim(currency))                          AS currency
FROM raw_budgets
