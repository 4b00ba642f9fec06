-- int_charges__monthly: the owned roll-up by finance month, for everything that reports by
-- month (allocation, chargeback, variance, compliance, commitments by month): about a
-- thirtieth of the lines of int_charges__rolled_up, which keeps the day.
-- Grain: one row per finance month (billing_month) and every other column of
-- int_charges__rolled_up but the charge period and its day. Cost basis: both, exact DECIMAL
-- sums; row_count and *_rows count charge rows as in the roll-up. last_usage_date: the newest
-- day-long charge period among the line's charges (a month still in progress shows it).
-- Input: stg_billing__monthly with its owners (owned_charges, as int_charges__rolled_up).
-- Warehouse.materialize keeps it as a table beside the roll-up.
SELECT * EXCLUDE (ChargePeriodStart, ChargePeriodEnd, charge_date)
FROM owned_charges('stg_billing__monthly')
