-- allocation_metrics_by_product_month: business volumes per product and month, for the
-- usage-driver rule and for unit costs.
-- Grain: one row per month (calendar month of the metric's UTC day), product and metric.
-- Cost basis: none (volumes). Input: stg_usage_metrics.
-- metric_value sums the days (requests, GB processed); daily_average divides by the days
-- reported, the right measure for a level such as active_tenants.
SELECT
    CAST(date_trunc('month', metric_date) AS DATE)  AS billing_month,
    product,
    metric,
    sum(metric_value)                               AS metric_value,
    count(DISTINCT metric_date)                     AS days,
    sum(metric_value) / count(DISTINCT metric_date) AS daily_average
FROM stg_usage_metrics
WHERE metric_date IS NOT NULL AND metric_value IS NOT NULL AND product IS NOT NULL
GROUP BY ALL
ORDER BY billing_month, product, metric
