-- stg_usage_metrics: business volumes for unit economics, typed.
-- Grain: one row per date, product and metric (usage_metrics.csv).
-- Input: raw_usage_metrics (text, or empty when the file is absent).
SELECT
    TRY_CAST(trim("date") AS DATE)   AS metric_date,
    lower(trim(product))             AS product,
    lower(trim(metric))              AS metric,
    TRY_CAST(trim("value") AS DOUBLE) AS metric_value
FROM raw_usage_metrics
