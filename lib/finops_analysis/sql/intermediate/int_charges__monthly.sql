-- int_charges__monthly: the owned roll-up summed over the usage day, for everything that
-- reports by finance month (allocation, chargeback, variance, compliance, commitments by
-- month): about a thirtieth of the lines of int_charges__rolled_up, which keeps the day.
-- Grain: one row per finance month (billing_month) and every other column of
-- int_charges__rolled_up but the charge period and its day. Cost basis: both, exact DECIMAL
-- sums; row_count and *_rows count charge rows as in the roll-up. last_usage_date: the newest
-- day-long charge period among the line's charges (a month still in progress shows it).
-- Input: int_charges__rolled_up; the select list is filled in by staging.resummed(), the
-- day columns dropped. Warehouse.materialize keeps it as a table beside the roll-up.
SELECT
    {resummed},
    max(charge_date) FILTER (WHERE ChargePeriodEnd = ChargePeriodStart + INTERVAL '1' DAY) AS last_usage_date
FROM int_charges__rolled_up
GROUP BY ALL
