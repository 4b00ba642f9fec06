-- pulse_compliance_by_team_week: tag compliance of the taggable charges of each ISO week,
-- by owner team and for all teams together.
-- Grain: one row per ISO week (week_start, its Monday) per team, plus one row per week with
-- scope 'all' (team '(all teams)'); scope 'team' rows carry the team.
-- Day: the usage day (charge_date, UTC); only charges with a one-day charge period.
-- Taggable charges, as in compliance_by_dimension_month: usage rows (ChargeCategory
-- 'Usage') except recurring fees (ChargeFrequency 'Recurring') and unused commitment
-- capacity (CommitmentDiscountStatus 'Unused'). A row is compliant when it carries every
-- required tag key with an allowed value (tags_compliant).
-- Cost basis: both, BilledCost and EffectiveCost, exact DECIMAL sums.
-- Parameters: $week_from, $week_to (DATE, the Mondays of the first and last weeks, inclusive).
-- Input: int_charges__rolled_up.
WITH taggable AS (
    SELECT
        CAST(date_trunc('week', charge_date) AS DATE) AS week_start,
        team, tags_compliant, BilledCost, EffectiveCost, row_count
    FROM int_charges__rolled_up
    WHERE ChargeCategory = 'Usage'
      AND ChargeFrequency IS DISTINCT FROM 'Recurring'
      AND CommitmentDiscountStatus IS DISTINCT FROM 'Unused'
      AND ChargePeriodEnd = ChargePeriodStart + INTERVAL '1' DAY
      AND charge_date >= CAST($week_from AS DATE)
      AND charge_date < CAST($week_to AS DATE) + INTERVAL '7' DAY
)
SELECT
    week_start,
    CASE WHEN GROUPING(team) = 0 THEN 'team' ELSE 'all' END           AS scope,
    CASE WHEN GROUPING(team) = 0 THEN team ELSE '(all teams)' END     AS team,
    sum(row_count)                                                        AS row_count,
    coalesce(sum(row_count) FILTER (WHERE tags_compliant), 0)                         AS compliant_rows,
    CAST(sum(BilledCost) AS DECIMAL(38, 10))                          AS billed_cost,
    CAST(sum(EffectiveCost) AS DECIMAL(38, 10))                       AS effective_cost,
    CAST(coalesce(sum(BilledCost) FILTER (WHERE tags_compliant), 0) AS DECIMAL(38, 10))
                                                                      AS compliant_billed_cost,
    CAST(coalesce(sum(EffectiveCost) FILTER (WHERE tags_compliant), 0) AS DECIMAL(38, 10))
                                                                      AS compliant_effective_cost
FROM taggable
GROUP BY GROUPING SETS ((week_start, team), (week_start))
ORDER BY week_start, scope DESC, team
