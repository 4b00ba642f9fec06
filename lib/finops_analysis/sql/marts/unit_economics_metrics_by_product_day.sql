-- unit_economics_metrics_by_product_day: business volumes per product and UTC day.
-- Grain: one row per metric_date, product and metric. Cost basis: none (volumes).
-- Input: stg_usage_metrics (duplicate lines for a day are summed).
SELECT
    metric_date,
    product,
    metric,
    sum(metric_value) AS metric_value
FROM stg_usage_metrics
WHERE metric_date IS NOT NULL AND metric_value IS NOT NULL AND product IS NOT NULL
GROUP BY ALL
ORDER BY metric_date, product, metric
