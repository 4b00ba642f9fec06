-- pulse_cost_by_week: spend per ISO week in total, by team and by service: the weekly
-- pulse's movers (a week against the week before).
-- Grain: one row per ISO week (week_start, its Monday) per dimension member; dimension is
-- one of 'total' (member 'Total'), 'team', 'service' (ServiceName).
-- Day: the usage day (charge_date, from ChargePeriodStart, UTC). Only usage rows whose
-- charge period is exactly one day are counted, as in the daily forecast series: monthly
-- fees, tax, credits, purchases and restatements span a month or a term and would land a
-- month's cost in one week.
-- Cost basis: billed_cost (BilledCost) and effective_cost (EffectiveCost), exact DECIMAL
-- sums; never add the two.
-- usage_days: the days of the week on which the member had usage rows (7 for a full week of
-- data), so a reader can tell a partial week from a fall in spend.
-- Parameters: $week_from, $week_to (DATE, the Mondays of the first and last weeks, inclusive).
-- Input: int_charges__rolled_up.
WITH daily AS (
    SELECT
        charge_date,
        CAST(date_trunc('week', charge_date) AS DATE)   AS week_start,
        team,
        coalesce(ServiceName, '(no service)')          AS service,
        sum(BilledCost)                                AS billed_cost,
        sum(EffectiveCost)                             AS effective_cost
    FROM int_charges__rolled_up
    WHERE ChargeCategory = 'Usage'
      AND ChargePeriodEnd = ChargePeriodStart + INTERVAL '1' DAY
      AND charge_date >= CAST($week_from AS DATE)
      AND charge_date < CAST($week_to AS DATE) + INTERVAL '7' DAY
    GROUP BY 1, 2, 3, 4
),
members AS (
    SELECT week_start, charge_date, 'total' AS dimension, 'Total' AS member, billed_cost, effective_cost FROM daily
    UNION ALL
    SELECT week_start, charge_date, 'team', team, billed_cost, effective_cost FROM daily
    UNION ALL
    SELECT week_start, charge_date, 'service', service, billed_cost, effective_cost FROM daily
)
SELECT
    week_start,
    dimension,
    member,
    count(DISTINCT charge_date)                       AS usage_days,
    CAST(sum(billed_cost) AS DECIMAL(38, 10))         AS billed_cost,
    CAST(sum(effective_cost) AS DECIMAL(38, 10))      AS effective_cost
FROM members
GROUP BY week_start, dimension, member
ORDER BY week_start, dimension, member
