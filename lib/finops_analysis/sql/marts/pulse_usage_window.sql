-- pulse_usage_window: the first and last usage day the billing data covers, so the pulse can
-- pick the last complete ISO week.
-- Grain: one row. first_usage_date and last_usage_date are the oldest and newest charge_date
-- (ChargePeriodStart, UTC) of usage rows whose charge period is exactly one day (NULL when
-- there are none). No cost columns.
-- Input: int_charges__rolled_up.
SELECT
    min(charge_date) AS first_usage_date,
    max(charge_date) AS last_usage_date
FROM int_charges__rolled_up
WHERE ChargeCategory = 'Usage'
  AND ChargePeriodEnd = ChargePeriodStart + INTERVAL '1' DAY
