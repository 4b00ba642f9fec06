-- opportunities_nonprod_weekends: compute in non-production environments, weekdays
-- against weekends, to find environments left running when nobody works.
-- Grain: one row per sub-account, service, owner team and environment.
-- Cost basis: EffectiveCost, billing currency, of usage rows with a charge period of at
-- most one day (usage days, UTC) in [$window_start, $window_end), ServiceCategory
-- 'Compute', environment tag in $environments. Daily averages divide by the calendar
-- weekdays and weekend days of the window, so a day without cost counts as zero.
-- Input: int_charges__rolled_up.
WITH days AS (
    SELECT
        count(*) FILTER (WHERE isodow(d) < 6)  AS weekdays,
        count(*) FILTER (WHERE isodow(d) >= 6) AS weekend_days
    FROM (SELECT CAST(range AS DATE) AS d
          FROM range(CAST($window_start AS TIMESTAMP), CAST($window_end AS TIMESTAMP), INTERVAL 1 DAY))
),
usage AS (
    SELECT
        coalesce(SubAccountName, SubAccountId) AS sub_account,
        ServiceName                            AS service,
        team,
        tag_environment                        AS environment,
        isodow(charge_date) >= 6               AS is_weekend,
        EffectiveCost
    FROM int_charges__rolled_up
    WHERE ChargeCategory = 'Usage' AND ServiceCategory = 'Compute'
      AND list_contains($environments, tag_environment)
      AND ChargePeriodEnd <= ChargePeriodStart + INTERVAL 1 DAY
      AND charge_date >= CAST($window_start AS DATE) AND charge_date < CAST($window_end AS DATE)
)
SELECT
    u.sub_account, u.service, u.team, u.environment,
    any_value(d.weekdays)     AS weekdays,
    any_value(d.weekend_days) AS weekend_days,
    CAST(coalesce(sum(u.EffectiveCost) FILTER (WHERE NOT u.is_weekend), 0) AS DOUBLE) / any_value(d.weekdays)
        AS weekday_daily_cost,
    CAST(coalesce(sum(u.EffectiveCost) FILTER (WHERE u.is_weekend), 0) AS DOUBLE) / any_value(d.weekend_days)
        AS weekend_daily_cost
FROM usage AS u CROSS JOIN days AS d
GROUP BY u.sub_account, u.service, u.team, u.environment
